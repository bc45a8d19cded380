import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { logger } from '../../core/logger.js';
import type { JoinRouter, PendingJoin } from '../join-router.js';
import type { RoomInfo } from '../room.js';
import type { RoomServer } from '../room-server.js';
import { ClusterBus } from './cluster-bus.js';
import { ClusterDirectory, type ClusterSummary } from './cluster-directory.js';
import {
  decodeOpen,
  encodeOpen,
  type LinkRecord,
  type OpenRequest,
  RecordKind,
  TO_EDGE,
} from './cluster-frames.js';
import { REFRESH_ROOMS, RELEASE_ROOM, ROUTE_ROOM } from './cluster-scripts.js';
import { EdgeConnection } from './edge-connection.js';
import { connectRedis, type RedisConnections } from './redis-client.js';
import { RelaySocket } from './relay-socket.js';
import { WorkerHandoff } from './worker-handoff.js';

/** How a node joins a cluster. */
export interface ClusterOptions {
  /** `redis://host:port[/db]` (or `rediss://`). */
  url: string;
  /** This node's name in the cluster (default: random); unique among live nodes. */
  nodeId?: string;
  /** Prefix of every Redis key and channel (default `gws:`): clusters sharing a Redis differ. */
  prefix?: string;
}

/** A node's liveness key lives this long unless refreshed: a dead node is gone after it. */
export const NODE_TTL_MS = 3000;
/** How often a node refreshes its keys and checks the nodes it talks to. */
export const HEARTBEAT_MS = 1000;
/** A room key lives this long unless its home refreshes it. */
const ROOM_TTL_MS = 10_000;
/** How long an edge waits for a home's first answer before it answers 503 itself. */
const ANSWER_TIMEOUT_MS = 5000;
/**
 * After its Redis connection comes back, how long a node takes no room it is not home to
 * (joins for them get 503): a restarted Redis has lost every key, and the homes need up to a
 * reconnect backoff and a heartbeat to put theirs back. Without the wait two nodes could each
 * become home to one room.
 */
export const RECOVERY_MS = 2 * HEARTBEAT_MS + 500;

/** What a cluster node has counted (read by `/metrics`). */
export interface ClusterCounters {
  /** Clients whose connection crossed to or from another node that were cut by a failure. */
  cutConnections: number;
  /** Nodes found dead (their key expired while this node talked to them). */
  deadNodes: number;
  /** Joins refused because Redis could not be asked. */
  unroutedJoins: number;
}

/**
 * One process of a cluster: rooms live on a home node (the node that first placed them, noted
 * in Redis); a client that reaches another node (its edge) is forwarded to the home over Redis
 * Pub/Sub, its bytes untouched, so the home serves it exactly as a local client. Nodes keep a
 * liveness key in Redis; a node whose key expires is dead for the others, which drop the
 * clients they forwarded to or from it (docs/cluster.md).
 */
export class ClusterNode implements JoinRouter {
  readonly nodeId: string;
  readonly counters: ClusterCounters = { cutConnections: 0, deadNodes: 0, unroutedJoins: 0 };
  readonly bus: ClusterBus;
  /** The cluster-wide room list. */
  readonly directory: ClusterDirectory;
  readonly #server: RoomServer;
  readonly #redis: RedisConnections;
  readonly #prefix: string;
  /** Clients this node holds for rooms elsewhere, by connection number. */
  readonly #edges = new Map<number, EdgeConnection>();
  /** Clients of this node's rooms held by other nodes, by "edge/connection". */
  readonly #relays = new Map<string, RelaySocket>();
  /** Rooms this node is home to. */
  readonly #homes = new Set<string>();
  /** Under `--workers`: sockets move to sibling workers directly. */
  readonly #handoff: WorkerHandoff | null;
  #nextConn = 1;
  /** Until then the Redis connection is new again: see RECOVERY_MS. */
  #recoveringUntil = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  /** Connects to Redis and joins the cluster; resolves with the node, or why it could not. */
  static async start(server: RoomServer, options: ClusterOptions): Promise<ClusterNode | string> {
    const redis = await connectRedis(options.url);
    if (typeof redis === 'string') return redis;
    const node = new ClusterNode(server, redis, options);
    try {
      await node.bus.start();
      await node.#heartbeat();
    } catch (err) {
      node.stop();
      return `cannot join the cluster: ${String(err)}`;
    }
    server.setJoinRouter(node);
    node.#timer = setInterval(() => void node.#heartbeat().catch(() => {}), HEARTBEAT_MS);
    node.#timer.unref();
    redis.cmd.on('ready', () => {
      node.#recoveringUntil = performance.now() + RECOVERY_MS;
      void node.#heartbeat().catch(() => {});
    });
    redis.sub.on('ready', () => void node.#heartbeat().catch(() => {}));
    return node;
  }

  private constructor(server: RoomServer, redis: RedisConnections, options: ClusterOptions) {
    this.#server = server;
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'gws:';
    this.nodeId = options.nodeId ?? randomBytes(4).toString('hex');
    this.bus = new ClusterBus(this.nodeId, this.#prefix, redis);
    this.directory = new ClusterDirectory(redis.cmd, this.#prefix, this.nodeId);
    this.#handoff = WorkerHandoff.start(this.nodeId, (open, socket) => {
      socket.on('error', () => socket.destroy());
      if (this.#stopped) socket.destroy();
      else this.#admit(open, socket);
    });
    this.bus.onRecord = (from, record) => this.#onRecord(from, record);
    this.bus.onLinkBroken = (node, inbound) =>
      this.#cut(node, 'the link to another server lost data', inbound);
  }

  /** Clients forwarded: `edge` held here for rooms elsewhere, `home` held elsewhere for ours. */
  forwardedConnections(): { edge: number; home: number } {
    return { edge: this.#edges.size, home: this.#relays.size };
  }

  events(): Record<string, number> {
    const bus = this.bus.counters;
    return {
      'cut-connections': this.counters.cutConnections,
      'dead-nodes': this.counters.deadNodes,
      'unrouted-joins': this.counters.unroutedJoins,
      'sockets-handed-over': this.#handoff?.sent ?? 0,
      'sockets-taken-over': this.#handoff?.received ?? 0,
      'lost-batches': bus.lostBatches,
      'publish-failures': bus.publishFailures,
      'malformed-batches': bus.malformed,
      'batches-out': bus.batchesOut,
      'batches-in': bus.batchesIn,
      'bytes-out': bus.bytesOut,
      'bytes-in': bus.bytesIn,
    };
  }

  listedRooms(): RoomInfo[] {
    return this.directory.rooms(this.#homeRooms());
  }

  findRoom(name: string): (RoomInfo & { code?: string }) | undefined {
    return this.directory.find(name);
  }

  matchElsewhere(tag: string, size: number): RoomInfo | undefined {
    return this.directory.matchElsewhere(tag, size);
  }

  summary(): ClusterSummary {
    return this.directory.summary(this.#homeRooms());
  }

  /** This node's rooms that it is home to (fixed rooms exist everywhere, but live on one). */
  #homeRooms() {
    return this.#server.getRooms().filter((room) => this.#homes.has(room.name));
  }

  route(
    join: PendingJoin,
    local: () => void,
    refuse: (status: number, text: string) => void,
  ): void {
    const unrouted = (text: string) => {
      this.counters.unroutedJoins++;
      refuse(503, text);
    };
    // Without its subscription this node would not hear a home's answer.
    if (this.#redis.sub.status !== 'ready') {
      unrouted('the cluster is unavailable');
      return;
    }
    const key = this.#roomKey(join.room);
    const mayTake =
      this.#homes.has(join.room) || performance.now() >= this.#recoveringUntil ? '1' : '0';
    const nodes = `${this.#prefix}node:`;
    this.#redis.cmd.eval(ROUTE_ROOM, 1, key, this.nodeId, ROOM_TTL_MS, nodes, mayTake).then(
      (home) => {
        if (join.socket.destroyed) return;
        if (home === null) unrouted('the cluster is recovering; try again');
        else if (home === this.nodeId || this.#stopped) local();
        else this.#forward(join, String(home));
      },
      () => unrouted('the cluster is unavailable'),
    );
  }

  roomOpened(name: string): void {
    this.#homes.add(name);
  }

  roomClosed(name: string): void {
    this.#homes.delete(name);
    this.directory.unlist(name);
    this.#redis.cmd.eval(RELEASE_ROOM, 1, this.#roomKey(name), this.nodeId).catch(() => {});
  }

  /** Closes the clients this node holds for rooms elsewhere (`code` in a close frame). */
  closeAll(code: number, reason: string): void {
    for (const edge of [...this.#edges.values()]) edge.homeLost(reason, code);
  }

  /** Leaves the cluster: forwarded clients are dropped, this node's keys deleted. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#server.setJoinRouter(null);
    for (const edge of [...this.#edges.values()]) edge.homeLost('server shutting down', 1001);
    for (const relay of [...this.#relays.values()]) relay.destroy();
    this.bus.stop();
    const keys = [...this.#homes].map((name) => this.#roomKey(name));
    const cmd = this.#redis.cmd;
    const releases = keys.map((key) => cmd.eval(RELEASE_ROOM, 1, key, this.nodeId));
    void Promise.allSettled([cmd.del(this.#nodeKey(this.nodeId)), ...releases]).then(() => {
      this.#redis.sub.disconnect();
      cmd.disconnect();
    });
  }

  #forward(join: PendingJoin, home: string): void {
    const socket = join.socket;
    const [host, port] = [socket.remoteAddress ?? '', socket.remotePort ?? 0];
    const { req } = join;
    const request: OpenRequest = {
      room: join.room,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      httpVersion: req.httpVersion,
      rawHeaders: req.rawHeaders,
      host,
      port,
      data: join.data,
      head: Buffer.from(join.head).toString('base64'),
    };
    // Another worker of this machine: the socket itself moves there (not TLS: its state cannot).
    if (
      this.#handoff &&
      !(socket instanceof TLSSocket) &&
      this.#handoff.send(home, request, socket)
    ) {
      return;
    }
    const conn = this.#nextConn;
    this.#nextConn = (this.#nextConn % 0x7fffffff) + 1;
    const edge = new EdgeConnection(this.bus, home, conn, socket, () => this.#edges.delete(conn));
    this.#edges.set(conn, edge);
    this.bus.send(home, RecordKind.OPEN, conn, encodeOpen(request));
    socket.resume();
    setTimeout(() => {
      if (!edge.answered) edge.homeLost('the room did not answer');
    }, ANSWER_TIMEOUT_MS).unref();
  }

  #onRecord(from: string, { kind, conn, payload }: LinkRecord): void {
    if (kind & TO_EDGE) {
      const edge = this.#edges.get(conn);
      if (edge && edge.home === from) edge.fromHome(kind & ~TO_EDGE, payload);
      return;
    }
    const key = `${from}/${conn}`;
    if (kind === RecordKind.OPEN) {
      this.#openRelay(from, conn, key, payload);
      return;
    }
    const relay = this.#relays.get(key);
    if (!relay) {
      // A client this node no longer knows (closed, or cut): tell its edge to let go.
      if (kind !== RecordKind.END) this.bus.send(from, RecordKind.END | TO_EDGE, conn);
      return;
    }
    if (kind === RecordKind.DATA) relay.deliver(payload);
    else if (kind === RecordKind.END) relay.deliverEnd();
  }

  #openRelay(from: string, conn: number, key: string, payload: Uint8Array): void {
    const open = decodeOpen(payload);
    if (!open || this.#relays.has(key) || this.#stopped) {
      this.bus.send(from, RecordKind.END | TO_EDGE, conn);
      return;
    }
    const relay = new RelaySocket(this.bus, from, conn, open.host, open.port);
    this.#relays.set(key, relay);
    relay.on('close', () => this.#relays.delete(key));
    relay.on('error', () => relay.destroy());
    this.#admit(open, relay as unknown as Socket);
  }

  /** Hands a client another node placed here to the room server (the hook ran there). */
  #admit(open: OpenRequest, socket: Socket): void {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < open.rawHeaders.length; i += 2) {
      headers[String(open.rawHeaders[i]).toLowerCase()] = String(open.rawHeaders[i + 1]);
    }
    const address = open.host.includes(':')
      ? `[${open.host}]:${open.port}`
      : `${open.host}:${open.port}`;
    this.#server.acceptForwarded({
      req: { ...open, headers } as PendingJoin['req'],
      socket,
      head: Buffer.from(open.head, 'base64'),
      room: open.room,
      address,
      data: open.data,
    });
  }

  /**
   * Drops every client forwarded to or from `node` (it died, or their link lost data). With
   * `keepUnanswered`, edges still waiting for their home's answer stay: a gap in what arrived
   * cannot have cut into a stream that had not begun (its first bytes must be the HTTP answer,
   * which the edge checks).
   */
  #cut(node: string, reason: string, keepUnanswered = false): void {
    for (const edge of [...this.#edges.values()]) {
      if (edge.home !== node || (keepUnanswered && !edge.answered)) continue;
      this.counters.cutConnections++;
      edge.homeLost(reason);
    }
    for (const relay of [...this.#relays.values()]) {
      if (relay.edge !== node) continue;
      this.counters.cutConnections++;
      relay.lose();
    }
  }

  /** Refreshes this node's keys and finds the nodes it talks to that have died. */
  async #heartbeat(): Promise<void> {
    // A node that cannot hear the others is not alive for them (they may not route to it).
    if (this.#stopped || this.#redis.sub.status !== 'ready') return;
    const cmd = this.#redis.cmd;
    await cmd.set(this.#nodeKey(this.nodeId), String(Date.now()), 'PX', NODE_TTL_MS);
    this.bus.probe();
    await this.directory.refresh(this.#homeRooms());
    if (this.#homes.size > 0) {
      const keys = [...this.#homes].map((name) => this.#roomKey(name));
      const lost = (await cmd.eval(
        REFRESH_ROOMS,
        0,
        this.nodeId,
        ROOM_TTL_MS,
        ...keys,
      )) as string[];
      if (lost.length > 0)
        logger.warning(`cluster: ${lost.length} rooms of this node are held by another.`);
    }
    const peers = new Set<string>();
    for (const edge of this.#edges.values()) peers.add(edge.home);
    for (const relay of this.#relays.values()) peers.add(relay.edge);
    if (peers.size === 0) return;
    const names = [...peers];
    const alive = await cmd.mget(names.map((name) => this.#nodeKey(name)));
    names.forEach((name, i) => {
      if (alive[i] !== null) return;
      this.counters.deadNodes++;
      logger.warning(`cluster: node ${name} is gone; its clients leave their rooms.`);
      this.#cut(name, "the room's server is gone");
      this.bus.forget(name);
    });
  }

  #nodeKey(node: string): string {
    return `${this.#prefix}node:${node}`;
  }

  #roomKey(name: string): string {
    return `${this.#prefix}room:${name}`;
  }
}
