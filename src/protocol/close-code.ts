/**
 * Close status codes (RFC 6455 §7.4) and which may be sent or received, per the IANA
 * "WebSocket Close Code Number Registry".
 *
 * Valid on the wire: 1000–1003, 1007–1011 and 3000–4999. Reserved: 0–999 (unused), 1004
 * (reserved), 1005/1006/1015 (must never be sent in a close frame, §7.4.1), 1012–1014 and
 * 1016–2999 (registered after RFC 6455 or unassigned; not accepted here). Godot's native peer
 * accepts exactly what wslay accepts, {1000–1003, 1007–1011, 3000–4999}, which is this table.
 */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  /** Reported when a close frame carried no status; never sent (§7.1.5, §7.4.1). */
  NO_STATUS: 1005,
  /** Reported when the connection ended without a close frame; never sent (§7.1.5). */
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011,
  TLS_HANDSHAKE: 1015,
} as const;

/** Whether `code` may appear in a received close frame (otherwise fail with 1002, §7.4). */
export function isValidReceivedCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1011) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * Whether `code` may be put in a close frame we send. Same table as for receiving: anything else
 * is reserved. (Godot itself does not check on send; the Godot layer decides whether to.)
 */
export function isValidSentCloseCode(code: number): boolean {
  return isValidReceivedCloseCode(code);
}

/**
 * The reasons Godot reports for the close codes its native peer sends on a protocol failure
 * (docs/godot4-peer.md §1.10). Only for display by the Godot layer; the close frames we send carry
 * no reason.
 */
export const failureReasons: Readonly<Record<number, string>> = {
  1002: 'Protocol error',
  1007: 'Invalid frame payload data',
  1009: 'Message too big',
};
