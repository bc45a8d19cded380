import { Error } from '../core/error.js';
import type { SocketChannel } from './socket-channel.js';

/** `putPartialData` accepts bytes only while the socket holds less than this unsent. */
const PARTIAL_WRITE_LIMIT = 256 * 1024;
const EMPTY = new Uint8Array(0);

/** StreamPeer reads over a SocketChannel (shared with StreamPeerTLS). */
export function readFromChannel(
  channel: SocketChannel,
  count: number,
  mode: 'all' | 'partial' | 'peek',
): [Error, Uint8Array] {
  const available = channel.availableBytes;
  if (mode === 'partial') {
    if (available === 0 && channel.inputDone) return [Error.ERR_FILE_EOF, EMPTY];
    const bytes = channel.readBytes(Math.min(count, available), true);
    return [Error.OK, bytes ?? EMPTY];
  }
  const bytes = channel.readBytes(count, mode === 'all');
  if (bytes !== undefined) return [Error.OK, bytes];
  return [channel.inputDone ? Error.ERR_FILE_EOF : Error.ERR_UNAVAILABLE, EMPTY];
}

/** StreamPeer writes over a SocketChannel; data is copied (the caller may reuse its array). */
export function writeToChannel(
  channel: SocketChannel,
  data: Uint8Array,
  partial: boolean,
  handedOver: boolean,
): [Error, number] {
  if (handedOver || channel.closed || !channel.socket.writable) return [Error.FAILED, 0];
  let count = data.byteLength;
  if (partial) count = Math.max(0, Math.min(count, PARTIAL_WRITE_LIMIT - channel.writableLength));
  if (count > 0) channel.socket.write(data.slice(0, count));
  return [Error.OK, count];
}
