/**
 * Frame opcodes and first-byte/second-byte bit masks (RFC 6455 §5.2).
 * No extensions are ever negotiated (Godot negotiates none), so every RSV bit must be zero.
 */
export const Opcode = {
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  CLOSE: 0x8,
  PING: 0x9,
  PONG: 0xa,
} as const;
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** FIN bit of the first header byte. */
export const FIN_BIT = 0x80;
/** RSV1..RSV3 bits of the first header byte (§5.2: must be 0 unless an extension says otherwise). */
export const RSV_BITS = 0x70;
/** Opcode nibble of the first header byte. */
export const OPCODE_BITS = 0x0f;
/** MASK bit of the second header byte. */
export const MASK_BIT = 0x80;
/** 7-bit payload length field of the second header byte. */
export const LENGTH_BITS = 0x7f;
/** §5.5: all control frames have a payload length of 125 bytes or less. */
export const MAX_CONTROL_PAYLOAD = 125;

/** Control opcodes have the high bit of the nibble set (§5.5): close, ping, pong, reserved 0xB–0xF. */
export function isControl(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** Data opcodes: continuation, text, binary (§5.6); 0x3–0x7 are reserved. */
export function isData(opcode: number): boolean {
  return (opcode & 0x8) === 0;
}

/** Opcodes defined by RFC 6455; the others (0x3–0x7, 0xB–0xF) are reserved and fail with 1002. */
export function isKnownOpcode(opcode: number): boolean {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xa);
}
