/**
 * Close frame payloads (RFC 6455 §5.5.1): empty, or a big-endian u16 status code followed by a
 * UTF-8 reason. A control payload is at most 125 bytes, so the reason is at most 123 bytes.
 */
import { CloseCode, isValidReceivedCloseCode } from './close-code.js';
import { MAX_CONTROL_PAYLOAD } from './opcode.js';
import { isValidUtf8 } from './utf8.js';
import { type ProtocolViolation, ViolationCode, violation } from './violation.js';

/** §5.5.1 / §5.5: 125 − 2 bytes of status code. */
export const MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A close payload as received. */
export interface ParsedClose {
  readonly ok: true;
  /** Status code; 1005 (`CloseCode.NO_STATUS`) when the frame carried none (§7.1.5). */
  readonly code: number;
  /** Decoded reason ('' when none). */
  readonly reason: string;
  /** The reason's raw bytes, for an exact echo (a view, or empty). */
  readonly reasonBytes: Uint8Array;
}

/** A close payload that fails the connection. */
export interface RejectedClose {
  readonly ok: false;
  readonly violation: ProtocolViolation;
}

/**
 * Parses a received close payload.
 * - 0 bytes: no status → code 1005 (the Godot layer reports that as 0 itself).
 * - 1 byte: RFC-wise malformed, but wslay (so Godot) treats it as "no status" and so do we:
 *   code 1005, no reason, not an error (docs/godot4-peer.md §1.10).
 * - ≥ 2 bytes: the code must be valid to receive (§7.4, else 1002) and the reason valid UTF-8
 *   (§5.5.1, else 1007).
 */
export function parseClosePayload(payload: Uint8Array): ParsedClose | RejectedClose {
  if (payload.length < 2) {
    return { ok: true, code: CloseCode.NO_STATUS, reason: '', reasonBytes: EMPTY };
  }
  const code = (payload[0]! << 8) | payload[1]!;
  if (!isValidReceivedCloseCode(code)) {
    return {
      ok: false,
      violation: violation(ViolationCode.INVALID_CLOSE_CODE, `invalid close code ${code}`),
    };
  }
  const reasonBytes = payload.subarray(2);
  if (!isValidUtf8(reasonBytes)) {
    return {
      ok: false,
      violation: violation(ViolationCode.INVALID_UTF8, 'close reason is not valid UTF-8'),
    };
  }
  const reason = reasonBytes.length === 0 ? '' : decoder.decode(reasonBytes);
  return { ok: true, code, reason, reasonBytes };
}

/**
 * Builds a close payload to send. `code` 0 gives an empty payload (Godot's "no status" close);
 * otherwise 1..65535 is written as is (Godot does not validate codes on send). A string reason is
 * UTF-8 encoded; bytes are used verbatim (for an exact echo). Returns `undefined` if the code is
 * out of range or the reason is over 123 bytes (the frame would be invalid, §5.5).
 */
export function buildClosePayload(
  code: number,
  reason: string | Uint8Array = EMPTY,
): Uint8Array | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff) return undefined;
  const reasonBytes = typeof reason === 'string' ? encoder.encode(reason) : reason;
  if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) return undefined;
  if (code === 0) return EMPTY;
  const out = new Uint8Array(2 + reasonBytes.length);
  out[0] = code >>> 8;
  out[1] = code & 0xff;
  out.set(reasonBytes, 2);
  return out;
}
