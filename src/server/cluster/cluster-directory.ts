import type { Room, RoomInfo } from '../room.js';
import { LIST_ROOMS, LIVE_NODES, PUBLISH_ROOMS, UNLIST_ROOM } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

/** How long a room's entry in the list lives unless its home publishes it again. */
const INFO_TTL_MS = 3000;
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
 * not refreshed expires within 3 s), and every node reads the whole list once a second into a
 * cache, so `GET /rooms`, quick-match and the dashboard answer from any node without a Redis
 * round trip; what they show of other nodes' rooms is at most about two seconds old.
 */
export class ClusterDirectory {
  readonly #cmd: RedisClient;
  readonly #prefix: string;
  readonly #node: string;
  #rooms: ClusterRoom[] = [];
  #nodes: string[] = [];

  constructor(cmd: RedisClient, prefix: string, node: string) {
    this.#cmd = cmd;
    this.#prefix = prefix;
    this.#node = node;
  }

  /** Publishes this node's rooms, then reads the cluster's list and live nodes. */
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
    const listed = (await cmd.eval(
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
    const index = `${this.#prefix}nodes`;
    this.#nodes = (await cmd.eval(LIVE_NODES, 1, index, wall, this.#node, INFO_TTL_MS)) as string[];
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
    return this.#rooms.find((room) => room.name === name && room.home !== this.#node);
  }

  /**
   * Quick-match among other nodes' rooms: the fullest public room with `tag` and `capacity`
   * that has a free seat (no seat is held for it: the join may still find it full).
   */
  matchElsewhere(tag: string, capacity: number): ClusterRoom | undefined {
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
