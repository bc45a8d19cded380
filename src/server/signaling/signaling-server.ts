import type { Socket } from 'node:net';
import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { Signal } from '../../core/signal.js';
import { StreamPeerTLS } from '../../net/stream-peer-tls.js';
import { TCPServer } from '../../net/tcp-server.js';
import type { TLSOptions } from '../../net/tls-options.js';
import type { HttpUpgradeRequest } from '../../websocket/node/http-upgrade.js';
import { WebSocketPeer } from '../../websocket/websocket-peer.js';
import { RateLimiter } from '../rate-limiter.js';
import type { Lobby, LobbyInfo } from './lobby.js';
import { LobbyRules } from './lobby-rules.js';
import { newPeerId } from './random-names.js';
import { codecFor, detectProtocol } from './signaling-codec.js';
import { newSignalingCounters, type SignalingCounters } from './signaling-counters.js';
import { CloseReason, REFUSE_CODE, type SignalingMessage } from './signaling-message.js';
import {
  type JoinHook,
  type ResolvedSignalingOptions,
  resolveSignalingOptions,
  type SignalingOptions,
} from './signaling-options.js';
import type { SignalingPeer } from './signaling-peer.js';

const decoder = new TextDecoder();
/** New TCP connections taken per poll (the rest wait for the next one). */
const ACCEPTS_PER_POLL = 32;
/** The smallest message this server sends (Godot 3's "S: \n"), in bytes. */
const MIN_MESSAGE = 4;
/** Sockets still in their handshake, at most, beyond `maxPeers`. */
const MAX_HANDSHAKING = 256;

/**
 * The WebRTC signaling server of Godot's `webrtc_signaling` demo (both its Godot 4 JSON and its
 * Godot 3 line protocol), with limits. Peers join lobbies; the server gives each its id, tells
 * it who else is there, relays offers, answers and ICE candidates with the sender's id, and
 * ends a lobby when its host leaves or some seconds after the host seals it.
 *
 * Polled, as everything here: call `poll()` when `onActivity` fires and on a slow timer (the
 * join and seal timeouts are checked there). It listens itself (`listen`) or takes WebSocket
 * peers another listener accepted (`acceptPeer`, `acceptHttpUpgrade`), or both.
 */
export class SignalingServer {
  /** A WebSocket opened: (server-wide id, "host:port"). */
  readonly peerConnected = new Signal<[id: number, address: string]>('peer_connected');
  /** A WebSocket closed (code −1: dropped; 0: no status). */
  readonly peerDisconnected = new Signal<[id: number, code: number, reason: string]>(
    'peer_disconnected',
  );
  /** A peer joined a lobby, with its id there (1 = the host). */
  readonly peerJoined = new Signal<[lobby: string, id: number]>('peer_joined');
  /** A peer left a lobby (its socket closed, or the lobby ended). */
  readonly peerLeft = new Signal<[lobby: string, id: number]>('peer_left');
  readonly lobbyCreated = new Signal<[lobby: string]>('lobby_created');
  readonly lobbySealed = new Signal<[lobby: string]>('lobby_sealed');
  /** A lobby ended (its host left). */
  readonly lobbyClosed = new Signal<[lobby: string]>('lobby_closed');

  readonly #options: ResolvedSignalingOptions;
  readonly #counters = newSignalingCounters();
  readonly #peers = new Set<SignalingPeer>();
  readonly #byId = new Map<number, SignalingPeer>();
  readonly #lobbies = new Map<string, Lobby<SignalingPeer>>();
  #tcp: TCPServer | null = null;
  #tls: TLSOptions | null = null;
  #onActivity: (() => void) | null = null;
  #listenReason = '';

  readonly #rules: LobbyRules;

  constructor(options: SignalingOptions = {}) {
    this.#options = resolveSignalingOptions(options);
    this.#rules = new LobbyRules({
      options: this.#options,
      counters: this.#counters,
      lobbies: this.#lobbies,
      signals: this,
      send: (peer, message) => this.#send(peer, message),
      close: (peer, code, reason, now) => this.#close(peer, code, reason, now),
    });
  }

  /** Called (from socket events, not from `poll()`) when `poll()` has work. */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    if (this.#tcp) this.#tcp.onConnection = callback;
    for (const peer of this.#peers) peer.ws.onActivity = callback;
  }

  /** Listens for signaling clients itself (`ws://`, or `wss://` with server TLS options). */
  listen(port: number, bindAddress = '*', tls: TLSOptions | null = null): Error {
    const tcp = this.#newListener(tls);
    return tcp ? this.#bound(tcp, tcp.listen(port, bindAddress)) : Error.ERR_ALREADY_IN_USE;
  }

  /**
   * Like `listen`, but resolves once the bind has succeeded (OK) or failed (its Error;
   * `getListenErrorReason()` then names the cause, e.g. "EADDRINUSE").
   */
  async listenAsync(
    port: number,
    bindAddress = '*',
    tls: TLSOptions | null = null,
  ): Promise<Error> {
    const tcp = this.#newListener(tls);
    return tcp
      ? this.#bound(tcp, await tcp.listenAsync(port, bindAddress))
      : Error.ERR_ALREADY_IN_USE;
  }

  /** Node's reason for the last failed listen ('' if none). */
  getListenErrorReason(): string {
    return this.#listenReason;
  }

  #newListener(tls: TLSOptions | null): TCPServer | null {
    if (this.#tcp) {
      logger.error('SignalingServer.listen: already listening; call stop() first.');
      return null;
    }
    this.#tls = tls;
    return new TCPServer();
  }

  #bound(tcp: TCPServer, err: Error): Error {
    this.#listenReason = tcp.getListenErrorReason();
    if (err !== Error.OK) return err;
    tcp.onConnection = this.#onActivity;
    this.#tcp = tcp;
    return Error.OK;
  }

  isListening(): boolean {
    return this.#tcp?.isListening() ?? false;
  }

  /** The port listened on (after `listen`), or 0. */
  getLocalPort(): number {
    return this.#tcp?.getLocalPort() ?? 0;
  }

  /** The join hook (`SignalingOptions.onJoin`), or null. */
  getJoinHook(): JoinHook | null {
    return this.#options.onJoin ?? null;
  }

  /** Replaces the join hook (null: none); applies to the next JOIN. */
  setJoinHook(hook: JoinHook | null): void {
    if (hook) this.#options.onJoin = hook;
    else delete this.#options.onJoin;
  }

  /**
   * Takes a WebSocket peer another listener made (e.g. with `acceptHttpUpgrade` on a shared
   * HTTP server), still in its handshake or already open. From now on this server polls and
   * closes it. `info` is shown to the join hook. Limits fixed when a peer opens (its inbound
   * buffer) are set here only if it is still connecting; `maxMessage` is checked either way.
   */
  acceptPeer(ws: WebSocketPeer, info?: unknown): Error {
    const state = ws.getReadyState();
    if (state !== WebSocketPeer.STATE_CONNECTING && state !== WebSocketPeer.STATE_OPEN) {
      logger.error('SignalingServer.acceptPeer: the peer is neither connecting nor open.');
      return Error.ERR_INVALID_PARAMETER;
    }
    if (state === WebSocketPeer.STATE_CONNECTING) ws.setInboundBufferSize(this.#options.maxMessage);
    this.#track(ws, info);
    return Error.OK;
  }

  /**
   * Takes an upgrade request from an `http.Server` (or `https.Server`) 'upgrade' event, with
   * this server's settings (subprotocols, handshake timeout, request hook, `maxMessage`):
   * `httpServer.on('upgrade', (req, socket, head) => signaling.acceptHttpUpgrade(req, socket, head))`.
   */
  acceptHttpUpgrade(
    request: HttpUpgradeRequest,
    socket: Socket,
    head: Uint8Array,
    info?: unknown,
  ): Error {
    const ws = this.#newPeer();
    const err = ws.acceptHttpUpgrade(request, socket, head);
    if (err === Error.OK) this.#track(ws, info);
    return err;
  }

  /** Accepts, reads and relays, and runs the timeouts. Never throws. */
  poll(): void {
    const now = performance.now();
    if (this.#tcp) this.#accept();
    for (const peer of this.#peers) {
      try {
        this.#pollPeer(peer, now);
      } catch (err) {
        this.#failed(peer, err);
      }
    }
    this.#rules.sweep(now);
  }

  /** Counters and gauges (a copy). */
  getCounters(): SignalingCounters {
    const c = this.#counters;
    c.peers = this.#byId.size;
    c.lobbies = this.#lobbies.size;
    let sealed = 0;
    for (const lobby of this.#lobbies.values()) if (lobby.sealed) sealed++;
    c.sealedLobbies = sealed;
    return { ...c };
  }

  /** The open lobbies, oldest first. */
  getLobbies(): LobbyInfo[] {
    const now = performance.now();
    return [...this.#lobbies.values()].map((lobby) => lobby.info(now));
  }

  /** The ids inside lobby `name` (1 for the host), in joining order; [] if there is none. */
  getLobbyPeers(name: string): number[] {
    const lobby = this.#lobbies.get(name);
    return lobby ? [...lobby.members.values()].map((m) => lobby.idOf(m)) : [];
  }

  /** The server-wide id of lobby `name`'s host (1 inside the lobby), 0 if there is none. */
  getLobbyHost(name: string): number {
    return this.#lobbies.get(name)?.host.id ?? 0;
  }

  /** Connected peers (server-wide ids). */
  getPeers(): number[] {
    return [...this.#byId.keys()];
  }

  /** "host:port" of a connected peer, '' if unknown. */
  getPeerAddress(id: number): string {
    return this.#byId.get(id)?.address ?? '';
  }

  /** The lobby a peer is in, '' if none. */
  getPeerLobby(id: number): string {
    return this.#byId.get(id)?.lobby?.name ?? '';
  }

  /** Closes one peer (server-wide id). */
  disconnectPeer(id: number, code = 1000, reason = ''): void {
    const peer = this.#byId.get(id);
    if (peer) this.#close(peer, code, reason, performance.now());
  }

  /** Closes every peer of lobby `name`, which ends when its host's socket closes. */
  closeLobby(name: string, code = 1000, reason = ''): void {
    const lobby = this.#lobbies.get(name);
    if (!lobby) return;
    const now = performance.now();
    for (const member of lobby.members.values()) this.#close(member, code, reason, now);
  }

  /** Starts the closing handshake with every peer (poll on until `getPeers()` is empty). */
  closeAll(code = 1001, reason: string = CloseReason.SERVER_SHUTTING_DOWN): void {
    const now = performance.now();
    for (const peer of this.#peers) this.#close(peer, code, reason, now);
  }

  /** Stops listening and drops every connection at once (no signals). */
  stop(): void {
    this.#tcp?.stop();
    this.#tcp = null;
    for (const peer of this.#peers) peer.ws.close(-1);
    this.#peers.clear();
    this.#byId.clear();
    this.#lobbies.clear();
  }

  #accept(): void {
    const tcp = this.#tcp;
    if (!tcp) return;
    for (let n = 0; n < ACCEPTS_PER_POLL && tcp.isConnectionAvailable(); n++) {
      const stream = tcp.takeConnection();
      if (!stream) return;
      if (this.#peers.size >= this.#options.maxPeers + MAX_HANDSHAKING) {
        stream.disconnectFromHost(); // counted when they would have opened
        this.#counters.peersRefused++;
        continue;
      }
      const ws = this.#newPeer();
      let err: Error;
      if (this.#tls) {
        const tls = new StreamPeerTLS();
        err = tls.acceptStream(stream, this.#tls);
        if (err === Error.OK) err = ws.acceptStream(tls);
      } else {
        err = ws.acceptStream(stream);
      }
      if (err !== Error.OK) {
        stream.disconnectFromHost();
        continue;
      }
      this.#track(ws, undefined);
    }
  }

  /** A server-side peer with this server's settings. */
  #newPeer(): WebSocketPeer {
    const ws = new WebSocketPeer();
    const o = this.#options;
    ws.setInboundBufferSize(o.maxMessage);
    ws.setSupportedProtocols(o.protocols);
    ws.handshakeTimeout = o.handshakeTimeout;
    if (o.requestHook) ws.setHandshakeRequestHook(o.requestHook);
    return ws;
  }

  #track(ws: WebSocketPeer, info: unknown): void {
    ws.onActivity = this.#onActivity;
    ws.setOutboundBufferSize(0); // maxBufferedBytes is checked before each send instead
    this.#peers.add({
      ws,
      id: 0,
      address: '',
      info,
      codec: this.#options.protocol === 'auto' ? null : codecFor(this.#options.protocol),
      lobby: null,
      joinDeadline: 0,
      closeDeadline: 0,
      limiter: null,
    });
  }

  #pollPeer(peer: SignalingPeer, now: number): void {
    const { ws } = peer;
    ws.poll();
    let state = ws.getReadyState();
    if (peer.id === 0) {
      if (state === WebSocketPeer.STATE_CONNECTING) return;
      if (state === WebSocketPeer.STATE_CLOSED) {
        this.#peers.delete(peer); // a failed handshake (or an HTTP page the hook answered)
        return;
      }
      this.#open(peer, now);
    }
    if (peer.closeDeadline === 0) this.#read(peer, now);
    else while (ws.getAvailablePacketCount() > 0) ws.getPacket(); // closing: not read, not kept
    state = ws.getReadyState();
    if (state === WebSocketPeer.STATE_CLOSED) {
      this.#finish(peer);
    } else if (peer.closeDeadline > 0 && now >= peer.closeDeadline) {
      this.#counters.closeTimeouts++;
      ws.close(-1);
      this.#finish(peer);
    } else if (!peer.lobby && peer.closeDeadline === 0 && now >= peer.joinDeadline) {
      this.#counters.joinTimeouts++;
      this.#close(peer, REFUSE_CODE, CloseReason.NO_LOBBY, now);
    }
  }

  #open(peer: SignalingPeer, now: number): void {
    const o = this.#options;
    peer.id = newPeerId(this.#byId);
    peer.address = formatAddress(peer.ws.getConnectedHost(), peer.ws.getConnectedPort());
    peer.joinDeadline = now + o.joinTimeoutMs;
    peer.ws.setHeartbeatInterval(o.heartbeat);
    // Outbound, maxBufferedBytes is the limit (checked before each send, silently); the message
    // count must not refuse first (each refusal would log). The inbound queue keeps the count
    // it opened with (Godot's 4096).
    peer.ws.setMaxQueuedPackets(Math.ceil(o.maxBufferedBytes / MIN_MESSAGE) + 1);
    if (o.messagesPerSecond > 0)
      peer.limiter = new RateLimiter(o.messagesPerSecond, o.messageBurst, now);
    this.#byId.set(peer.id, peer);
    this.#counters.connections++;
    this.peerConnected.emit(peer.id, peer.address);
    if (this.#byId.size > o.maxPeers) {
      this.#counters.peersRefused++;
      this.#close(peer, REFUSE_CODE, CloseReason.TOO_MANY_PEERS, now);
    }
  }

  #read(peer: SignalingPeer, now: number): void {
    const { ws } = peer;
    const c = this.#counters;
    while (ws.getAvailablePacketCount() > 0 && peer.closeDeadline === 0) {
      const packet = ws.getPacket();
      c.messagesIn++;
      c.bytesIn += packet.byteLength;
      if (packet.byteLength > this.#options.maxMessage) {
        c.oversize++;
        this.#close(peer, 1009, CloseReason.MESSAGE_TOO_BIG, now);
        return;
      }
      if (peer.limiter && !peer.limiter.take(now)) {
        c.rateLimited++;
        if (this.#options.rateAction === 'kick') {
          this.#close(peer, REFUSE_CODE, CloseReason.TOO_MANY_MESSAGES, now);
        }
        continue;
      }
      if (!ws.wasStringPacket()) {
        this.#rules.refuse(peer, CloseReason.INVALID_TRANSFER_MODE, now);
        return;
      }
      const text = decoder.decode(packet);
      peer.codec ??= codecFor(detectProtocol(text));
      const message = peer.codec.decode(text);
      if ('error' in message) this.#rules.refuse(peer, message.error, now);
      else this.#rules.dispatch(peer, peer.codec, message, now);
    }
  }

  /** The socket is closed: the peer leaves its lobby (the lobby ends if it was the host). */
  #finish(peer: SignalingPeer): void {
    this.#peers.delete(peer);
    this.#byId.delete(peer.id);
    const lobby = peer.lobby;
    if (lobby) this.#rules.leave(peer, lobby, performance.now());
    this.peerDisconnected.emit(peer.id, peer.ws.getCloseCode(), peer.ws.getCloseReason());
  }

  #send(peer: SignalingPeer, message: SignalingMessage): void {
    const { ws } = peer;
    if (peer.closeDeadline > 0 || ws.getReadyState() !== WebSocketPeer.STATE_OPEN) return;
    const text = (peer.codec ?? codecFor('godot4')).encode(message);
    const size = Buffer.byteLength(text);
    if (ws.getCurrentOutboundBufferedAmount() + size > this.#options.maxBufferedBytes) {
      this.#counters.sendDropped++;
      return;
    }
    if (ws.sendText(text) === Error.OK) {
      this.#counters.messagesOut++;
      this.#counters.bytesOut += size;
    }
  }

  /** A bug met while handling a peer: log it, drop that peer, carry on. */
  #failed(peer: SignalingPeer, err: unknown): void {
    this.#counters.internalErrors++;
    logger.error(`SignalingServer: internal error with peer ${peer.id} (dropped): ${String(err)}`);
    peer.ws.close(-1);
    try {
      this.#finish(peer);
    } catch {
      this.#peers.delete(peer);
      this.#byId.delete(peer.id);
    }
  }

  /** Starts the closing handshake (once); the peer leaves when it completes or times out. */
  #close(peer: SignalingPeer, code: number, reason: string, now: number): void {
    if (peer.closeDeadline > 0) return;
    peer.closeDeadline = now + this.#options.closeGraceMs;
    peer.ws.close(code, reason);
    this.#onActivity?.(); // poll() sees the timeout or the answer
  }
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
