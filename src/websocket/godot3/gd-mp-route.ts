import { type GdMpPacket, GdMpType } from './gd-mp-api.js';

/** What a Godot 3 server does with a client's multiplayer packet. */
export type GdMpRoute =
  | { kind: 'drop'; reason: string }
  | {
      kind: 'deliver';
      /** Queue a copy for the server itself. */
      keep: boolean;
      /** Forward the unchanged bytes to exactly this peer, or to all peers but these. */
      relay: { only: number } | { except: number[] } | null;
    };

/**
 * Godot 3's relay rules for a packet from client `sender` (docs/godot3-multiplayer.md §4.5;
 * docs/godot3-wire.md §4, as observed on 3.2.3). Dropped unless `type` is 0 and `from` is the
 * sender. By `to`: 1 → kept; 0 → kept and sent to all but the sender; −N → kept and sent to all but
 * the sender and N; N > 1 → sent to N only (dropped when N is the sender or unknown).
 *
 * Quirk kept: `to = −1` ("all but the server") is still kept for the server — Godot's exclusion
 * check compares the wrong values. A Godot client never relies on it being dropped, and a Node
 * server that ignores such packets behaves the same for its clients.
 */
export function routeClientPacket(
  sender: number,
  packet: GdMpPacket,
  hasPeer: (id: number) => boolean,
): GdMpRoute {
  if (packet.type !== GdMpType.SYS_NONE) {
    return { kind: 'drop', reason: `system message (type ${packet.type}) from a client` };
  }
  if (packet.from !== sender) {
    return { kind: 'drop', reason: `"from" is ${packet.from}, not the sender ${sender}` };
  }
  const to = packet.to;
  if (to === 1) return { kind: 'deliver', keep: true, relay: null };
  if (to === 0) return { kind: 'deliver', keep: true, relay: { except: [sender] } };
  if (to < 0) return { kind: 'deliver', keep: true, relay: { except: [sender, -to] } };
  if (to === sender) return { kind: 'drop', reason: 'a client sent a packet to itself' };
  if (!hasPeer(to)) return { kind: 'drop', reason: `no peer ${to}` };
  return { kind: 'deliver', keep: false, relay: { only: to } };
}
