import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import type { Variant } from '../core/variant/variant.js';
import type { VisibilityRule } from '../websocket/peer-visibility.js';
import type { WebSocketPeer } from '../websocket/websocket-peer.js';
import { PeerIdSequence } from './peer-ids.js';
import { PEER_LIMIT_DEFAULTS, type PeerLimits, RoomRateLimits } from './peer-limits.js';
import type { RoomVisibility } from './room-server-options.js';
import type { RpcHandler } from './rpc/rpc-endpoint.js';
import type { RpcTarget } from './rpc/rpc-target.js';
import type { RoomSession } from './sessions/room-session.js';

/** How a room came to be, which decides when it closes. */
export type RoomOrigin = 'join' | 'fixed' | 'api' | 'match';

/** What `GET /rooms` and the dashboard show of a room. */
export interface RoomInfo {
  name: string;
  members: number;
  capacity: number;
  /** Seconds since the room was created. */
  age: number;
  private: boolean;
  /** Quick-match tag ("" when none). */
  tag: string;
  metadata: unknown;
}

/** Room settings given when it is created. */
export interface RoomSpec {
  capacity: number;
  private?: boolean;
  tag?: string;
  code?: string;
  metadata?: unknown;
  origin: RoomOrigin;
}

/**
 * One room: a name, its session (members, relay), its own id space, its capacity and
 * lifecycle. Members are told apart by their id, unique in the room and never reused while it
 * lives (ids may repeat across rooms, as across Godot servers).
 */
export class Room {
  readonly name: string;
  readonly session: RoomSession;
  readonly capacity: number;
  readonly private: boolean;
  readonly tag: string;
  /** The join code of a room made by `POST /rooms` (its name in upper case), else "". */
  readonly code: string;
  readonly metadata: unknown;
  readonly origin: RoomOrigin;
  /** `performance.now()` at creation. */
  readonly createdAt: number;
  /** When to close it if it is still empty then (Infinity while it has members). */
  closeAt = Number.POSITIVE_INFINITY;
  /** When the timer sweep last polled it (`performance.now()`). */
  sweptAt = Number.NEGATIVE_INFINITY;
  /** Seats promised by quick-match answers: their expiry times, oldest first. */
  readonly reservations: number[] = [];
  /** Your own data for this room (e.g. a script's game state); it goes with the room. */
  state: Record<string, unknown> = {};
  /** What `onConnect` kept for each peer (`{ data }` in its verdict), until the peer leaves. */
  readonly peerData = new Map<number, unknown>();
  /** Each member's rate limits, and what they dropped. */
  readonly rateLimits: RoomRateLimits;
  /** Where a timer callback's throw is reported (set by the room server). */
  reportError: (what: string, err: unknown) => void = () => {};
  readonly #ids = new PeerIdSequence();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Members' groups for `groups` visibility. */
  readonly #groups = new Map<number, string>();
  #closed = false;

  constructor(
    name: string,
    session: RoomSession,
    spec: RoomSpec,
    now: number,
    policy: { limits: PeerLimits; visibility: RoomVisibility } = {
      limits: PEER_LIMIT_DEFAULTS,
      visibility: 'all',
    },
  ) {
    this.name = name;
    this.rateLimits = new RoomRateLimits(policy.limits, name, (id, code, why) =>
      this.kick(id, code, why),
    );
    if (policy.visibility !== 'all') session.setVisibility?.(this.#rule(policy.visibility));
    this.session = session;
    this.capacity = spec.capacity;
    this.private = spec.private ?? false;
    this.tag = spec.tag ?? '';
    this.code = spec.code ?? '';
    this.metadata = spec.metadata ?? null;
    this.origin = spec.origin;
    this.createdAt = now;
  }

  /** A fresh peer id for a joining client, whose messages the room's rate limits now watch. */
  seat(ws: WebSocketPeer): number {
    const id = this.#ids.next();
    this.rateLimits.watch(ws, id);
    return id;
  }

  /** Seats neither taken nor promised. */
  freeSeats(now: number): number {
    this.#expireReservations(now);
    return this.capacity - this.session.seats() - this.reservations.length;
  }

  /** A joining client takes a promised seat if there is one (true), else a free one. */
  takeReservation(now: number): boolean {
    this.#expireReservations(now);
    return this.reservations.shift() !== undefined;
  }

  /** What `onConnect` kept for peer `id` (undefined if nothing). */
  getPeerData(id: number): unknown {
    return this.peerData.get(id);
  }

  /** Member ids, in join order. */
  getPeers(): number[] {
    return this.session.members();
  }

  /** Sends bytes from the server: to member N, to all (0), or all but N (−N). */
  sendBytes(to: number, bytes: Uint8Array): Error {
    return this.session.sendBytes(to, bytes);
  }

  /**
   * Runs `handler(from, ...args)` when a member calls `method` on `nodePath` for the server:
   * `rpc_id(1, "submit_move", …)`, or `rpc("chat", …)` to everyone (which the other members
   * get too). Godot 4: the method must be in the manifest (`RoomServerOptions.rpc`).
   * `null` removes the handler. Godot rooms only (else ERR_UNAVAILABLE).
   */
  onRpc(nodePath: string, method: string, handler: RpcHandler | null): Error {
    return this.session.rpc?.onRpc(nodePath, method, handler) ?? this.#noRpc();
  }

  /** Calls `method` on `nodePath` in members: 0 all, −N all but N, N one, or a list of ids. */
  rpc(target: RpcTarget, nodePath: string, method: string, ...args: Variant[]): Error {
    return this.session.rpc?.rpc(target, nodePath, method, ...args) ?? this.#noRpc();
  }

  /** Calls `method` on `nodePath` in member `id` (GDScript's `rpc_id`). */
  rpcId(id: number, nodePath: string, method: string, ...args: Variant[]): Error {
    return this.session.rpc?.rpcId(id, nodePath, method, ...args) ?? this.#noRpc();
  }

  /**
   * Godot rooms (4 and 3): who sees whom — `all` (as Godot), `none` (members see only the
   * server), `groups` (members see those in their own group, see `setGroup`), or your own rule
   * `(a, b) => boolean`. Members that stop seeing each other get DEL_PEER (Godot 3:
   * SYS_DEL), members that start get ADD_PEER (SYS_ADD); packets between members that do not see each other are not relayed.
   * ERR_UNAVAILABLE for other kinds.
   */
  setVisibility(visibility: RoomVisibility | VisibilityRule): Error {
    if (!this.session.setVisibility) {
      logger.error(`Room ${this.name}: visibility needs a godot4 or godot3 room.`);
      return Error.ERR_UNAVAILABLE;
    }
    this.session.setVisibility(visibility === 'all' ? null : this.#rule(visibility));
    return Error.OK;
  }

  /**
   * Puts member `id` in `group` (null: none) for `groups` visibility; the members who now see
   * or no longer see it are told at once. Each change asks the rule about every pair of
   * members (a room of N costs N²/2 checks).
   */
  setGroup(id: number, group: string | null): void {
    if (group === null) this.#groups.delete(id);
    else this.#groups.set(id, group);
    if (this.#groups.size > 2 * this.session.members().length + 16) {
      const members = new Set(this.session.members());
      for (const known of this.#groups.keys()) if (!members.has(known)) this.#groups.delete(known);
    }
    this.session.refreshVisibility?.();
  }

  /** Applies the visibility rule again, after the answers of your own rule changed. */
  refreshVisibility(): void {
    this.session.refreshVisibility?.();
  }

  /** The group of member `id` (null: none). */
  getGroup(id: number): string | null {
    return this.#groups.get(id) ?? null;
  }

  #rule(visibility: Exclude<RoomVisibility, 'all'> | VisibilityRule): VisibilityRule {
    if (typeof visibility === 'function') return visibility;
    if (visibility === 'none') return () => false;
    return (a, b) => {
      const group = this.#groups.get(a);
      return group !== undefined && group === this.#groups.get(b);
    };
  }

  #noRpc(): Error {
    logger.error(`Room ${this.name}: RPCs need a godot4 or godot3 room.`);
    return Error.ERR_UNAVAILABLE;
  }

  /** Closes member `id` with `code` (4000–4999 for your own reasons) and `reason`. */
  kick(id: number, code = 1000, reason = ''): void {
    this.session.kick(id, code, reason);
  }

  /** Whether the room has closed (its timers are cleared, its members gone). */
  get closed(): boolean {
    return this.#closed;
  }

  /** `setTimeout` that is cleared when the room closes; a throw in `callback` is reported. */
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> | null {
    if (this.#closed) return null;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#run('a timer', callback);
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  /** `setInterval` that is cleared when the room closes; a throw in `callback` is reported. */
  setInterval(callback: () => void, ms: number): ReturnType<typeof setInterval> | null {
    if (this.#closed) return null;
    const timer = setInterval(() => this.#run('an interval', callback), ms);
    this.#timers.add(timer);
    return timer;
  }

  /** Stops a timer made by `setTimeout` / `setInterval`. */
  clearTimer(timer: ReturnType<typeof setTimeout> | null): void {
    if (timer === null) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  /** @internal The room closed: timers stop, `state` is let go. */
  dispose(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.state = {};
  }

  info(now: number): RoomInfo {
    return {
      name: this.name,
      members: this.session.members().length,
      capacity: this.capacity,
      age: Math.floor((now - this.createdAt) / 1000),
      private: this.private,
      tag: this.tag,
      metadata: this.metadata,
    };
  }

  #run(what: string, callback: () => void): void {
    try {
      callback();
    } catch (err) {
      this.reportError(what, err);
    }
  }

  #expireReservations(now: number): void {
    while ((this.reservations[0] ?? Number.POSITIVE_INFINITY) <= now) this.reservations.shift();
  }
}
