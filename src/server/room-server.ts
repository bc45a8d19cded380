import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import type { TrafficMeter } from '../core/traffic-meter.js';
import type { HttpUpgradeRequest } from '../websocket/node/http-upgrade.js';
import { WebSocketPeer } from '../websocket/websocket-peer.js';
import { formatAddress } from './address.js';
import { askConnectHook, type ConnectHook, connectRequest, type Decision } from './connect-hook.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { answerHttpRequest } from './http-api.js';
import { HttpEndpoint, type RoomServerTls } from './http-listener.js';
import { type Refusal, refusal, refuseUpgrade } from './http-refusal.js';
import type { JoinRouter, PendingJoin } from './join-router.js';
import { Room, type RoomInfo, type RoomSpec } from './room.js';
import { pageRooms, RoomDirectory, type RoomPage } from './room-directory.js';
import { normalizeRoomName, type RoomNameResult, roomNameFromPath } from './room-name.js';
import {
  type RoomServerOptions,
  type RoomServerSettings,
  roomServerSettings,
} from './room-server-options.js';
import { RoomServerSignals } from './room-server-signals.js';
import { RoomTotals } from './room-totals.js';
import { RpcTable } from './rpc/rpc-manifest.js';
import { ServerStats } from './server-stats.js';
import { createRoomSession } from './sessions/create-session.js';
import type { SessionEvents } from './sessions/room-session.js';
import { SIGNALING_HOME, SignalingMount } from './signaling/signaling-mount.js';
import type { SignalingServer } from './signaling/signaling-server.js';
import { StaggeredSweep } from './staggered-sweep.js';
import { ThrottledLog } from './throttled-log.js';

/** Rooms with no activity are still polled this often (timeouts, heartbeats, closing), a slice at a time. */
const SWEEP_MS = 500;
/**
 * A room whose session says the sweep has nothing to do there is still swept this often, for
 * what no timer is kept for (a drop summary waiting for its next report).
 */
const IDLE_ROOM_SWEEP_MS = 10_000;
const SAMPLE_MS = 1000;

export type { RoomServerTls } from './http-listener.js';

/**
 * One listener, many rooms. The request path names the room (`ws://host:9080/match/7f3k`; `/`
 * is the default room); each room is an independent session (a Godot 4 `SceneRelayServer`, a
 * Godot 3 gd_mp_api server, or a plain broadcast / echo room) with its own ids. Joins that
 * cannot be served are refused in the HTTP handshake (400 bad name, 403 room full, 404
 * unknown room, 503 server full or shutting down), never accepted and then dropped. Plain
 * HTTP requests on the same port get the room API, the dashboard and `/metrics`.
 *
 * As everywhere in this library, state changes become visible on `poll()`: call it from
 * `onActivity` (socket events) and at least every few hundred ms (timeouts). Only rooms with
 * activity are polled on a wake-up; the rest every 500 ms.
 */
export class RoomServer extends RoomServerSignals {
  readonly settings: RoomServerSettings;
  readonly stats = new ServerStats();
  /** The dashboard's snapshots and event streams. */
  readonly dashboard = new DashboardFeed(this);
  /** Called from socket events when `poll()` has work. */
  onActivity: (() => void) | null = null;
  /**
   * Decides about each join before it is accepted (check a `?token=`, route into a room, refuse
   * with a status); may return a promise. Null (the default) accepts into the path's room.
   */
  onConnect: ConnectHook | null = null;
  /** Problems of hooks (throws, timeouts), logged at most every 10 s per hook and counted. */
  readonly hookErrors = new ThrottledLog();

  readonly #directory = new RoomDirectory();
  readonly #dirty = new Set<Room>();
  /** Signals of things that happened outside `poll()` (HTTP requests, upgrades). */
  readonly #deferred: (() => void)[] = [];
  #seats = 0;
  readonly #http = new HttpEndpoint({
    upgrade: (req, socket, head) => this.handleUpgrade(req, socket, head),
    request: (req, res) => this.handleRequest(req, res),
    clientError: () => this.stats.refuse('not-websocket'),
  });
  #closing = false;
  #nextSweep = 0;
  readonly #sweep = new StaggeredSweep<Room>(SWEEP_MS);
  #nextSample = 0;
  #lastError = '';
  #signaling: SignalingMount | null = null;
  #router: JoinRouter | null = null;
  /** The RPC manifest, indexed once for every room. */
  readonly #rpcTable: RpcTable;
  /** Counters since start: of closed rooms, and sums with the live ones (`getRooms()`). */
  readonly totals = new RoomTotals();

  constructor(options: RoomServerOptions = {}) {
    super();
    this.settings = roomServerSettings(options);
    this.#rpcTable = new RpcTable(this.settings.rpc.manifest ?? {}, this.settings.rpc);
    const now = performance.now();
    for (const { name, capacity } of this.settings.fixedRooms) {
      const checked = normalizeRoomName(name);
      if (!checked.ok) {
        logger.error(`RoomServer: room "${name}" is not a valid name: ${checked.reason}.`);
        continue;
      }
      const seats = capacity ?? this.settings.maxPeersPerRoom;
      this.#create(checked.name, { capacity: seats, origin: 'fixed' }, now);
    }
  }

  /**
   * Listens on `port` (0: any free port) at `bindAddress` ("*" = every address), with TLS
   * (wss:// and https://) when `tls` is given. Resolves with OK, or ERR_ALREADY_IN_USE when
   * the port is taken, ERR_CANT_CREATE otherwise (`getLastError()` says why).
   */
  listen(port: number, bindAddress = '*', tls: RoomServerTls | null = null): Promise<Error> {
    if (this.#http.server)
      return Promise.resolve(this.#fail(Error.ERR_ALREADY_IN_USE, 'already listening'));
    return this.#http
      .listen(port, bindAddress, tls)
      .then(({ err, message }) => (err === Error.OK ? err : this.#fail(err, message)));
  }

  /**
   * Serves WebSocket joins on an existing `http.Server` / `https.Server` (Express, Fastify, …)
   * on its port. For the room API, dashboard and metrics there too, call `handleRequest`
   * from its request handler (it answers only its own paths).
   */
  attach(server: Server, tls = false): void {
    this.#http.attach(server, tls);
  }

  /** The port listened on (after `listen`), 0 if none. */
  getLocalPort(): number {
    return this.#http.port;
  }

  /** Why the last failing call failed ("" if none did). */
  getLastError(): string {
    return this.#lastError;
  }

  /** Whether URLs this server hands out are wss://. */
  isSecure(): boolean {
    return this.#http.tls;
  }

  /**
   * Routes one HTTP upgrade request to its room, or refuses it with a status and a reason. With
   * an `onConnect` hook the hook decides first (it may take its time: the client waits, up to
   * `hookTimeoutMs`).
   */
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Uint8Array): void {
    const address = formatAddress(socket.remoteAddress ?? '', socket.remotePort ?? 0);
    const hook = this.onConnect;
    const path = req.url ?? '/';
    if (this.#signaling?.owns(path)) {
      if (this.#closing) {
        this.#refuse(socket, address, refusal(503, 'shutting-down', 'the server is shutting down'));
      } else {
        const join = { req, socket, head, room: '', address, data: undefined };
        const refuse = (status: number, text: string) =>
          this.#refuse(socket, address, refusal(status, 'cluster', text));
        this.#signaling.upgrade(join, this.#router, refuse);
      }
      return;
    }
    if (!hook || this.#closing) {
      this.#join(req, socket, head, roomNameFromPath(path), address);
      return;
    }
    const named = roomNameFromPath(path);
    const request = connectRequest(req, named.ok ? named.name : '', address);
    const report = (problem: string) =>
      this.hookErrors.error('onConnect', `RoomServer: ${problem}`);
    askConnectHook(hook, request, this.settings.hookTimeoutMs, report, (d: Decision) => {
      if (socket.destroyed) return;
      if ('status' in d) {
        this.#refuse(socket, address, { status: d.status, why: 'hook', text: d.reason });
        return;
      }
      const target = d.room === null ? named : normalizeRoomName(d.room);
      this.#join(req, socket, head, target, address, d.data);
    });
  }

  /**
   * Serves WebRTC signaling (Godot's `webrtc_signaling` protocol, a `SignalingServer`) on
   * `path` of this server's port, beside the rooms: joins to `path` go to it, its lobbies show
   * on the dashboard and in `/metrics`, and `poll()` drives it.
   */
  attachSignaling(signaling: SignalingServer, path = '/signal'): void {
    this.#signaling = new SignalingMount(signaling, path, () => this.onActivity?.());
  }

  /** Lets a cluster node place joins for rooms this process does not hold (and fixed rooms). */
  setJoinRouter(router: JoinRouter | null): void {
    this.#router = router;
  }

  getJoinRouter(): JoinRouter | null {
    return this.#router;
  }

  /** Admits a join another process routed here: `room` is ours, the hook has run there. */
  acceptForwarded(join: PendingJoin): void {
    const { req, socket, head, room, address, data } = join;
    if (room !== SIGNALING_HOME)
      this.#join(req, socket, head, normalizeRoomName(room), address, data, true);
    else if (this.#signaling) this.#signaling.upgrade(join, null, () => socket.destroy());
    else socket.destroy();
  }

  /** The attached signaling server, if any. */
  getSignaling(): SignalingServer | null {
    return this.#signaling?.server ?? null;
  }

  /** Answers the room API, dashboard, events and metrics; false for any other path. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    return answerHttpRequest(this, req, res);
  }

  /** Reads, relays, admits and closes; emits the signals. */
  poll(): void {
    const now = performance.now();
    while (this.#deferred.length > 0) this.#deferred.shift()?.();
    if (this.#dirty.size > 0) {
      const rooms = [...this.#dirty];
      this.#dirty.clear();
      for (const room of rooms) this.#pollRoom(room, now, false);
    }
    const sweep = now >= this.#nextSweep;
    if (sweep) this.#nextSweep = now + SWEEP_MS;
    this.#signaling?.poll(sweep);
    for (const room of this.#sweep.take(now, () => this.#directory.values())) {
      if (this.#directory.get(room.name) !== room) continue;
      // An idle room (open members, no timers) costs nothing; an empty one is closed on time.
      const idle = room.session.seats() > 0 && !room.session.needsSweep();
      if (idle && now - room.sweptAt < IDLE_ROOM_SWEEP_MS) continue;
      room.sweptAt = now;
      this.#pollRoom(room, now, true);
    }
    if (now >= this.#nextSample) {
      this.#nextSample = now + SAMPLE_MS;
      this.stats.sample(Date.now(), this.#seats, this.#directory.size, this.traffic());
      this.dashboard.publish();
    }
  }

  /** A room by name (folded as join paths are: `getRoom('/Lobby')` finds `/lobby`). */
  getRoom(name: string): Room | undefined {
    const checked = normalizeRoomName(name);
    return checked.ok ? this.#directory.get(checked.name) : undefined;
  }

  /** Every room, in creation order. */
  getRooms(): Room[] {
    return [...this.#directory.values()];
  }

  /** A page of public rooms (`GET /rooms`). */
  listRooms(offset = 0, limit = 50, tag?: string): RoomPage {
    const listed = this.#router?.listedRooms();
    if (listed) return pageRooms(listed, offset, limit, tag);
    return this.#directory.page(performance.now(), offset, limit, tag);
  }

  /**
   * Makes a room from Node code or the HTTP API: `name` (or, without one, a join code whose
   * name is `/<code>`), seats, private (not listed), quick-match tag, metadata. Returns the
   * room, or an Error (ERR_ALREADY_EXISTS, ERR_INVALID_PARAMETER, ERR_OUT_OF_MEMORY when the
   * server has `maxRooms`, ERR_UNAVAILABLE while shutting down).
   */
  createRoom(spec: Partial<RoomSpec> & { name?: string } = {}): Room | Error {
    if (this.#closing) return this.#fail(Error.ERR_UNAVAILABLE, 'the server is shutting down');
    if (this.#directory.size >= this.settings.maxRooms) {
      return this.#fail(Error.ERR_OUT_OF_MEMORY, `the server has ${this.settings.maxRooms} rooms`);
    }
    const capacity = spec.capacity ?? this.settings.maxPeersPerRoom;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > this.settings.maxPeersPerRoom) {
      return this.#fail(
        Error.ERR_INVALID_PARAMETER,
        `capacity must be an integer from 1 to ${this.settings.maxPeersPerRoom}`,
      );
    }
    const named = this.#directory.nameNewRoom(spec.name);
    if ('err' in named) return this.#fail(named.err, named.message);
    const { name, code } = named;
    const now = performance.now();
    const room = this.#create(name, { ...spec, capacity, code, origin: spec.origin ?? 'api' }, now);
    room.closeAt = now + this.settings.createdRoomSeconds * 1000;
    return room;
  }

  /**
   * Quick-match: the fullest public room tagged `tag` with `size` seats that still has one
   * free (a new one when none has), with a seat held for `reservationSeconds`. In a cluster,
   * when this process has none: another process's room (its info; no seat is held for it).
   */
  match(tag: string, size: number): Room | RoomInfo | Error {
    const now = performance.now();
    let room = this.#directory.pickForMatch(tag, size, now);
    const elsewhere = room ? undefined : this.#router?.matchElsewhere(tag, size);
    if (elsewhere) return elsewhere;
    if (!room) {
      const made = this.createRoom({ capacity: size, tag, origin: 'match' });
      if (!(made instanceof Room)) return made;
      room = made;
    }
    room.reservations.push(now + this.settings.reservationSeconds * 1000);
    return room;
  }

  /** Clients holding a seat in any room (members and those still joining), signaling peers too. */
  peerCount(): number {
    return this.#seats + (this.#signaling?.server.getPeers().length ?? 0);
  }

  /** Whether `closeAll` was called (joins are refused with 503). */
  isClosing(): boolean {
    return this.#closing;
  }

  /** Traffic of every room since start (closed rooms included). */
  traffic(): TrafficMeter {
    return this.totals.traffic(this.#directory.values());
  }

  /** RPC calls handled, sent and dropped (by kind), in every room since start. */
  rpcCounts(): Map<string, number> {
    return this.totals.rpcCounts(this.#directory.values());
  }

  /** Packets not delivered, by reason (every room since start). */
  droppedPackets(): Map<string, number> {
    return this.totals.dropped(this.#directory.values());
  }

  /** Refuses new joins and starts the closing handshake with every client. */
  closeAll(code = 1001, reason = 'server shutting down'): void {
    this.#closing = true;
    this.#signaling?.closeAll(code, reason);
    for (const room of this.#directory.values()) {
      room.session.closeAll(code, reason);
      this.#dirty.add(room);
    }
  }

  /** Drops every connection at once (no signals) and stops listening (if `listen` started it). */
  close(): void {
    for (const room of this.#directory.values()) {
      room.session.stop();
      room.dispose();
    }
    this.#directory.clear();
    this.#dirty.clear();
    this.#seats = 0;
    this.dashboard.close();
    this.#signaling?.server.stop();
    this.#http.close();
  }

  /** Admits a client into the room `named` (created if need be), or refuses it. */
  #join(
    req: HttpUpgradeRequest,
    socket: Socket,
    head: Uint8Array,
    named: RoomNameResult,
    address: string,
    data?: unknown,
    routed = false,
  ): void {
    const router = this.#router;
    if (router && !routed && named.ok && !this.#closing) {
      const here = this.#directory.get(named.name);
      if (!here || here.origin === 'fixed') {
        const join = { req, socket, head, room: named.name, address, data };
        const local = () => this.#join(req, socket, head, named, address, data, true);
        const refuse = (status: number, text: string) =>
          this.#refuse(socket, address, refusal(status, 'cluster', text));
        router.route(join, local, refuse);
        return;
      }
    }
    const room = this.#roomFor(named, performance.now());
    if (!(room instanceof Room)) {
      this.#refuse(socket, address, room);
      return;
    }
    const ws = new WebSocketPeer();
    ws.setSupportedProtocols(this.settings.protocols);
    if (ws.acceptHttpUpgrade(req, socket, head) !== Error.OK) {
      socket.destroy();
      return;
    }
    const id = room.seat(ws);
    if (!room.session.accept(ws, id)) {
      ws.close(-1);
      return;
    }
    if (data !== undefined) room.peerData.set(id, data);
    this.#seats++;
    this.stats.accepted++;
    room.closeAt = Number.POSITIVE_INFINITY;
    this.#markDirty(room);
  }

  #refuse(socket: Socket, address: string, { status, why, text }: Refusal): void {
    this.stats.refuse(why);
    refuseUpgrade(socket, status, text);
    this.#defer(() => this.peerRefused.emit(address, status, text));
  }

  /** The room a join goes to (created if need be), or why it is refused. */
  #roomFor(named: RoomNameResult, now: number): Room | Refusal {
    if (this.#closing) return refusal(503, 'shutting-down', 'the server is shutting down');
    if (!named.ok) return refusal(400, 'bad-name', named.reason);
    const { settings } = this;
    if (this.#seats >= settings.maxPeers) return refusal(503, 'server-full', 'the server is full');
    let room = this.#directory.get(named.name);
    if (!room) {
      if (settings.rooms === 'fixed') return refusal(404, 'unknown-room', `no room ${named.name}`);
      if (this.#directory.size >= settings.maxRooms) {
        return refusal(503, 'too-many-rooms', 'the server has no room for another room');
      }
      room = this.#create(named.name, { capacity: settings.maxPeersPerRoom, origin: 'join' }, now);
    }
    if (!room.takeReservation(now) && room.freeSeats(now) <= 0) {
      return refusal(403, 'room-full', `room ${room.name} is full`);
    }
    return room;
  }

  #create(name: string, spec: RoomSpec, now: number): Room {
    const events: SessionEvents = {
      joined: (id) => {
        this.stats.joined++;
        this.peerJoined.emit(room.name, id, room.session.address(id));
      },
      left: (id, code, reason) => {
        this.#seatFreed(room, id);
        this.stats.left++;
        this.stats.closed(code);
        this.peerLeft.emit(room.name, id, code, reason);
      },
      failed: (id) => {
        this.#seatFreed(room, id);
        this.stats.failed++;
      },
      packet: (from, bytes) => this.peerPacket.emit(room.name, from, bytes),
    };
    const session = createRoomSession(this.settings, name, this.#rpcTable, events);
    const room = new Room(name, session, spec, now, this.settings);
    room.reportError = (what, err) =>
      this.hookErrors.error(
        `${name} ${what}`,
        `RoomServer: ${what} of room ${name} threw: ${String(err)}`,
      );
    session.rpc?.rpcReceived.connect((from, path, method, args) =>
      this.rpcReceived.emit(room.name, from, path, method, args),
    );
    // A room nobody manages to join closes like one whose members left.
    if (spec.origin !== 'fixed') room.closeAt = now + this.settings.lingerSeconds * 1000;
    session.onActivity = () => this.#markDirty(room);
    this.#directory.add(room);
    this.stats.roomsCreated++;
    this.#defer(() => this.roomCreated.emit(name));
    this.#router?.roomOpened(name);
    return room;
  }

  #seatFreed(room: Room, id: number): void {
    this.#seats--;
    room.peerData.delete(id);
    if (room.session.seats() === 0 && room.origin !== 'fixed') {
      room.closeAt = performance.now() + this.settings.lingerSeconds * 1000;
    }
  }

  #pollRoom(room: Room, now: number, everyone: boolean): void {
    room.session.poll(everyone);
    if (room.session.seats() > 0 || now < room.closeAt) return;
    if (this.#directory.get(room.name) !== room) return;
    room.session.stop();
    room.dispose();
    this.#directory.delete(room);
    this.totals.retire(room);
    this.stats.roomsClosed++;
    this.#router?.roomClosed(room.name);
    this.roomClosed.emit(room.name);
  }

  #markDirty(room: Room): void {
    const wasIdle = this.#dirty.size === 0;
    this.#dirty.add(room);
    if (wasIdle) this.onActivity?.();
  }

  #defer(emit: () => void): void {
    this.#deferred.push(emit);
    this.onActivity?.();
  }

  /** Keeps `message` for `getLastError()`; only verbose in the log (clients cause these). */
  #fail(err: Error, message: string): Error {
    this.#lastError = message;
    logger.verbose(`RoomServer: ${message}.`);
    return err;
  }
}
