import type { Error } from '../core/error.js';
import { PeerIdSequence } from './peer-ids.js';
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
  /** Seats promised by quick-match answers: their expiry times, oldest first. */
  readonly reservations: number[] = [];
  readonly #ids = new PeerIdSequence();

  constructor(name: string, session: RoomSession, spec: RoomSpec, now: number) {
    this.name = name;
    this.session = session;
    this.capacity = spec.capacity;
    this.private = spec.private ?? false;
    this.tag = spec.tag ?? '';
    this.code = spec.code ?? '';
    this.metadata = spec.metadata ?? null;
    this.origin = spec.origin;
    this.createdAt = now;
  }

  /** A fresh peer id for this room. */
  nextId(): number {
    return this.#ids.next();
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

  /** Member ids, in join order. */
  getPeers(): number[] {
    return this.session.members();
  }

  /** Sends bytes from the server: to member N, to all (0), or all but N (−N). */
  sendBytes(to: number, bytes: Uint8Array): Error {
    return this.session.sendBytes(to, bytes);
  }

  /** Closes member `id` with `code` (4000–4999 for your own reasons) and `reason`. */
  kick(id: number, code = 1000, reason = ''): void {
    this.session.kick(id, code, reason);
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

  #expireReservations(now: number): void {
    while ((this.reservations[0] ?? Number.POSITIVE_INFINITY) <= now) this.reservations.shift();
  }
}
