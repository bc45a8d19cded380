/**
 * Godot 3's close reasons on the wire (docs/godot3-multiplayer.md §4.2; docs/godot3-wire.md §3):
 * Godot 3 sends a non-empty reason followed by one NUL byte (it passes the C string's size
 * including its terminator), and its parser stops at that NUL. We do the same both ways.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** 123 bytes fit a close frame (RFC 6455 §5.5); one goes to the NUL. */
const MAX_REASON_BYTES = 122;

/**
 * The reason as Godot 3 puts it on the wire: '' stays '', anything else gets a trailing NUL.
 * A reason over 122 UTF-8 bytes is cut at a character boundary (Godot 3 would silently send
 * no close frame at all; sending a shorter reason is the friendlier choice).
 */
export function godot3WireReason(reason: string): string {
  if (reason === '') return '';
  const bytes = encoder.encode(reason);
  if (bytes.byteLength <= MAX_REASON_BYTES) return `${reason}\0`;
  let end = MAX_REASON_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${decoder.decode(bytes.subarray(0, end))}\0`;
}

/** A received reason as Godot 3 shows it: cut at the first NUL. */
export function godot3ReceivedReason(reason: string): string {
  const nul = reason.indexOf('\0');
  return nul === -1 ? reason : reason.slice(0, nul);
}
