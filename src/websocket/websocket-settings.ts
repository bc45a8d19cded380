import { logger } from '../core/logger.js';

/**
 * What Godot's `WebSocketPeer` and `WebSocketMultiplayerPeer` share about their configuration:
 * the defaults (docs/godot4-peer.md §1.1, docs/godot4-multiplayer.md §3.1) and how a value is
 * checked before it is stored.
 */
export const DEFAULT_BUFFER_SIZE = 65535;
export const DEFAULT_MAX_QUEUED_PACKETS = 4096;

/** The header and protocol lists until they are set (shared, never written; getters copy). */
export const NO_STRINGS: readonly string[] = Object.freeze([]);

/** `supported_protocols` entries are trimmed, as Godot's setter does. */
export function normalizeProtocols(protocols: readonly string[]): string[] {
  return protocols.map((p) => String(p).trim());
}

/** `handshake_headers` entries are kept verbatim (not validated, as in Godot). */
export function normalizeHeaders(headers: readonly string[]): string[] {
  return headers.map(String);
}

/**
 * A size or count setting must be an integer ≥ 0; otherwise one error is logged and false returned.
 */
export function isValidCount(name: string, value: number): boolean {
  if (!Number.isInteger(value) || value < 0) {
    logger.error(`${name} must be an integer ≥ 0 (got ${value}).`);
    return false;
  }
  return true;
}
