import { Error } from '../core/error.js';
import { randomJoinCode } from './join-code.js';
import type { Room, RoomInfo } from './room.js';
import { normalizeRoomName } from './room-name.js';

/** Most rooms one `GET /rooms` page holds. */
export const MAX_PAGE = 100;

/** One page of the public room list. */
export interface RoomPage {
  rooms: RoomInfo[];
  /** Public rooms in all (matching the filter). */
  total: number;
  /** The `offset` of the next page, or null on the last one. */
  next: number | null;
}

/**
 * A page of the public rooms among `rooms` (rooms, or their infos), optionally only those with
 * quick-match tag `tag`; at most 100 per page.
 */
export function pageRooms(
  rooms: Iterable<RoomInfo | Room>,
  offset: number,
  limit: number,
  tag?: string,
  now = performance.now(),
): RoomPage {
  const size = Math.min(Math.max(limit, 1), MAX_PAGE);
  const out: RoomInfo[] = [];
  let index = 0;
  let total = 0;
  for (const room of rooms) {
    if (room.private || (tag !== undefined && room.tag !== tag)) continue;
    total++;
    if (index++ < offset || out.length >= size) continue;
    out.push('info' in room ? room.info(now) : room);
  }
  const next = offset + out.length < total ? offset + out.length : null;
  return { rooms: out, total, next };
}

/**
 * The rooms of one server by name, in creation order: lookup, the public list (bounded pages),
 * quick-match's choice, and fresh names for rooms made over HTTP.
 */
export class RoomDirectory {
  readonly #rooms = new Map<string, Room>();

  get size(): number {
    return this.#rooms.size;
  }

  get(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  add(room: Room): void {
    this.#rooms.set(room.name, room);
  }

  delete(room: Room): void {
    if (this.#rooms.get(room.name) === room) this.#rooms.delete(room.name);
  }

  clear(): void {
    this.#rooms.clear();
  }

  values(): IterableIterator<Room> {
    return this.#rooms.values();
  }

  /** A page of public rooms, optionally only those with quick-match tag `tag`. */
  page(now: number, offset: number, limit: number, tag?: string): RoomPage {
    return pageRooms(this.#rooms.values(), offset, limit, tag, now);
  }

  /**
   * Quick-match: among public rooms with `tag` and `capacity`, the fullest one that still has a
   * free seat (fills rooms before opening new ones), or undefined.
   */
  pickForMatch(tag: string, capacity: number, now: number): Room | undefined {
    let best: Room | undefined;
    let bestFree = Number.POSITIVE_INFINITY;
    for (const room of this.#rooms.values()) {
      if (room.private || room.tag !== tag || room.capacity !== capacity) continue;
      const free = room.freeSeats(now);
      if (free > 0 && free < bestFree) {
        best = room;
        bestFree = free;
      }
    }
    return best;
  }

  /**
   * The name of a room about to be made: `requested` folded as join paths are, or (without one)
   * a fresh join code and its name `/<code>`; or why it cannot be made.
   */
  nameNewRoom(
    requested: string | undefined,
  ): { name: string; code: string } | { err: Error; message: string } {
    if (requested === undefined) {
      const code = this.freshCode();
      return { name: `/${code.toLowerCase()}`, code };
    }
    const checked = normalizeRoomName(requested);
    if (!checked.ok) return { err: Error.ERR_INVALID_PARAMETER, message: checked.reason };
    if (this.#rooms.has(checked.name)) {
      return { err: Error.ERR_ALREADY_EXISTS, message: `room ${checked.name} already exists` };
    }
    return { name: checked.name, code: '' };
  }

  /** A join code whose room name (`/<code in lower case>`) is free. */
  freshCode(): string {
    for (;;) {
      const code = randomJoinCode();
      if (!this.#rooms.has(`/${code.toLowerCase()}`)) return code;
    }
  }
}
