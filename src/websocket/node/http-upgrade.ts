import type { Socket } from 'node:net';
import { StreamPeerTCP } from '../../net/stream-peer-tcp.js';

/** What `WebSocketPeer.acceptHttpUpgrade` needs of an `http.IncomingMessage`. */
export interface HttpUpgradeRequest {
  method?: string | undefined;
  url?: string | undefined;
  httpVersion: string;
  /** Names and values in turn, as received (`IncomingMessage.rawHeaders`). */
  rawHeaders: string[];
}

const textEncoder = new TextEncoder();

/**
 * The socket of an `http.Server` 'upgrade' event as a stream whose first bytes are the request
 * head again (rebuilt from the parsed request, which node:http has already read), followed by
 * `head` (bytes the client sent after it). The server-side handshake then reads the request as
 * if it came straight from the socket, with every rule unchanged.
 */
export function streamFromUpgrade(
  request: HttpUpgradeRequest,
  socket: Socket,
  head: Uint8Array,
): StreamPeerTCP {
  let text = `${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}\r\n`;
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  text += '\r\n';
  const rebuilt = textEncoder.encode(text);
  const bytes = new Uint8Array(rebuilt.byteLength + head.byteLength);
  bytes.set(rebuilt);
  bytes.set(head, rebuilt.byteLength);
  return StreamPeerTCP.fromSocket(socket, bytes);
}
