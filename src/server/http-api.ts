import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Error } from '../core/error.js';
import { DASHBOARD_PAGE } from './dashboard/dashboard-page.js';
import { readJsonBody } from './json-body.js';
import { metricsText } from './metrics.js';
import { Room, type RoomInfo } from './room.js';
import type { RoomServer } from './room-server.js';
import { roomUrl } from './room-urls.js';

/** Largest `metadata` of a room, as JSON. */
const MAX_METADATA_BYTES = 4096;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

/**
 * The HTTP side of a room server, on the same port as the games:
 *
 * - `GET /healthz`: 200 `{"status":"ok",…}` (503 while shutting down), for load balancers;
 * - `GET /rooms[?tag=T&offset=N&limit=N]`: public rooms, at most 100 per page;
 * - `GET /rooms/<name>`: one room (private ones too: knowing the name is the key);
 * - `POST /rooms` `{"capacity":4,"private":true,"metadata":{…},"name"?,"tag"?}`: makes a room,
 *   answers 201 with its name, join code and URL;
 * - `GET /match?mode=T&size=N`: the URL of a room with a free seat (quick-match);
 * - `GET /`, `/status.json`, `/events` (Server-Sent Events), `/metrics`: the dashboard and
 *   Prometheus, behind the admin token when one is set.
 *
 * The room API sends CORS headers, so a Godot Web export can call it. Returns false for any
 * other path (the caller answers it).
 */
export function answerHttpRequest(
  server: RoomServer,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const isApi = path === '/rooms' || path.startsWith('/rooms/') || path === '/match';
  if (isApi && method === 'OPTIONS') {
    res.writeHead(204, CORS).end();
    return true;
  }
  if (path === '/healthz') {
    const closing = server.isClosing();
    json(res, closing ? 503 : 200, {
      status: closing ? 'shutting down' : 'ok',
      rooms: server.getRooms().length,
      peers: server.peerCount(),
    });
    return true;
  }
  if (path === '/rooms' && method === 'POST') {
    void createRoom(server, req, res);
    return true;
  }
  if (isApi && method !== 'GET' && method !== 'HEAD') {
    json(res, 405, { error: `${method} is not allowed here` });
    return true;
  }
  if (path === '/rooms') {
    const offset = intParam(url, 'offset', 0);
    const limit = intParam(url, 'limit', 50);
    const tag = url.searchParams.get('tag') ?? undefined;
    json(res, 200, server.listRooms(offset, limit, tag));
    return true;
  }
  if (path.startsWith('/rooms/')) {
    let name: string;
    try {
      name = decodeURIComponent(path.slice('/rooms'.length));
    } catch {
      json(res, 400, { error: 'malformed room name' });
      return true;
    }
    const room = server.getRoom(name);
    const elsewhere = room ? undefined : server.getJoinRouter()?.findRoom(name);
    if (room) json(res, 200, describe(server, req, room));
    else if (elsewhere) json(res, 200, describeInfo(server, req, elsewhere));
    else json(res, 404, { error: `no room ${name}` });
    return true;
  }
  if (path === '/match') {
    const tag = url.searchParams.get('mode') ?? '';
    const size = intParam(url, 'size', 4);
    if (tag.length > 64) {
      json(res, 400, { error: 'mode is at most 64 characters' });
      return true;
    }
    const room = server.match(tag, size);
    if (room instanceof Room) json(res, 200, describe(server, req, room));
    else if (typeof room === 'object') json(res, 200, describeInfo(server, req, room));
    else json(res, 400, { error: server.getLastError() });
    return true;
  }
  if (path === '/' || path === '/status.json' || path === '/events' || path === '/metrics') {
    if (!authorized(server.settings.adminToken, req, url)) {
      res
        .writeHead(401, {
          'content-type': 'text/plain; charset=utf-8',
          'www-authenticate': 'Bearer',
        })
        .end('this page needs ?token=… (the server was started with an admin token)\n');
      return true;
    }
    if (path === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(DASHBOARD_PAGE);
    } else if (path === '/status.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(server.dashboard.snapshotJson());
    } else if (path === '/events') {
      server.dashboard.subscribe(req, res);
    } else {
      void sendMetrics(server, res);
    }
    return true;
  }
  return false;
}

async function createRoom(server: RoomServer, req: IncomingMessage, res: ServerResponse) {
  const body = await readJsonBody(req, server.settings.maxBodyBytes);
  if (!body.ok) {
    json(res, body.status, { error: body.reason }, true);
    return;
  }
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    json(res, 400, { error: 'the body must be a JSON object' });
    return;
  }
  const { capacity, private: hidden, metadata, name, tag } = value as Record<string, unknown>;
  const bad = (error: string) => json(res, 400, { error });
  if (capacity !== undefined && typeof capacity !== 'number')
    return bad('capacity must be a number');
  if (hidden !== undefined && typeof hidden !== 'boolean')
    return bad('private must be true or false');
  if (name !== undefined && typeof name !== 'string') return bad('name must be a string');
  if (tag !== undefined && (typeof tag !== 'string' || tag.length > 64)) {
    return bad('tag must be a string of at most 64 characters');
  }
  if (metadata !== undefined && JSON.stringify(metadata).length > MAX_METADATA_BYTES) {
    return bad(`metadata is at most ${MAX_METADATA_BYTES} bytes of JSON`);
  }
  const made = server.createRoom({
    ...(capacity === undefined ? {} : { capacity }),
    ...(name === undefined ? {} : { name }),
    ...(tag === undefined ? {} : { tag }),
    private: hidden ?? false,
    metadata: metadata ?? null,
  });
  if (made instanceof Room) {
    json(res, 201, describe(server, req, made));
    return;
  }
  const full = made === Error.ERR_OUT_OF_MEMORY || made === Error.ERR_UNAVAILABLE;
  const status = made === Error.ERR_ALREADY_EXISTS ? 409 : full ? 503 : 400;
  json(res, status, { error: server.getLastError() });
}

async function sendMetrics(server: RoomServer, res: ServerResponse) {
  const text = await metricsText(server);
  if (text === null) {
    res
      .writeHead(501, { 'content-type': 'text/plain; charset=utf-8' })
      .end('metrics need the optional dependency prom-client: npm install prom-client\n');
    return;
  }
  res.writeHead(200, { 'content-type': text.contentType }).end(text.body);
}

function describe(server: RoomServer, req: IncomingMessage, room: Room) {
  return {
    ...room.info(performance.now()),
    code: room.code || undefined,
    url: roomUrl(req, room.name, server.isSecure()),
  };
}

/** A room of another process of the cluster: its info and the URL to join it through this one. */
function describeInfo(
  server: RoomServer,
  req: IncomingMessage,
  info: RoomInfo & { code?: string },
) {
  return { ...info, url: roomUrl(req, info.name, server.isSecure()) };
}

function json(res: ServerResponse, status: number, value: unknown, close = false): void {
  const headers: Record<string, string> = { ...CORS, 'content-type': 'application/json' };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers).end(`${JSON.stringify(value)}\n`);
}

function intParam(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name) ?? fallback);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

function authorized(token: string, req: IncomingMessage, url: URL): boolean {
  if (token === '') return true;
  const header = req.headers.authorization ?? '';
  const given =
    url.searchParams.get('token') ?? (header.startsWith('Bearer ') ? header.slice(7) : '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
