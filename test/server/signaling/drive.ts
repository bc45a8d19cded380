// Runs a SignalingServer on 127.0.0.1 the way a program would: poll() on socket activity
// (next macrotask) and on a slow sweep timer for the timeouts.
import { createServer } from 'node:http';
import { Socket } from 'node:net';
import { Error } from '../../../src/core/error.js';
import type { SignalingOptions } from '../../../src/server/signaling/signaling-options.js';
import { SignalingServer } from '../../../src/server/signaling/signaling-server.js';
import { pollUntil } from '../../helpers/poll.js';

export interface RunningSignaling {
  server: SignalingServer;
  url: string;
  port: number;
  stop(): void;
}

export function drive(server: SignalingServer, sweepMs = 20): () => void {
  let scheduled = false;
  let stopped = false;
  const poll = () => {
    scheduled = false;
    if (!stopped) server.poll();
  };
  server.onActivity = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(poll);
  };
  const timer = setInterval(poll, sweepMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    server.onActivity = null;
  };
}

export async function startSignaling(options: SignalingOptions = {}): Promise<RunningSignaling> {
  const server = new SignalingServer(options);
  if (server.listen(0, '127.0.0.1') !== Error.OK) throw new globalThis.Error('listen failed');
  await pollUntil('the server to be bound', () => server.getLocalPort() > 0, 3000);
  const port = server.getLocalPort();
  const stopDriving = drive(server);
  return {
    server,
    port,
    url: `ws://127.0.0.1:${port}/`,
    stop() {
      stopDriving();
      server.stop();
    },
  };
}

/**
 * A raw TCP client that has sent a WebSocket upgrade request and does nothing else unless told
 * (it never answers a close frame): for peers that misbehave below the protocol.
 */
export async function rawUpgrade(port: number): Promise<Socket> {
  const raw = new Socket();
  await new Promise<void>((resolve) => raw.connect(port, '127.0.0.1', resolve));
  raw.write(
    'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  return raw;
}

/**
 * The way a room server shares its port: an `http.Server` that hands upgrades on `path` to the
 * signaling server (`acceptHttpUpgrade`) and refuses the rest.
 */
export async function startSignalingOnHttp(
  options: SignalingOptions = {},
  path = '/signal',
): Promise<RunningSignaling> {
  const server = new SignalingServer(options);
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    if (req.url === path) server.acceptHttpUpgrade(req, socket as Socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  const stopDriving = drive(server);
  return {
    server,
    port,
    url: `ws://127.0.0.1:${port}${path}`,
    stop() {
      stopDriving();
      server.stop();
      http.close();
    },
  };
}
