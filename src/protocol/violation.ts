/**
 * Protocol violations are values, never exceptions: the parser, the assembler and the connection
 * return them, and the connection turns one into a close frame (RFC 6455 §7.1.7 "Fail the
 * WebSocket Connection"). The `code` strings are stable and may be matched on by callers.
 */
export const ViolationCode = {
  /** RSV1–3 set with no extension negotiated (§5.2). */
  UNEXPECTED_RSV: 'WS_ERR_UNEXPECTED_RSV',
  /** Reserved opcode 0x3–0x7 or 0xB–0xF (§5.2). */
  INVALID_OPCODE: 'WS_ERR_INVALID_OPCODE',
  /** Control frame without FIN (§5.5: control frames must not be fragmented). */
  FRAGMENTED_CONTROL: 'WS_ERR_FRAGMENTED_CONTROL_FRAME',
  /** Control frame payload over 125 bytes (§5.5). */
  CONTROL_TOO_LONG: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
  /** Continuation frame while no fragmented message is open (§5.4). */
  UNEXPECTED_CONTINUATION: 'WS_ERR_INVALID_CONTINUATION',
  /** Text/binary frame while a fragmented message is still open (§5.4). */
  EXPECTED_CONTINUATION: 'WS_ERR_EXPECTED_CONTINUATION',
  /** A server received an unmasked frame (§5.1). */
  EXPECTED_MASK: 'WS_ERR_EXPECTED_MASK',
  /** A client received a masked frame (§5.1). */
  UNEXPECTED_MASK: 'WS_ERR_UNEXPECTED_MASK',
  /** 64-bit length with the most significant bit set (§5.2). */
  INVALID_LENGTH: 'WS_ERR_INVALID_PAYLOAD_LENGTH',
  /** Length not in the minimal encoding (§5.2: "the minimal number of bytes MUST be used"). */
  NON_MINIMAL_LENGTH: 'WS_ERR_NON_MINIMAL_LENGTH',
  /** Message over the configured limit, or a length this runtime cannot hold (§7.4.1: 1009). */
  MESSAGE_TOO_BIG: 'WS_ERR_MESSAGE_TOO_BIG',
  /** Invalid UTF-8 in a text message or a close reason (§8.1, §5.5.1: 1007). */
  INVALID_UTF8: 'WS_ERR_INVALID_UTF8',
  /** Close frame carrying a status code that may not be received (§7.4). */
  INVALID_CLOSE_CODE: 'WS_ERR_INVALID_CLOSE_CODE',
} as const;
export type ViolationCode = (typeof ViolationCode)[keyof typeof ViolationCode];

/** A protocol failure: the close code to send, a stable code string and a log message. */
export interface ProtocolViolation {
  /** Status code for the close frame we send (1002, 1007, 1009, …). */
  readonly closeCode: number;
  /** Stable machine-readable code, `WS_ERR_…`. */
  readonly code: ViolationCode;
  /** Human-readable description for the log. */
  readonly message: string;
}

const closeCodes: Record<ViolationCode, number> = {
  WS_ERR_UNEXPECTED_RSV: 1002,
  WS_ERR_INVALID_OPCODE: 1002,
  WS_ERR_FRAGMENTED_CONTROL_FRAME: 1002,
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: 1002,
  WS_ERR_INVALID_CONTINUATION: 1002,
  WS_ERR_EXPECTED_CONTINUATION: 1002,
  WS_ERR_EXPECTED_MASK: 1002,
  WS_ERR_UNEXPECTED_MASK: 1002,
  WS_ERR_INVALID_PAYLOAD_LENGTH: 1002,
  WS_ERR_NON_MINIMAL_LENGTH: 1002,
  WS_ERR_MESSAGE_TOO_BIG: 1009,
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_INVALID_CLOSE_CODE: 1002,
};

/** The one constructor for violations; the close code follows from the violation code. */
export function violation(code: ViolationCode, message: string): ProtocolViolation {
  return { closeCode: closeCodes[code], code, message };
}

const godotDrops: ReadonlySet<ViolationCode> = new Set<ViolationCode>([
  ViolationCode.CONTROL_TOO_LONG,
  ViolationCode.FRAGMENTED_CONTROL,
  ViolationCode.NON_MINIMAL_LENGTH,
  ViolationCode.INVALID_LENGTH,
]);

/**
 * Whether Godot's native peer (wslay) treats this violation as a hard read error rather than a
 * protocol error: no close frame, TCP dropped, close code −1 (docs/godot4-peer.md §1.10). The
 * connection here always queues a close frame (§7.1.7); a Godot-faithful caller can `abort()` after
 * such an `error` event to drop that frame too.
 */
export function isDroppedWithoutCloseByGodot(v: ProtocolViolation): boolean {
  return godotDrops.has(v.code);
}
