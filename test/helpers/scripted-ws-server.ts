/**
 * A `ws` server on 127.0.0.1 (or `host`) whose behaviour is chosen by the request path, for client tests
 * (browser or Node). It records what it saw (offered subprotocols, close codes) in `events`.
 *
 * Paths: `/echo` (same type back), `/sink` (reads and drops), `/scripted` ("hello" on connect,
 * closes 4003 "as asked" on the text "close me"), `/close-from-server` ("last words", then
 * close 4002 "server bye"), `/close-no-status` (empty close frame), `/terminate` (drops TCP
 * after 50 ms), `/text-then-binary` ("hello" then bytes 1,2,3), `/burst` (a 2000-byte message,
 * then four of 300 bytes). A query string is ignored for routing (use it to tag connections).
 * Subprotocols: the first the client offers among "chat" and "godot"; none otherwise.
 */
import { type AddressInfo, createServer } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface ServerEvent {
  kind: 'connect' | 'close' | 'error';
  /** Request path with its query. */
  url: string;
  offered?: string[];
  protocol?: string;
  code?: number;
  reason?: string;
  message?: string;
}

export interface ScriptedServer {
  readonly port: number;
  readonly origin: string;
  readonly events: ServerEvent[];
  close(): Promise<void>;
}

const SUPPORTED = ['chat', 'godot'];

export async function startScriptedServer(host = '127.0.0.1'): Promise<ScriptedServer> {
  const events: ServerEvent[] = [];
  const server = new WebSocketServer({
    host,
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (offered) => [...offered].find((p) => SUPPORTED.includes(p)) ?? false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  server.on('connection', (ws, request) => {
    const url = request.url ?? '/';
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    events.push({ kind: 'connect', url, offered, protocol: ws.protocol });
    ws.on('close', (code, reason) => {
      events.push({ kind: 'close', url, code, reason: reason.toString('utf8') });
    });
    ws.on('error', (err) => events.push({ kind: 'error', url, message: err.message }));
    behave(ws, url.split('?')[0] ?? '/');
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function behave(ws: WebSocket, path: string): void {
  switch (path) {
    case '/echo':
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      return;
    case '/sink':
      return;
    case '/scripted':
      ws.send('hello');
      ws.on('message', (data, isBinary) => {
        if (!isBinary && data.toString() === 'close me') ws.close(4003, 'as asked');
      });
      return;
    case '/close-from-server':
      ws.send('last words');
      ws.close(4002, 'server bye');
      return;
    case '/close-no-status':
      ws.close();
      return;
    case '/terminate':
      setTimeout(() => ws.terminate(), 50);
      return;
    case '/text-then-binary':
      ws.send('hello');
      ws.send(Uint8Array.of(1, 2, 3));
      return;
    case '/burst':
      ws.send(new Uint8Array(2000).fill(1));
      for (let i = 0; i < 4; i++) ws.send(new Uint8Array(300).fill(2 + i));
      return;
    default:
      ws.close(4404, `no such path: ${path}`);
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Whether this machine can listen on the IPv6 loopback (containers may lack it). */
export async function hasIpv6Loopback(): Promise<boolean> {
  const probe = createServer();
  return new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}
