import { createHash } from 'node:crypto';
import { WS_GUID } from '../../protocol/handshake-client.js';

/** `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + WS_GUID)) (RFC 6455 §4.2.2), on node:crypto. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
}
