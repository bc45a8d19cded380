import type { Socket } from 'node:net';
import type { HttpUpgradeRequest } from '../websocket/node/http-upgrade.js';
import type { RoomInfo } from './room.js';

/** A join the room server has checked (name, hook) and not yet placed. */
export interface PendingJoin {
  req: HttpUpgradeRequest;
  socket: Socket;
  head: Uint8Array;
  /** The room's name (valid, folded). */
  room: string;
  /** "host:port" of the client. */
  address: string;
  /** What the `onConnect` hook gave the join, if anything. */
  data: unknown;
}

/**
 * Decides where joins go when rooms live in more than one process (a cluster node sets one on
 * its `RoomServer`): into a room of this process (`local()`), or to another process, which
 * then owns the socket. Told when this process opens and closes rooms.
 */
export interface JoinRouter {
  /** Places `join`; `refuse(status, text)` answers it here with an HTTP error. */
  route(join: PendingJoin, local: () => void, refuse: (status: number, text: string) => void): void;
  roomOpened(name: string): void;
  roomClosed(name: string): void;
  /** Clients forwarded: held here for rooms elsewhere (`edge`), held elsewhere for ours (`home`). */
  forwardedConnections(): { edge: number; home: number };
  /** Counters for `/metrics` (`godot_ws_cluster_events_total{event}`). */
  events(): Record<string, number>;
  /** Every room of every process (this one's as they are now), oldest first: `GET /rooms`. */
  listedRooms(): RoomInfo[];
  /** A room of another process, by name (`GET /rooms/<name>`). */
  findRoom(name: string): (RoomInfo & { code?: string }) | undefined;
  /** Quick-match in other processes' rooms when this one has none with a free seat. */
  matchElsewhere(tag: string, size: number): RoomInfo | undefined;
  /** The processes and their totals, for the dashboard. */
  summary(): { node: string; nodes: string[]; rooms: number; members: number };
}
