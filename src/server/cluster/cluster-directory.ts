import type { Room, RoomInfo } from '../room.js';
import { LIST_ROOMS, LIVE_NODES, PUBLISH_ROOMS, UNLIST_ROOM } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

/** How long a room's entry in the list lives unless its home publishes it again. */
const INFO_TTL_MS = 3000;
/** The list is read each heartbeat for this long after it was last asked for. */
const WANTED_MS = 10_000;
/** Most rooms the cluster-wide list reads. */
const MAX_LISTED = 20_000;

/** A room of the cluster as the list shows it: its info, its home node and join code. */
export interface ClusterRoom extends RoomInfo {
  home: string;
  code?: string;
}

/** The cluster at a glance (for the dashboard). */
export interface ClusterSummary {
  node: string;
  nodes: string[];
  rooms: number;
  members: number;
}

/**
 * The cluster-wide room list: every home publishes its rooms once a second (an entry that is
 * not refreshed expires within 3 s), and a node that is asked for the list (`GET /rooms`,
 * quick-match, a watched dashboard) reads the whole of it into a cache once a second while it
 * is asked, so those answer without waiting on Redis; what they show of other nodes' rooms is
 * about two seconds old at most (the first answer after a quiet spell may be older).
 */
export class ClusterDirectory {
  readonly #cmd: RedisClient;
  readonly #prefix: string;
  readonly #node: string;
  #rooms: ClusterRoom[] = [];
  #nodes: string[] = [];
  #wantedAt = Number.NEGATIVE_INFINITY;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading = false;

  constructor(cmd: RedisClient, prefix: string, node: string) {
    this.#cmd = cmd;
    this.#prefix = prefix;
    this.#node = node;
  }

  /**
   * Publishes this node's rooms and marks it alive (every heartbeat); reads the cluster's list
   * too, but only while someone has asked for it in the last 10 s: a cluster nobody lists or
   * matches in does not parse every room of every node each second.
   */
  async refresh(local: Room[]): Promise<void> {
    const now = performance.now();
    const wall = Date.now();
    const args: (string | number)[] = [INFO_TTL_MS, this.#prefix];
    for (const room of local) {
      const entry: ClusterRoom = { ...room.info(now), home: this.#node };
      if (room.code) entry.code = room.code;
      args.push(room.name, Math.round(wall - (now - room.createdAt)), JSON.stringify(entry));
    }
    const cmd = this.#cmd;
    if (local.length > 0) await cmd.eval(PUBLISH_ROOMS, 0, ...args);
    const index = `${this.#prefix}nodes`;
    this.#nodes = (await cmd.eval(LIVE_NODES, 1, index, wall, this.#node, INFO_TTL_MS)) as string[];
    if (now - this.#wantedAt < WANTED_MS) await this.#read();
  }

  /** Notes that the list is wanted; reads it at once when the cache is older than a second. */
  #want(): void {
    const now = performance.now();
    this.#wantedAt = now;
    if (now - this.#readAt >= 1000) this.#read().catch(() => {});
  }

  /** Reads the cluster's list into the cache; one at a time (a call while one is under way returns at once). */
  async #read(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const listed = (await this.#cmd.eval(
        LIST_ROOMS,
        1,
        `${this.#prefix}rooms`,
        this.#prefix,
        MAX_LISTED,
      )) as string[];
      const rooms: ClusterRoom[] = [];
      for (const text of listed) {
        try {
          rooms.push(JSON.parse(text) as ClusterRoom);
        } catch {
          // an entry that is not ours: skip it
        }
      }
      this.#rooms = rooms;
      this.#readAt = performance.now();
    } finally {
      this.#reading = false;
    }
  }

  /** A room this node closed leaves the list at once. */
  unlist(name: string): void {
    this.#rooms = this.#rooms.filter((room) => room.name !== name);
    this.#cmd.eval(UNLIST_ROOM, 0, this.#prefix, name).catch(() => {});
  }

  /**
   * Every room of the cluster, oldest first: this node's own as they are now, the others' as
   * last read.
   */
  rooms(local: Room[]): RoomInfo[] {
    this.#want();
    const now = performance.now();
    const mine = new Map(local.map((room) => [room.name, room]));
    const out: RoomInfo[] = [];
    for (const entry of this.#rooms) {
      const room = mine.get(entry.name);
      if (room) {
        out.push(room.info(now));
        mine.delete(entry.name);
      } else if (entry.home !== this.#node) {
        out.push(withoutHome(entry));
      }
    }
    for (const room of mine.values()) out.push(room.info(now));
    return out;
  }

  /** A room of another node, by name. */
  find(name: string): ClusterRoom | undefined {
    this.#want();
    return this.#rooms.find((room) => room.name === name && room.home !== this.#node);
  }

  /**
   * Quick-match among other nodes' rooms: the fullest public room with `tag` and `capacity`
   * that has a free seat (no seat is held for it: the join may still find it full).
   */
  matchElsewhere(tag: string, capacity: number): ClusterRoom | undefined {
    this.#want();
    let best: ClusterRoom | undefined;
    for (const room of this.#rooms) {
      if (room.home === this.#node || room.private || room.tag !== tag) continue;
      if (room.capacity !== capacity || room.members >= room.capacity) continue;
      if (!best || room.members > best.members) best = room;
    }
    return best;
  }

  summary(local: Room[]): ClusterSummary {
    const rooms = this.rooms(local);
    const members = rooms.reduce((sum, room) => sum + room.members, 0);
    return { node: this.#node, nodes: [...this.#nodes], rooms: rooms.length, members };
  }
}

function withoutHome(entry: ClusterRoom): RoomInfo {
  const { home: _home, code: _code, ...info } = entry;
  return info;
}
