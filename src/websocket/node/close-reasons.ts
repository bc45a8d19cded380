// Close reasons of the Node WebSocketPeer: the ones Godot reports after a failure, the Godot 3
// trailing NUL, and the 123-byte limit.
import { logger } from '../../core/logger.js';

const textEncoder = new TextEncoder();
const MAX_CLOSE_REASON = 123;

/** Godot's `get_close_reason()` after we failed the connection with this code. */
export const FAIL_REASONS: Record<number, string> = {
  1002: 'Protocol error',
  1007: 'Invalid frame payload data',
  1009: 'Message too big',
};

/**
 * Godot 3 sends its close reason with a trailing NUL ("bye\0", docs/godot3-wire.md §3) and shows it
 * without; Godot's String stops at a NUL too. We drop that one trailing NUL (and keep any
 * other byte), so a Godot 3 peer's reason reads as it was written.
 */
export function withoutTrailingNul(reason: string): string {
  return reason.endsWith('\0') ? reason.slice(0, -1) : reason;
}

/** Close reasons are limited to 123 bytes of UTF-8 (RFC 6455 §5.5); cut at a character boundary. */
export function truncateReason(reason: string): string {
  const bytes = textEncoder.encode(reason);
  if (bytes.byteLength <= MAX_CLOSE_REASON) return reason;
  logger.error(`close: the reason is ${bytes.byteLength} bytes; it is cut to 123.`);
  let end = MAX_CLOSE_REASON;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
