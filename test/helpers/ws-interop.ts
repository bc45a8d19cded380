// Our WebSocketPeer facing the `ws` library over 127.0.0.1: a ws echo server for our client,
// our server-side peer (from our TCPServer) for a ws client, and what the ws side saw.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type ClientOptions, type ServerOptions, WebSocket, WebSocketServer } from 'ws';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollUntil } from './poll.js';
import { listenLoopback } from './ws-pair.js';

/** What a `ws` socket reported. */
export class WsLog {
  readonly messages: { data: Buffer; binary: boolean }[] = [];
  readonly pongs: Buffer[] = [];
  close: { code: number; reason: string } | null = null;

  constructor(ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.messages.push({ data: toBuffer(data), binary: isBinary });
    });
    ws.on('pong', (data) => this.pongs.push(data));
    ws.on('close', (code, reason) => {
      this.close = { code, reason: reason.toString('utf8') };
    });
    ws.on('error', () => {}); // reported through 'close'
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A `ws` server on 127.0.0.1 that hands out its connections (with their raw sockets). */
export interface WsServer {
  wss: WebSocketServer;
  port: number;
  /** Response headers ws wrote for each handshake. */
  readonly responses: string[][];
  /** Resolves with the next accepted connection (deadline 5 s). */
  next(): Promise<{ ws: WebSocket; socket: Socket; log: WsLog }>;
  close(): void;
}

export async function startWsServer(options: ServerOptions = {}): Promise<WsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  const port = (wss.address() as { port: number }).port;
  const ready: { ws: WebSocket; socket: Socket; log: WsLog }[] = [];
  const responses: string[][] = [];
  wss.on('headers', (headers) => responses.push([...headers]));
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ready.push({ ws, socket: req.socket, log: new WsLog(ws) });
  });
  return {
    wss,
    port,
    responses,
    async next() {
      await pollUntil('a ws connection', () => ready.length > 0);
      return ready.shift()!;
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** Makes a ws server echo every message with its kind. */
export function echo(ws: WebSocket): void {
  ws.on('message', (data, isBinary) => ws.send(toBuffer(data), { binary: isBinary }));
}

/** Connects our client to `url` and polls it until OPEN. */
export async function connectOurClient(
  url: string,
  configure?: (peer: WebSocketPeer) => void,
): Promise<WebSocketPeer> {
  const peer = new WebSocketPeer();
  configure?.(peer);
  const err = peer.connectToUrl(url);
  if (err !== 0) throw new Error(`connectToUrl returned ${err}`);
  await pollUntil(
    'our client OPEN',
    () => peer.getReadyState() !== WebSocketPeer.STATE_CONNECTING,
    () => peer.poll(),
  );
  if (peer.getReadyState() !== WebSocketPeer.STATE_OPEN) throw new Error('our client did not open');
  return peer;
}

/** A ws client talking to our server-side peer. */
export interface WsToOurs {
  ws: WebSocket;
  log: WsLog;
  peer: WebSocketPeer;
  tcp: TCPServer;
  /** The 101 response as ws received it. */
  response: IncomingMessage;
  /** The ws client's TCP socket (to write raw frames). */
  socket: Socket;
  close(): void;
}

/** Accepts a ws client (given `wsOptions`) on our TCPServer + server-side WebSocketPeer. */
export async function wsClientToOurServer(
  configure?: (peer: WebSocketPeer) => void,
  wsOptions: ClientOptions = {},
  protocols: string[] = [],
): Promise<WsToOurs> {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const ws = new WebSocket(`ws://127.0.0.1:${tcp.getLocalPort()}/`, protocols, wsOptions);
  const log = new WsLog(ws);
  let response: IncomingMessage | null = null;
  ws.on('upgrade', (res) => {
    response = res;
  });
  await pollUntil('the ws TCP connection', () => tcp.isConnectionAvailable());
  const peer = new WebSocketPeer();
  configure?.(peer);
  const err = peer.acceptStream(tcp.takeConnection());
  if (err !== 0) throw new Error(`acceptStream returned ${err}`);
  await pollUntil(
    'ws open and our peer OPEN',
    () => ws.readyState === WebSocket.OPEN && peer.getReadyState() === WebSocketPeer.STATE_OPEN,
    () => peer.poll(),
  );
  const res = response as IncomingMessage | null;
  if (!res) throw new Error('no upgrade response seen');
  return {
    ws,
    log,
    peer,
    tcp,
    response: res,
    socket: res.socket as Socket,
    close() {
      ws.terminate();
      peer.close(-1);
      tcp.stop();
    },
  };
}

/** One of our peers connected to one ws socket, whichever side is the server. */
export interface Link {
  peer: WebSocketPeer;
  ws: WebSocket;
  log: WsLog;
  /** ws's raw TCP socket, to write frames ws itself would refuse to send. */
  socket: Socket;
  /** Whether frames from the ws side must be masked (ws is the client). */
  wsIsClient: boolean;
  poll(): void;
  close(): void;
}

export type Role = 'our client ↔ ws server' | 'ws client ↔ our server';
export const ROLES: Role[] = ['our client ↔ ws server', 'ws client ↔ our server'];

const open: Link[] = [];

/** Drops every link made by `link()` (call from afterEach). */
export function closeLinks(): void {
  for (const l of open.splice(0)) l.close();
}

/** Connects our peer (configured by `configure`) and a ws socket in the given role. */
export async function link(
  role: Role,
  configure?: (peer: WebSocketPeer) => void,
  wsServerOptions: ServerOptions = {},
): Promise<Link> {
  let l: Link;
  if (role === 'our client ↔ ws server') {
    const server = await startWsServer(wsServerOptions);
    const peer = await connectOurClient(`ws://127.0.0.1:${server.port}/`, configure);
    const { ws, socket, log } = await server.next();
    l = {
      peer,
      ws,
      log,
      socket,
      wsIsClient: false,
      poll: () => peer.poll(),
      close: () => {
        peer.close(-1);
        server.close();
      },
    };
  } else {
    const c = await wsClientToOurServer(configure);
    l = { ...c, wsIsClient: true, poll: () => c.peer.poll(), close: c.close };
  }
  open.push(l);
  return l;
}

/** Polls until our peer has a packet and takes it. */
export async function nextPacket(l: Link, what: string): Promise<Uint8Array> {
  await pollUntil(what, () => l.peer.getAvailablePacketCount() > 0, l.poll);
  return l.peer.getPacket();
}

/** Polls until our peer is CLOSED and ws reported its close. */
export async function closedBoth(l: Link): Promise<void> {
  await pollUntil(
    'our peer CLOSED and ws closed',
    () => l.peer.getReadyState() === WebSocketPeer.STATE_CLOSED && l.log.close !== null,
    l.poll,
  );
}

/**
 * One frame built by hand (to send what ws itself would refuse to): FIN as given, a 7- or
 * 16-bit length, and when `masked` the payload masked with the key 0x37fa213d (§5.3).
 */
export function rawFrame(opcode: number, payload: Uint8Array, masked: boolean, fin = true): Buffer {
  if (payload.length > 0xffff) throw new Error('rawFrame: payloads up to 65535 bytes');
  const head = [(fin ? 0x80 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (payload.length < 126) head.push(maskBit | payload.length);
  else head.push(maskBit | 126, payload.length >> 8, payload.length & 255);
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const key = [0x37, 0xfa, 0x21, 0x3d];
  const body = Buffer.from(payload.map((b, i) => b ^ key[i & 3]!));
  return Buffer.concat([Buffer.from([...head, ...key]), body]);
}
