/**
 * Frame header layout (RFC 6455 §5.2): byte 0 = FIN | RSV1-3 | opcode; byte 1 = MASK | 7-bit
 * length; then a 16-bit (length field 126) or 64-bit (127) big-endian extended length; then the
 * 4-byte masking key when MASK is set. We always write the minimal length encoding (§5.2).
 */
import { FIN_BIT, MASK_BIT } from './opcode.js';

/** Largest header: 2 + 8 (64-bit length) + 4 (mask key). */
export const MAX_HEADER_SIZE = 14;

/** Bytes of extended length that follow byte 1 for a 7-bit length field value (0, 2 or 8). */
export function extendedLengthSize(lengthField: number): number {
  return lengthField < 126 ? 0 : lengthField === 126 ? 2 : 8;
}

/** Header size for a payload of `payloadLength` bytes, masked or not. */
export function headerSize(payloadLength: number, masked: boolean): number {
  const ext = payloadLength < 126 ? 0 : payloadLength < 0x10000 ? 2 : 8;
  return 2 + ext + (masked ? 4 : 0);
}

/**
 * Writes a frame header into `out` at `offset` and returns the offset after it. When `maskKey`
 * is given, its 4 bytes at `maskKeyOffset` are written and the MASK bit is set. `payloadLength`
 * must be a safe integer ≥ 0. The caller ensures `out` has `headerSize(...)` bytes of room.
 */
export function writeHeader(
  out: Uint8Array,
  offset: number,
  fin: boolean,
  opcode: number,
  payloadLength: number,
  maskKey?: Uint8Array,
  maskKeyOffset = 0,
): number {
  let o = offset;
  out[o++] = (fin ? FIN_BIT : 0) | opcode;
  const maskBit = maskKey === undefined ? 0 : MASK_BIT;
  if (payloadLength < 126) {
    out[o++] = maskBit | payloadLength;
  } else if (payloadLength < 0x10000) {
    out[o++] = maskBit | 126;
    out[o++] = payloadLength >>> 8;
    out[o++] = payloadLength & 0xff;
  } else {
    out[o++] = maskBit | 127;
    const hi = Math.floor(payloadLength / 0x100000000);
    const lo = payloadLength >>> 0;
    out[o++] = hi >>> 24;
    out[o++] = (hi >>> 16) & 0xff;
    out[o++] = (hi >>> 8) & 0xff;
    out[o++] = hi & 0xff;
    out[o++] = lo >>> 24;
    out[o++] = (lo >>> 16) & 0xff;
    out[o++] = (lo >>> 8) & 0xff;
    out[o++] = lo & 0xff;
  }
  if (maskKey !== undefined) {
    out[o++] = maskKey[maskKeyOffset]!;
    out[o++] = maskKey[maskKeyOffset + 1]!;
    out[o++] = maskKey[maskKeyOffset + 2]!;
    out[o++] = maskKey[maskKeyOffset + 3]!;
  }
  return o;
}
