import { DropLog } from '../../core/drop-log.js';
import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { HeldPackets, type Waiting } from '../held-packets.js';
import { PeerVisibility, type VisibilityRule } from '../peer-visibility.js';
import { RelayBackpressure } from '../relay-backpressure.js';
import { WriteMode } from '../websocket-peer-base.js';
import { decodeGdMpPacket, encodeGdMpPacket, encodeGdMpSys, GdMpType } from './gd-mp-api.js';
import { type GdMpRoute, routeClientPacket } from './gd-mp-route.js';
import type { WebSocketPeer } from './websocket-peer.js';

const BINARY = WriteMode.WRITE_MODE_BINARY;

/**
 * The server side of Godot 3's `gd_mp_api` (docs/godot3-multiplayer.md §4.5; docs/godot3-wire.md
 * §4) over the server's peers by id: system messages in Godot's order, relaying client packets
 * unchanged, and the server's own packets. Frames go through each peer's outbound limit, so a slow
 * receiver cannot make the server buffer without bound: what does not fit is dropped, as Godot
 * drops what its ring buffers cannot hold. Every drop is counted by reason (`dropCounts`) and
 * logged as one summary line per reason and second at most (see `DropLog`).
 */
export class GdMpHost {
  readonly #peers: ReadonlyMap<number, { peer: WebSocketPeer }>;
  readonly #drops = new DropLog('gd_mp_api: ', 'error');
  /**
   * Asked before a client's packet is relayed to other clients (with its MultiplayerAPI
   * payload); false relays it to nobody (the server still gets its copy). Null: relay all.
   */
  relayFilter: ((sender: number, payload: Uint8Array) => boolean) | null = null;
  /** A relay per sender that waits for its recipients (see `RelayBackpressure`). */
  readonly #held = new HeldPackets();
  readonly #pressure = new RelayBackpressure();
  /** Who knows whom, while a visibility rule is set (null: everyone knows everyone). */
  #visibility: { rule: VisibilityRule; told: PeerVisibility } | null = null;

  constructor(peers: ReadonlyMap<number, { peer: WebSocketPeer }>) {
    this.#peers = peers;
  }

  /** Ends a poll round: writes the summary of what was dropped (at most once a second). */
  report(): void {
    this.#drops.report();
  }

  /** Packets dropped since the start, by reason (for metrics). */
  dropCounts(): Record<string, number> {
    return this.#drops.counts();
  }

  /**
   * Which clients know of each other (SYS_ADD / SYS_DEL) and get each other's packets (null:
   * all, as Godot); see `SceneRelayServer.setVisibility`.
   */
  setVisibility(rule: VisibilityRule | null): void {
    const old = this.#visibility;
    if (rule === null) {
      this.#visibility = null;
      if (old) this.#refresh(old.told, () => true);
      return;
    }
    this.#visibility = { rule, told: old?.told ?? new PeerVisibility(this.#peers.keys()) };
    this.refreshVisibility();
  }

  /** Applies the rule again: SYS_ADD to pairs it now joins, SYS_DEL to pairs it parts. */
  refreshVisibility(): void {
    if (this.#visibility) this.#refresh(this.#visibility.told, this.#visibility.rule);
  }

  #refresh(told: PeerVisibility, rule: VisibilityRule): void {
    const { add, del } = told.refresh([...this.#peers.keys()], rule);
    for (const [type, pairs] of [
      [GdMpType.SYS_ADD, add],
      [GdMpType.SYS_DEL, del],
    ] as const) {
      for (const [a, b] of pairs) {
        this.#sendTo(a!, encodeGdMpSys(type, b!));
        this.#sendTo(b!, encodeGdMpSys(type, a!));
      }
    }
  }

  /** New peer `id` (already in the map): SYS_ID, SYS_ADD(1), then SYS_ADD both ways per peer. */
  welcome(id: number): void {
    const newcomer = this.#peers.get(id)?.peer;
    if (!newcomer) return;
    this.#send(id, newcomer, encodeGdMpSys(GdMpType.SYS_ID, id));
    this.#send(id, newcomer, encodeGdMpSys(GdMpType.SYS_ADD, 1));
    const added = encodeGdMpSys(GdMpType.SYS_ADD, id);
    const vis = this.#visibility;
    const others = vis ? vis.told.admit(id, this.#peers.keys(), vis.rule) : this.#peers.keys();
    for (const otherId of others) {
      const other = this.#peers.get(otherId)?.peer;
      if (otherId === id || !other) continue;
      this.#send(otherId, other, added);
      this.#send(id, newcomer, encodeGdMpSys(GdMpType.SYS_ADD, otherId));
    }
  }

  /** Peers `ids` left (already out of the map): SYS_DEL for each to everyone remaining. */
  farewell(ids: readonly number[]): void {
    for (const id of ids) {
      this.#held.forget(id);
      this.#pressure.forget(id);
    }
    const told = this.#visibility?.told;
    if (told) {
      for (const id of ids) {
        const del = encodeGdMpSys(GdMpType.SYS_DEL, id);
        for (const other of told.leave(id)) {
          const peer = this.#peers.get(other)?.peer;
          if (peer?.isConnectedToHost()) this.#send(other, peer, del);
        }
      }
      return;
    }
    const dels = ids.map((id) => encodeGdMpSys(GdMpType.SYS_DEL, id));
    for (const [id, { peer }] of this.#peers) {
      if (!peer.isConnectedToHost()) continue; // leaving too: it hears nothing more
      for (const del of dels) this.#send(id, peer, del);
    }
  }

  /**
   * Takes client `sender`'s messages (`next()`: the next one, or null) and routes each; the
   * server's copies go to `keep`. A relay that a recipient cannot take now waits (fairness: the
   * sender is held back, not the packet dropped), and the sender's further messages stay unread;
   * false while it waits. Call again (with its next messages) on every poll.
   */
  drain(
    sender: number,
    next: () => Uint8Array | null,
    keep: (payload: Uint8Array) => void,
  ): boolean {
    const handle = (data: Uint8Array, decided: number[] | null) =>
      this.#receive(sender, data, decided, keep);
    if (!this.#held.releaseFrom(sender, handle)) return false;
    for (let data = next(); data !== null; data = next()) {
      const waiting = handle(data, null);
      if (waiting) {
        this.#held.hold(sender, data, waiting.waitFor);
        return false;
      }
    }
    return true;
  }

  /** Whether some sender has a relay waiting for its recipients. */
  hasHeldRelays(): boolean {
    return this.#held.size > 0;
  }

  /** Senders with a relay waiting for its recipients. */
  heldSenders(): number[] {
    return this.#held.senders();
  }

  /**
   * A message from client `sender`: relayed byte for byte where Godot relays it, the payload the
   * server keeps for itself to `keep`. Null when handled, or the recipients it waits for when
   * one cannot take it now (`decided`: whom it waited for before, null when it is new).
   */
  #receive(
    sender: number,
    data: Uint8Array,
    decided: number[] | null,
    keep: (payload: Uint8Array) => void,
  ): Waiting | null {
    const packet = decodeGdMpPacket(data);
    if (!packet) {
      this.#drops.drop('from', sender, 'messages shorter than 9 bytes');
      return null;
    }
    const route = routeClientPacket(sender, packet, (id) => this.#peers.has(id));
    if (route.kind === 'drop') {
      this.#drops.drop('from', sender, route.reason);
      return null;
    }
    const to = decided
      ? decided.filter((id) => this.#peers.has(id))
      : this.#recipients(sender, route.relay, packet.payload);
    const fits = (id: number) => this.#peers.get(id)?.peer.canSendFrame(data.byteLength) ?? true;
    if (!this.#pressure.allFit(to, fits, performance.now())) return { waitFor: to };
    for (const id of to) this.#send(id, this.#peers.get(id)!.peer, data);
    if (route.keep) keep(packet.payload.slice());
    return null;
  }

  /** Who a relayed packet goes to: Godot's route, then the relay filter and visibility. */
  #recipients(
    sender: number,
    relay: (GdMpRoute & { kind: 'deliver' })['relay'],
    payload: Uint8Array,
  ): number[] {
    const filter = this.relayFilter;
    if (!relay || (filter && !filter(sender, payload))) return [];
    const told = this.#visibility?.told;
    const to: number[] = [];
    if ('only' in relay) {
      const id = relay.only;
      if (this.#peers.has(id) && (!told || told.sees(sender, id))) to.push(id);
      return to;
    }
    for (const id of this.#peers.keys()) {
      if (relay.except.includes(id) || (told && !told.sees(sender, id))) continue;
      to.push(id);
    }
    return to;
  }

  /** The server's own packet (`from` = 1) to `to`: 0 all, −N all but N, N one peer, 1 nobody. */
  send(to: number, payload: Uint8Array): Error {
    if (to === 1) return Error.OK;
    const packet = encodeGdMpPacket(GdMpType.SYS_NONE, 1, to, payload);
    if (to > 1) {
      const target = this.#peers.get(to);
      if (!target) {
        logger.error(`putPacket: no peer ${to}.`);
        return Error.ERR_INVALID_PARAMETER;
      }
      return this.#send(to, target.peer, packet, target.peer.getWriteMode());
    }
    for (const [id, { peer }] of this.#peers) {
      if (id !== -to) this.#send(id, peer, packet, peer.getWriteMode());
    }
    return Error.OK;
  }

  /** Counts a packet from `sender` that the server's own input queue had no room for. */
  droppedIncoming(sender: number): void {
    this.#drops.drop('from', sender, "the server's input queue is full");
  }

  #sendTo(id: number, data: Uint8Array): void {
    const peer = this.#peers.get(id)?.peer;
    if (peer) this.#send(id, peer, data);
  }

  #send(id: number, peer: WebSocketPeer, data: Uint8Array, mode: WriteMode = BINARY): Error {
    const err = peer.sendFrame(data, mode);
    if (err === Error.ERR_OUT_OF_MEMORY) this.#drops.drop('to', id, 'its output buffer is full');
    else if (err !== Error.OK) this.#drops.count('peer closing');
    return err;
  }
}
