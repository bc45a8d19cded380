import type { IncomingMessage } from 'node:http';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The URL a game joins `room` with, as seen by the client that asked: the scheme of the
 * server (ws / wss) and the request's `Host` header (the local address when it has none or
 * a malformed one), so it works through a proxy that keeps `Host`.
 */
export function roomUrl(req: IncomingMessage, room: string, secure: boolean): string {
  const header = req.headers.host ?? '';
  let host = header;
  if (!HOST.test(header)) {
    const local = req.socket.localAddress ?? '127.0.0.1';
    const bracketed = local.includes(':') ? `[${local}]` : local;
    host = `${bracketed}:${req.socket.localPort ?? 0}`;
  }
  return `${secure ? 'wss' : 'ws'}://${host}${room === '/' ? '/' : room}`;
}
