import { logger } from '../../core/logger.js';

/**
 * Decides, per recipient, whether a client's RELAY packet is forwarded: `from` the sender,
 * `to` the client that would receive it, `packet` the inner SceneMultiplayer packet, `target`
 * the destination the sender asked for (N one peer, 0 everyone, −N everyone but N).
 */
export type RelayFilter = (from: number, to: number, packet: Uint8Array, target: number) => boolean;

/** `'all'` forwards everything (Godot's behaviour), `'none'` nothing, or a filter per recipient. */
export type RelayPolicy = 'all' | 'none' | RelayFilter;

/** Applies `policy`; a throwing filter is logged and counts as "no". */
export function relayAllowed(
  policy: RelayPolicy,
  from: number,
  to: number,
  packet: Uint8Array,
  target: number,
): boolean {
  if (policy === 'all') return true;
  if (policy === 'none') return false;
  try {
    return policy(from, to, packet, target) === true;
  } catch (err) {
    logger.error(`The relay policy threw: ${String(err)}; the packet is not forwarded.`);
    return false;
  }
}

/**
 * Who receives a RELAY packet (docs/godot4-multiplayer.md §3.6 rule 4): target N > 0 → N if it is
 * admitted (else nobody); 0 → every admitted client but the sender; −N → every admitted client but
 * the sender and N. `peers` is in admission order.
 */
export function relayRecipients(peers: Iterable<number>, from: number, target: number): number[] {
  const out: number[] = [];
  for (const id of peers) {
    if (target > 0 ? id === target : id !== from && id !== -target) out.push(id);
  }
  return out;
}

/**
 * Whether the server itself is also a destination of a RELAY packet: for 0 and for −N with
 * N ≠ 1 Godot's server processes the inner packet as if the sender had sent it directly.
 */
export function serverIsRelayTarget(target: number): boolean {
  return target <= 0 && target !== -1;
}
