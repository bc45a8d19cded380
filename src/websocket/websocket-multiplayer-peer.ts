import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import { MultiplayerPeer } from '../core/multiplayer-peer.js';
import { TCPServer } from '../net/tcp-server.js';
import type { TLSOptions } from '../net/tls-options.js';
import type { HandshakeRequestHook } from './node/server-opening.js';
import { PendingHandshakes } from './pending-handshakes.js';
import { WebSocketMultiplayerPeerCore } from './websocket-multiplayer-peer-core.js';
import { WebSocketPeer } from './websocket-peer.js';

/**
 * Godot 4's `WebSocketMultiplayerPeer` (docs/godot4-multiplayer.md §3): a `MultiplayerPeer` over
 * WebSockets. A server gives every client a random id and sends it as the first message (4 bytes,
 * int32 LE); after that each binary message is one packet, with no header. Relay between clients
 * happens one layer up (SceneMultiplayer; see `SceneRelayServer`). Signals are emitted only from
 * `poll()`. The client side and the connected peers live in `WebSocketMultiplayerPeerCore` (shared
 * with the browser build); this class adds the Node sockets and the listening half of a server.
 *
 * Deliberate differences from Godot (each marked where it lives): up to 32 connections are
 * accepted per poll; fresh ids never collide with ids in use; packets a server-side peer
 * received before it closed are still delivered; a client also times out while waiting for
 * its id; the shared inbound queue holds at most `maxQueuedPackets` packets.
 */
export class WebSocketMultiplayerPeer extends WebSocketMultiplayerPeerCore<WebSocketPeer> {
  #server: TCPServer | null = null;
  #tlsServerOptions: TLSOptions | null = null;
  #pending = new PendingHandshakes();
  #requestHook: HandshakeRequestHook | null = null;

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
   * Starts a server on `port` (docs/godot4-multiplayer.md §3.2). Status is CONNECTED and the unique
   * id 1 at once. With an IP literal as `bindAddress` Node binds a moment later: a failure then is
   * logged (by TCPServer), kept for `getLastError()` on the next poll, and `getLocalPort()` stays
   * 0; with "*" the result is known at once.
   */
  createServer(port: number, bindAddress = '*', tlsServerOptions: TLSOptions | null = null): Error {
    if (this.getConnectionStatus() !== MultiplayerPeer.CONNECTION_DISCONNECTED) {
      return fail(Error.ERR_ALREADY_IN_USE, 'createServer: the peer is already in use.');
    }
    if (tlsServerOptions && !tlsServerOptions.isServer()) {
      return fail(Error.ERR_INVALID_PARAMETER, 'createServer: client TLS options were given.');
    }
    this.close();
    this.clearLastError();
    const server = new TCPServer();
    const err = server.listen(port, bindAddress);
    if (err !== Error.OK) {
      this.noteError(server.getLastError());
      return err;
    }
    server.onConnection = this.onActivity;
    this.#server = server;
    this.#tlsServerOptions = tlsServerOptions;
    this.startServer();
    return Error.OK;
  }

  /**
   * Node extra (not in Godot): a server with no listening socket of its own, for clients that
   * another listener accepted (a room of a `RoomServer`) and hands in with `acceptPeer`.
   * Otherwise it behaves as `createServer`: CONNECTED and unique id 1 at once.
   */
  createHostedServer(): Error {
    if (this.getConnectionStatus() !== MultiplayerPeer.CONNECTION_DISCONNECTED) {
      return fail(Error.ERR_ALREADY_IN_USE, 'createHostedServer: the peer is already in use.');
    }
    this.close();
    this.startServer();
    return Error.OK;
  }

  /**
   * Node extra: takes a client another listener accepted (its `WebSocketPeer` still in the
   * handshake, e.g. after `acceptHttpUpgrade`, or already open) as if this server had accepted
   * it: the handshake timeout applies, then it gets `id` (or a fresh one) as its first message
   * and `peerConnected`. The peer is configured as this server's own would be.
   */
  acceptPeer(ws: WebSocketPeer, id = 0): Error {
    if (this.getConnectionStatus() !== MultiplayerPeer.CONNECTION_CONNECTED || this.#server) {
      return fail(Error.ERR_UNCONFIGURED, 'acceptPeer: call createHostedServer() first.');
    }
    if (id !== 0 && (id < 2 || this.#pending.has(id) || this.hasPeer(id))) {
      return fail(Error.ERR_INVALID_PARAMETER, `acceptPeer: id ${id} is not free.`);
    }
    this.configureSocket(ws);
    this.#pending.add(id === 0 ? this.#freshId() : id, ws, performance.now());
    return Error.OK;
  }

  /**
   * Connects to a server (docs/godot4-multiplayer.md §3.2); CONNECTING until the server's id
   * message arrives.
   */
  createClient(url: string, tlsClientOptions: TLSOptions | null = null): Error {
    const serverTls = tlsClientOptions?.isServer() === true;
    return this.startClient(serverTls, (ws) => ws.connectToUrl(url, tlsClientOptions));
  }

  /** Node extra: the port the server listens on (useful after `createServer(0)`); 0 if none. */
  getLocalPort(): number {
    return this.#server?.getLocalPort() ?? 0;
  }

  protected override createSocket(): WebSocketPeer {
    const ws = new WebSocketPeer();
    ws.setHandshakeRequestHook(this.#requestHook);
    return ws;
  }

  protected override activityChanged(callback: (() => void) | null): void {
    if (this.#server) this.#server.onConnection = callback;
    this.#pending.setOnActivity(callback);
  }

  protected override pollServer(everyone: boolean): void {
    const now = performance.now();
    const server = this.#server;
    if (server && !this.refuseNewConnections) {
      // (A hosted server has no listener: its clients come in through acceptPeer.)
      // While refusing, connections stay queued, not closed (docs/godot4-multiplayer.md §3.3).
      const newPeer = () => this.newSocket();
      this.#pending.accept(server, this.#tlsServerOptions, newPeer, () => this.#freshId(), now);
      // More than one poll takes are waiting: no further event announces them.
      if (server.isConnectionAvailable()) this.onActivity?.();
    }
    if (!server?.isListening()) this.noteError(server?.getLastError() ?? null);
    const timeoutMs = this.getHandshakeTimeout() * 1000;
    const opened = this.#pending.poll(now, timeoutMs, (e) => this.noteError(e), everyone);
    for (const [id, ws] of opened) this.welcomePeer(id, ws);
    this.pollConnectedPeers(everyone);
  }

  /**
   * A forcibly removed peer is no longer polled: give its close frame (already written) a
   * moment, then drop the connection, so a remote end that never answers cannot keep it open.
   */
  protected override forgetPeer(ws: WebSocketPeer): void {
    const delay = Math.max(1000, this.getHandshakeTimeout() * 1000);
    setTimeout(() => ws.close(-1), delay).unref();
  }

  protected override onClear(): void {
    this.#pending.clear();
    if (this.#server) {
      this.#server.onConnection = null;
      this.#server.stop();
    }
    this.#server = null;
    this.#tlsServerOptions = null;
  }

  /** A fresh id (31 bits, never 0 or 1). Deliberate difference: never one already in use. */
  #freshId(): number {
    for (;;) {
      const id = this.generateUniqueId();
      if (id > 1 && !this.#pending.has(id) && !this.hasPeer(id)) return id;
    }
  }
}

function fail(err: Error, message: string): Error {
  logger.error(message);
  return err;
}
