import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { WriteMode } from '../websocket-peer-base.js';
import { decodeGdMpPacket, encodeGdMpPacket, encodeGdMpSys, GdMpType } from './gd-mp-api.js';
import { routeClientPacket } from './gd-mp-route.js';
import type { WebSocketPeer } from './websocket-peer.js';

const BINARY = WriteMode.WRITE_MODE_BINARY;

/**
 * The server side of Godot 3's `gd_mp_api` (docs/godot3-multiplayer.md §4.5; docs/godot3-wire.md
 * §4) over the server's peers by id: system messages in Godot's order, relaying client packets
 * unchanged, and the server's own packets. Frames go through each peer's outbound limit, so a slow
 * receiver cannot make the server buffer without bound: what does not fit is dropped (reported once
 * per `poll`), as Godot drops what its ring buffers cannot hold.
 */
export class GdMpHost {
  readonly #peers: ReadonlyMap<number, { peer: WebSocketPeer }>;
  #dropReported = false;

  constructor(peers: ReadonlyMap<number, { peer: WebSocketPeer }>) {
    this.#peers = peers;
  }

  /** Starts a poll round (drops are reported again). */
  newRound(): void {
    this.#dropReported = false;
  }

  /** New peer `id` (already in the map): SYS_ID, SYS_ADD(1), then SYS_ADD both ways per peer. */
  welcome(id: number): void {
    const newcomer = this.#peers.get(id)?.peer;
    if (!newcomer) return;
    this.#send(newcomer, encodeGdMpSys(GdMpType.SYS_ID, id));
    this.#send(newcomer, encodeGdMpSys(GdMpType.SYS_ADD, 1));
    const added = encodeGdMpSys(GdMpType.SYS_ADD, id);
    for (const [otherId, { peer }] of this.#peers) {
      if (otherId === id) continue;
      this.#send(peer, added);
      this.#send(newcomer, encodeGdMpSys(GdMpType.SYS_ADD, otherId));
    }
  }

  /** Peer `id` left (already out of the map): SYS_DEL to everyone remaining. */
  farewell(id: number): void {
    const del = encodeGdMpSys(GdMpType.SYS_DEL, id);
    for (const { peer } of this.#peers.values()) this.#send(peer, del);
  }

  /**
   * A message from client `sender`: relayed byte for byte where Godot relays it. Returns the
   * payload the server keeps for itself, or null.
   */
  receive(sender: number, data: Uint8Array): Uint8Array | null {
    const packet = decodeGdMpPacket(data);
    if (!packet) {
      logger.error(`gd_mp_api: dropped a message shorter than 9 bytes from ${sender}.`);
      return null;
    }
    const route = routeClientPacket(sender, packet, (id) => this.#peers.has(id));
    if (route.kind === 'drop') {
      logger.error(`gd_mp_api: dropped a packet from ${sender}: ${route.reason}.`);
      return null;
    }
    if (route.relay && 'only' in route.relay) {
      const target = this.#peers.get(route.relay.only);
      if (target) this.#send(target.peer, data);
    } else if (route.relay) {
      const except = route.relay.except;
      for (const [id, { peer }] of this.#peers) if (!except.includes(id)) this.#send(peer, data);
    }
    return route.keep ? packet.payload.slice() : null;
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
      return target.peer.putPacket(packet);
    }
    for (const [id, { peer }] of this.#peers) if (id !== -to) peer.putPacket(packet);
    return Error.OK;
  }

  #send(peer: WebSocketPeer, data: Uint8Array): void {
    const err = peer.sendFrame(data, BINARY);
    if (err === Error.ERR_OUT_OF_MEMORY && !this.#dropReported) {
      this.#dropReported = true;
      logger.error("gd_mp_api: a peer's output buffer is full; messages to it are dropped.");
    }
  }
}
