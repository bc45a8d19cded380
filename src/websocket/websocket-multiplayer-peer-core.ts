import { ACTIVITY_SWEEP_MS, ActivityMarks } from '../core/activity-marks.js';
import { DropLog } from '../core/drop-log.js';
import { Error } from '../core/error.js';
import { ErrorCode, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import { type ConnectionStatus, MultiplayerPeer } from '../core/multiplayer-peer.js';
import { PacketQueue } from '../core/packet-queue.js';
import { int32le, type MultiplayerSocket, readInt32le } from './multiplayer-socket.js';
import { WebSocketMultiplayerPeerBase } from './websocket-multiplayer-peer-base.js';
import { State } from './websocket-peer-base.js';

const { CONNECTION_DISCONNECTED, CONNECTION_CONNECTING, CONNECTION_CONNECTED } = MultiplayerPeer;

/**
 * The platform-independent part of Godot 4's `WebSocketMultiplayerPeer` (docs/godot4-multiplayer.md
 * §3): the connected peers, the shared inbound queue, the client side (id handshake,
 * docs/godot4-multiplayer.md §3.4), the connected-peer half of a server poll
 * (docs/godot4-multiplayer.md §3.3 step 3), sending with targets (docs/godot4-multiplayer.md §3.5),
 * `disconnectPeer` and `close`. Subclasses make the sockets (`createSocket`, the peer factory) and,
 * in Node, add the listening half of a server.
 */
export abstract class WebSocketMultiplayerPeerCore<
  P extends MultiplayerSocket,
> extends WebSocketMultiplayerPeerBase {
  #status: ConnectionStatus = CONNECTION_DISCONNECTED;
  #uniqueId = 0;
  #isServer = false;
  #peers = new Map<number, P>();
  #incoming = new PacketQueue(4096, 0);
  #clientSince = 0;
  #lastError: LastError | null = null;
  #onActivity: (() => void) | null = null;
  #drops: DropLog | null = null; // made by the first dropped packet
  /** Connected peers (server) with activity since they were last polled. */
  #active = new ActivityMarks<number>();
  #nextSweep = 0;
  /** Server peers whose input is not taken (their own queue fills, TCP pushes back). */
  #paused = new Set<number>();

  /** The peer factory: a fresh, unconfigured `WebSocketPeer`. */
  protected abstract createSocket(): P;

  /**
   * Not in Godot: called from socket events (not from `poll()`) when a connection or data is
   * waiting, so an event-driven program can `poll()` at once instead of on a timer.
   */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    this.#active.wake = callback;
    this.activityChanged(callback);
    if (!this.#isServer) {
      for (const ws of this.#peers.values()) ws.onActivity = callback;
      return;
    }
    for (const [id, ws] of this.#peers) ws.onActivity = this.#active.callbackFor(id);
    this.#nextSweep = 0; // what happened meanwhile was not recorded: the next poll reads all
  }

  /** The `WebSocketPeer` of connected peer `id` (a client's server is peer 1); null if unknown. */
  getPeer(id: number): P | null {
    const ws = this.#peers.get(id);
    if (!ws) return unknownPeer(id, null);
    return ws;
  }

  /** The remote address of peer `id`; "" (and an error) for an unknown id. */
  getPeerAddress(id: number): string {
    const ws = this.#peers.get(id);
    if (!ws) return unknownPeer(id, '');
    return ws.getConnectedHost();
  }

  /** The remote port of peer `id`; 0 (and an error) for an unknown id. */
  getPeerPort(id: number): number {
    const ws = this.#peers.get(id);
    if (!ws) return unknownPeer(id, 0);
    return ws.getConnectedPort();
  }

  getUniqueId(): number {
    return this.#uniqueId;
  }

  getConnectionStatus(): ConnectionStatus {
    return this.#status;
  }

  /** Source peer of the next packet (1, and an error, when there is none). */
  getPacketPeer(): number {
    const next = this.#incoming.peek();
    if (!next) {
      logger.error('getPacketPeer: no packet available.');
      return 1;
    }
    return next.peer;
  }

  getAvailablePacketCount(): number {
    return this.#incoming.count;
  }

  protected override getPacketRaw(): Uint8Array | Error {
    if (this.#status !== CONNECTION_CONNECTED) {
      return fail(Error.ERR_UNCONFIGURED, 'getPacket: the peer is not connected.');
    }
    const packet = this.#incoming.shift();
    return packet ? packet.data : Error.ERR_UNAVAILABLE;
  }

  /**
   * Sends one binary message (docs/godot4-multiplayer.md §3.5). Server: target N > 0 → that peer
   * (unknown → ERR_INVALID_PARAMETER), 0 → every peer, −N → every peer but N; OK whatever each peer
   * answers. Client: always to the server (the target is ignored).
   */
  protected override putPacketRaw(data: Uint8Array): Error {
    if (this.#status !== CONNECTION_CONNECTED) {
      return fail(Error.ERR_UNCONFIGURED, 'putPacket: the peer is not connected.');
    }
    if (!this.#isServer) return this.#peers.get(1)?.putPacket(data) ?? Error.ERR_UNCONFIGURED;
    const target = this.getTargetPeer();
    if (target > 0) {
      const ws = this.#peers.get(target);
      if (!ws) return fail(Error.ERR_INVALID_PARAMETER, `putPacket: no peer with id ${target}.`);
      this.#sendTo(target, ws, data);
      return Error.OK;
    }
    for (const [id, ws] of this.#peers) {
      if (target !== 0 && id === -target) continue;
      this.#sendTo(id, ws, data);
    }
    return Error.OK;
  }

  /**
   * Node extra (for metrics): packets a server did not send, by reason, since it started:
   * `'peer closing'` (the peer was leaving: nothing is sent to it) and `'output buffer full'`
   * (its `outboundBufferSize` or `maxQueuedPackets` was reached). Reported in the log as one
   * line per reason per second at most (sends to closing peers are only counted).
   */
  /**
   * Library-internal (fair relays): while paused, a server's peer is still polled but its
   * packets are not taken into the shared queue, so once its own queue is full TCP pushes back
   * on the sender. Unpausing reads it on at the next poll (which it asks for).
   */
  setPeerPaused(id: number, paused: boolean): void {
    if (paused) {
      this.#paused.add(id);
      return;
    }
    if (!this.#paused.delete(id)) return;
    this.#active.mark(id);
    this.#onActivity?.();
  }

  /**
   * Library-internal (fair relays): whether a send of `size` bytes to server peer `id` would be
   * taken now (open, and within its outbound buffer and queued-packet limits).
   */
  canSendTo(id: number, size: number): boolean {
    const ws = this.#peers.get(id);
    if (!ws || ws.getReadyState() !== State.STATE_OPEN) return false;
    return ws.canSend ? ws.canSend(size) : true;
  }

  getDropCounts(): Record<string, number> {
    return this.#drops?.counts() ?? {};
  }

  /** A server's send to one peer: never to a peer that is closing; failures counted, not logged. */
  #sendTo(id: number, ws: P, data: Uint8Array): Error {
    if (ws.getReadyState() !== State.STATE_OPEN) {
      this.#dropLog().count('peer closing'); // normal while leaving: counted, not logged
      return Error.FAILED;
    }
    const err = ws.trySend ? ws.trySend(data) : ws.putPacket(data);
    if (err !== Error.OK) this.#dropLog().drop('to', id, 'output buffer full');
    return err;
  }

  #dropLog(): DropLog {
    this.#drops ??= new DropLog('WebSocketMultiplayerPeer: ', 'error');
    return this.#drops;
  }

  poll(): void {
    if (this.#status === CONNECTION_DISCONNECTED) return;
    if (this.#isServer) {
      const now = performance.now();
      const everyone = this.#onActivity === null || now >= this.#nextSweep;
      if (everyone) this.#nextSweep = now + ACTIVITY_SWEEP_MS;
      this.pollServer(everyone);
      this.#drops?.report();
    } else this.#pollClient();
  }

  /**
   * Closes peer `id` with code 1000 (docs/godot4-multiplayer.md §3.5). Without `force` it is
   * removed, with a `peerDisconnected`, on a later poll; with `force` at once and without a signal
   * (on a client, `force` also clears everything).
   */
  disconnectPeer(id: number, force = false): void {
    const ws = this.#peers.get(id);
    if (!ws) {
      unknownPeer(id, undefined);
      return;
    }
    ws.close();
    if (!force) return;
    this.#peers.delete(id);
    this.#active.delete(id);
    this.#paused.delete(id);
    this.forgetPeer(ws);
    if (!this.#isServer) this.#clear();
  }

  /**
   * Node and browser extra: the last thing that went wrong, or null. A client: why its
   * connection failed or was lost (its socket's error, `HANDSHAKE_TIMEOUT`, `HANDSHAKE_FAILED`
   * for a bad id). A server: a failed listen, or the last peer whose handshake failed or whose
   * connection was lost (`address` says which). Cleared by `createClient` / `createServer`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }

  /** Records an error for `getLastError()` (null is ignored: nothing went wrong). */
  protected noteError(error: LastError | null): void {
    if (error !== null) this.#lastError = error;
  }

  /** Forgets the last error (a new client or server starts). */
  protected clearLastError(): void {
    this.#lastError = null;
  }

  /** Drops every connection at once (no close frames, no signals); status DISCONNECTED, id 0. */
  close(): void {
    this.#clear();
  }

  /**
   * The listening half of a server poll (Node only); the base has no server. `everyone`: poll
   * every peer (no `onActivity`, or a sweep is due); otherwise only those with activity.
   */
  protected pollServer(everyone: boolean): void {
    this.pollConnectedPeers(everyone);
  }

  /** Whether `onActivity` is set (then polls may read only the peers with activity). */
  protected get activityDriven(): boolean {
    return this.#onActivity !== null;
  }

  /** `onActivity` changed: subclasses pass it on to what they own besides the peers. */
  protected activityChanged(_callback: (() => void) | null): void {}

  /** A forcibly removed peer is no longer polled; subclasses may drop it later. */
  protected forgetPeer(_ws: P): void {}

  /** `close()` and failures call this after the peers are gone (a server stops listening here). */
  protected onClear(): void {}

  /** Whether `id` is a connected peer. */
  protected hasPeer(id: number): boolean {
    return this.#peers.has(id);
  }

  /**
   * A socket from the factory, configured as docs/godot4-multiplayer.md §3.1 says (and wired to
   * `onActivity`).
   */
  protected newSocket(): P {
    const ws = this.createSocket();
    this.configureSocket(ws);
    return ws;
  }

  /** Applies this peer's socket settings and `onActivity` to `ws`. */
  protected configureSocket(ws: P): void {
    ws.setSupportedProtocols(this.getSupportedProtocols());
    ws.setHandshakeHeaders(this.getHandshakeHeaders());
    ws.setInboundBufferSize(this.getInboundBufferSize());
    ws.setOutboundBufferSize(this.getOutboundBufferSize());
    ws.setMaxQueuedPackets(this.getMaxQueuedPackets());
    ws.onActivity = this.#onActivity;
  }

  /**
   * `create_client` (docs/godot4-multiplayer.md §3.2): ERR_ALREADY_IN_USE unless DISCONNECTED,
   * ERR_INVALID_PARAMETER for server TLS options, else `connect`'s error; OK → CONNECTING until the
   * id arrives.
   */
  protected startClient(serverTlsOptions: boolean, connect: (ws: P) => Error): Error {
    if (this.#status !== CONNECTION_DISCONNECTED) {
      return fail(Error.ERR_ALREADY_IN_USE, 'createClient: the peer is already in use.');
    }
    if (serverTlsOptions) {
      return fail(Error.ERR_INVALID_PARAMETER, 'createClient: server TLS options were given.');
    }
    this.#clear();
    this.#lastError = null;
    const ws = this.newSocket();
    const err = connect(ws);
    if (err !== Error.OK) {
      this.noteError(ws.getLastError());
      return err;
    }
    this.#peers.set(1, ws);
    this.#incoming = this.#newIncomingQueue();
    this.#clientSince = performance.now();
    this.#status = CONNECTION_CONNECTING;
    return Error.OK;
  }

  /** A server is listening: unique id 1, CONNECTED at once (docs/godot4-multiplayer.md §3.2). */
  protected startServer(): void {
    this.#isServer = true;
    this.#uniqueId = 1;
    this.#incoming = this.#newIncomingQueue();
    this.#status = CONNECTION_CONNECTED;
  }

  /**
   * A handshake completed: drop it if refusing, else send the 4-byte id and signal
   * (docs/godot4-multiplayer.md §3.3).
   */
  protected welcomePeer(id: number, ws: P): void {
    if (this.refuseNewConnections || this.#status !== CONNECTION_CONNECTED) {
      ws.close(-1);
      return;
    }
    if (ws.putPacket(int32le(id)) !== Error.OK) {
      logger.error(`Failed to send the id to newly connected peer ${id}.`);
      ws.close(-1);
      return;
    }
    this.#peers.set(id, ws);
    ws.onActivity = this.#active.callbackFor(id);
    this.#active.mark(id); // what came with the handshake
    this.peerConnected.emit(id);
  }

  /**
   * Server poll, docs/godot4-multiplayer.md §3.3 step 3: read every connected peer (or, not
   * `everyone`, those with activity); remove and signal closed ones. A peer whose packets did
   * not all fit the shared queue is read again by the next poll, which this one asks for when it
   * moved packets (so a program that does not take them is not woken in a loop).
   */
  protected pollConnectedPeers(everyone: boolean): void {
    const gone: number[] = [];
    const marked = this.#active.take();
    // (Nothing below adds or removes peers before the loop ends: the map can be walked.)
    const ids = everyone ? this.#peers.keys() : marked;
    // A sweep (activity-driven) skips the peers that have nothing to time; marked ones it reads.
    const skipIdle = everyone && this.#onActivity !== null;
    const wanted = skipIdle && marked.length > 0 ? new Set(marked) : null;
    let moved = 0;
    let left = false;
    for (const id of ids) {
      const ws = this.#peers.get(id);
      if (!ws) continue;
      if (skipIdle && ws.needsSweep?.() === false && !wanted?.has(id)) continue;
      ws.poll();
      // Deliberate difference: Godot skips a peer that is no longer OPEN without reading it.
      if (!this.#paused.has(id)) moved += this.#drain(id, ws);
      if (ws.getReadyState() !== State.STATE_OPEN) gone.push(id);
      else if (this.#paused.has(id))
        continue; // read on when it is unpaused
      else if (ws.getAvailablePacketCount() > 0 || ws.isInputHeld?.()) {
        this.#active.mark(id);
        left = true;
      }
    }
    if (left && moved > 0 && this.#onActivity) this.#onActivity();
    for (const id of gone) {
      const ws = this.#peers.get(id);
      if (!ws) continue;
      this.#peers.delete(id);
      this.#active.delete(id);
      this.#paused.delete(id);
      this.noteError(ws.getLastError());
      ws.close(-1);
      this.peerDisconnected.emit(id);
    }
  }

  /** Godot's client poll (docs/godot4-multiplayer.md §3.4). */
  #pollClient(): void {
    const ws = this.#peers.get(1);
    if (!ws) return;
    ws.poll();
    const state = ws.getReadyState();
    if (state === State.STATE_OPEN) {
      if (this.#status === CONNECTION_CONNECTING && ws.getAvailablePacketCount() > 0) {
        if (!this.#acceptId(ws)) return;
      }
      if (this.#status === CONNECTION_CONNECTED) this.#drain(1, ws);
    } else if (state === State.STATE_CLOSED) {
      this.noteError(ws.getLastError());
      const wasConnected = this.#status === CONNECTION_CONNECTED;
      if (wasConnected) this.peerDisconnected.emit(1);
      this.#clear();
      return;
    }
    // Deliberate difference: Godot stops counting once the socket is OPEN, so a server that
    // never sends the id keeps a client CONNECTING forever; here the timeout covers the id too.
    if (
      this.#status === CONNECTION_CONNECTING &&
      performance.now() - this.#clientSince > this.getHandshakeTimeout() * 1000
    ) {
      const message = `no id from the server within ${this.getHandshakeTimeout()} s`;
      this.noteError(lastError(ErrorCode.HANDSHAKE_TIMEOUT, message));
      logger.verbose(`WebSocket handshake timed out after ${this.getHandshakeTimeout()} s.`);
      this.#clear();
    }
  }

  /** The first message must be exactly 4 bytes, int32 LE ≥ 2; otherwise close (code 1000). */
  #acceptId(ws: P): boolean {
    const first = ws.getPacket();
    const id = first.byteLength === 4 ? readInt32le(first) : 0;
    if (id < 2) {
      ws.close(); // CLOSED on a later poll → DISCONNECTED without a signal.
      const message = 'the server sent an invalid id (not 4 bytes holding a value ≥ 2)';
      this.noteError(lastError(ErrorCode.HANDSHAKE_FAILED, message));
      logger.error('Invalid ID received from server.');
      return false;
    }
    this.#uniqueId = id;
    this.#status = CONNECTION_CONNECTED;
    this.peerConnected.emit(1);
    return this.#status === CONNECTION_CONNECTED;
  }

  /**
   * Moves a peer's packets into the shared queue while it has room (the rest wait in the
   * peer's own bounded queue, which holds back TCP); returns how many it took. Zero-length
   * messages are dropped, as Godot drops them.
   */
  #drain(id: number, ws: P): number {
    let moved = 0;
    while (ws.getAvailablePacketCount() > 0 && this.#incoming.count < this.getMaxQueuedPackets()) {
      const packet = ws.getPacket();
      moved++;
      if (packet.byteLength > 0) this.#incoming.push(packet, false, id);
    }
    return moved;
  }

  #newIncomingQueue(): PacketQueue {
    return new PacketQueue(this.getMaxQueuedPackets(), 0);
  }

  #clear(): void {
    for (const ws of this.#peers.values()) ws.close(-1);
    this.#peers.clear();
    this.#active.clear();
    this.#paused.clear();
    this.onClear();
    this.#isServer = false;
    this.#incoming.clear();
    this.#uniqueId = 0;
    this.#status = CONNECTION_DISCONNECTED;
  }
}

function fail(err: Error, message: string): Error {
  logger.error(message);
  return err;
}

function unknownPeer<T>(id: number, value: T): T {
  logger.error(`No peer with id ${id}.`);
  return value;
}
