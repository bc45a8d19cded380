import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import { type ConnectionStatus, MultiplayerPeer } from '../core/multiplayer-peer.js';
import { PacketQueue } from '../core/packet-queue.js';
import { TCPServer } from '../net/tcp-server.js';
import type { TLSOptions } from '../net/tls-options.js';
import type { HandshakeRequestHook } from './node/server-opening.js';
import { PendingHandshakes } from './pending-handshakes.js';
import { WebSocketMultiplayerPeerBase } from './websocket-multiplayer-peer-base.js';
import { WebSocketPeer } from './websocket-peer.js';
import { State } from './websocket-peer-base.js';

const { CONNECTION_DISCONNECTED, CONNECTION_CONNECTING, CONNECTION_CONNECTED } = MultiplayerPeer;

/**
 * Godot 4's `WebSocketMultiplayerPeer` (facts §3): a `MultiplayerPeer` over WebSockets. A server
 * gives every client a random id and sends it as the first message (4 bytes, int32 LE); after
 * that each binary message is one packet, with no header. Relay between clients happens one
 * layer up (SceneMultiplayer; see `SceneRelayServer`). Signals are emitted only from `poll()`.
 *
 * Deliberate differences from Godot (each marked where it lives): up to 32 connections are
 * accepted per poll; fresh ids never collide with ids in use; packets a server-side peer
 * received before it closed are still delivered; a client also times out while waiting for
 * its id; the shared inbound queue holds at most `maxQueuedPackets` packets.
 */
export class WebSocketMultiplayerPeer extends WebSocketMultiplayerPeerBase {
  #status: ConnectionStatus = CONNECTION_DISCONNECTED;
  #uniqueId = 0;
  #server: TCPServer | null = null;
  #tlsServerOptions: TLSOptions | null = null;
  #pending = new PendingHandshakes();
  #peers = new Map<number, WebSocketPeer>();
  #incoming = new PacketQueue(4096, 0);
  #clientSince = 0;
  #onActivity: (() => void) | null = null;
  #requestHook: HandshakeRequestHook | null = null;

  /**
   * Node extra (not in Godot): called from socket events (not from `poll()`) when a connection
   * or data is waiting, so an event-driven program can `poll()` at once instead of on a timer.
   */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    if (this.#server) this.#server.onConnection = callback;
    this.#pending.setOnActivity(callback);
    for (const ws of this.#peers.values()) ws.onActivity = callback;
  }

  /**
   * Node extra (not in Godot): inspects each client's HTTP request before a server accepts it,
   * as `WebSocketPeer.setHandshakeRequestHook`: return `undefined` to go on with the upgrade, or
   * `{ status, reason?, headers?, body? }` to answer with that HTTP response and close (e.g. a
   * page for plain HTTP GETs on the game's port). Applies to connections accepted afterwards.
   */
  setHandshakeRequestHook(hook: HandshakeRequestHook | null): void {
    this.#requestHook = hook;
  }

  /**
   * Starts a server on `port` (facts §3.2). Status is CONNECTED and the unique id 1 at once.
   * With an IP literal as `bindAddress` Node binds a moment later: a failure then is logged
   * (by TCPServer) and `getLocalPort()` stays 0; with "*" the result is known at once.
   */
  createServer(port: number, bindAddress = '*', tlsServerOptions: TLSOptions | null = null): Error {
    if (this.#status !== CONNECTION_DISCONNECTED) {
      return fail(Error.ERR_ALREADY_IN_USE, 'createServer: the peer is already in use.');
    }
    if (tlsServerOptions && !tlsServerOptions.isServer()) {
      return fail(Error.ERR_INVALID_PARAMETER, 'createServer: client TLS options were given.');
    }
    this.#clear();
    const server = new TCPServer();
    const err = server.listen(port, bindAddress);
    if (err !== Error.OK) return err;
    server.onConnection = this.#onActivity;
    this.#server = server;
    this.#tlsServerOptions = tlsServerOptions;
    this.#uniqueId = 1;
    this.#incoming = this.#newIncomingQueue();
    this.#status = CONNECTION_CONNECTED;
    return Error.OK;
  }

  /** Connects to a server (facts §3.2); CONNECTING until the server's id message arrives. */
  createClient(url: string, tlsClientOptions: TLSOptions | null = null): Error {
    if (this.#status !== CONNECTION_DISCONNECTED) {
      return fail(Error.ERR_ALREADY_IN_USE, 'createClient: the peer is already in use.');
    }
    if (tlsClientOptions?.isServer()) {
      return fail(Error.ERR_INVALID_PARAMETER, 'createClient: server TLS options were given.');
    }
    this.#clear();
    const ws = this.#newPeer();
    const err = ws.connectToUrl(url, tlsClientOptions);
    if (err !== Error.OK) return err;
    this.#peers.set(1, ws);
    this.#incoming = this.#newIncomingQueue();
    this.#clientSince = performance.now();
    this.#status = CONNECTION_CONNECTING;
    return Error.OK;
  }

  /** Node extra: the port the server listens on (useful after `createServer(0)`); 0 if none. */
  getLocalPort(): number {
    return this.#server?.getLocalPort() ?? 0;
  }

  /** The `WebSocketPeer` of connected peer `id` (a client's server is peer 1); null if unknown. */
  getPeer(id: number): WebSocketPeer | null {
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
   * Sends one binary message (facts §3.5). Server: target N > 0 → that peer (unknown →
   * ERR_INVALID_PARAMETER), 0 → every peer, −N → every peer but N; OK whatever each peer
   * answers. Client: always to the server.
   */
  protected override putPacketRaw(data: Uint8Array): Error {
    if (this.#status !== CONNECTION_CONNECTED) {
      return fail(Error.ERR_UNCONFIGURED, 'putPacket: the peer is not connected.');
    }
    if (!this.#server) return this.#peers.get(1)?.putPacket(data) ?? Error.ERR_UNCONFIGURED;
    const target = this.getTargetPeer();
    if (target > 0) {
      const ws = this.#peers.get(target);
      if (!ws) return fail(Error.ERR_INVALID_PARAMETER, `putPacket: no peer with id ${target}.`);
      ws.putPacket(data);
      return Error.OK;
    }
    for (const [id, ws] of this.#peers) {
      if (target !== 0 && id === -target) continue;
      ws.putPacket(data);
    }
    return Error.OK;
  }

  poll(): void {
    if (this.#status === CONNECTION_DISCONNECTED) return;
    if (this.#server) this.#pollServer();
    else this.#pollClient();
  }

  /**
   * Closes peer `id` with code 1000 (facts §3.5). Without `force` it is removed, with a
   * `peerDisconnected`, on a later poll; with `force` at once and without a signal (on a
   * client, `force` also clears everything).
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
    dropLater(ws, this.getHandshakeTimeout());
    if (!this.#server) this.#clear();
  }

  /** Drops every connection at once (no close frames, no signals); status DISCONNECTED, id 0. */
  close(): void {
    this.#clear();
  }

  /** A fresh id (31 bits, never 0 or 1). Deliberate difference: never one already in use. */
  #freshId(): number {
    for (;;) {
      const id = this.generateUniqueId();
      if (id > 1 && !this.#pending.has(id) && !this.#peers.has(id)) return id;
    }
  }

  #pollServer(): void {
    const now = performance.now();
    const server = this.#server;
    if (server && !this.refuseNewConnections) {
      // While refusing, connections stay queued, not closed (facts §3.3).
      const newPeer = () => this.#newPeer();
      this.#pending.accept(server, this.#tlsServerOptions, newPeer, () => this.#freshId(), now);
    }
    for (const [id, ws] of this.#pending.poll(now, this.getHandshakeTimeout() * 1000)) {
      this.#welcome(id, ws);
    }
    const gone: number[] = [];
    for (const [id, ws] of this.#peers) {
      ws.poll();
      // Deliberate difference: Godot skips a peer that is no longer OPEN without reading it.
      this.#drain(id, ws);
      if (ws.getReadyState() !== State.STATE_OPEN) gone.push(id);
    }
    for (const id of gone) {
      const ws = this.#peers.get(id);
      if (!ws) continue;
      this.#peers.delete(id);
      ws.close(-1);
      this.peerDisconnected.emit(id);
    }
  }

  /** A handshake completed: drop it if refusing, else send the 4-byte id and signal. */
  #welcome(id: number, ws: WebSocketPeer): void {
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
    this.peerConnected.emit(id);
  }

  /** Godot's client poll (facts §3.4). */
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
      logger.verbose(`WebSocket handshake timed out after ${this.getHandshakeTimeout()} s.`);
      this.#clear();
    }
  }

  /** The first message must be exactly 4 bytes, int32 LE ≥ 2; otherwise close (code 1000). */
  #acceptId(ws: WebSocketPeer): boolean {
    const first = ws.getPacket();
    const id = first.byteLength === 4 ? readInt32le(first) : 0;
    if (id < 2) {
      ws.close(); // CLOSED on a later poll → DISCONNECTED without a signal.
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
   * peer's own bounded queue, which holds back TCP). Zero-length messages are dropped, as
   * Godot drops them.
   */
  #drain(id: number, ws: WebSocketPeer): void {
    while (ws.getAvailablePacketCount() > 0 && this.#incoming.count < this.getMaxQueuedPackets()) {
      const packet = ws.getPacket();
      if (packet.byteLength > 0) this.#incoming.push(packet, false, id);
    }
  }

  #newPeer(): WebSocketPeer {
    const ws = new WebSocketPeer();
    ws.setSupportedProtocols(this.getSupportedProtocols());
    ws.setHandshakeHeaders(this.getHandshakeHeaders());
    ws.setInboundBufferSize(this.getInboundBufferSize());
    ws.setOutboundBufferSize(this.getOutboundBufferSize());
    ws.setMaxQueuedPackets(this.getMaxQueuedPackets());
    ws.setHandshakeRequestHook(this.#requestHook);
    ws.onActivity = this.#onActivity;
    return ws;
  }

  #newIncomingQueue(): PacketQueue {
    return new PacketQueue(this.getMaxQueuedPackets(), 0);
  }

  #clear(): void {
    this.#pending.clear();
    for (const ws of this.#peers.values()) ws.close(-1);
    this.#peers.clear();
    if (this.#server) {
      this.#server.onConnection = null;
      this.#server.stop();
    }
    this.#server = null;
    this.#tlsServerOptions = null;
    this.#incoming.clear();
    this.#uniqueId = 0;
    this.#status = CONNECTION_DISCONNECTED;
  }
}

/**
 * A forcibly removed peer is no longer polled: give its close frame (already written) a
 * moment, then drop the connection, so a remote end that never answers cannot keep it open.
 */
function dropLater(ws: WebSocketPeer, seconds: number): void {
  setTimeout(() => ws.close(-1), Math.max(1000, seconds * 1000)).unref();
}

function int32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

function readInt32le(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
}

function fail(err: Error, message: string): Error {
  logger.error(message);
  return err;
}

function unknownPeer<T>(id: number, value: T): T {
  logger.error(`No peer with id ${id}.`);
  return value;
}
