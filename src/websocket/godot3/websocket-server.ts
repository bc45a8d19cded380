import { ACTIVITY_SWEEP_MS, ActivityMarks } from '../../core/activity-marks.js';
import { Error } from '../../core/error.js';
import type { LastError } from '../../core/last-error.js';
import { logger } from '../../core/logger.js';
import { randomPeerId } from '../../core/multiplayer-peer.js';
import { Signal } from '../../core/signal.js';
import type { CryptoKey } from '../../net/crypto-key.js';
import { isIpAddress } from '../../net/ip.js';
import { StreamPeerTLS } from '../../net/stream-peer-tls.js';
import { TCPServer } from '../../net/tcp-server.js';
import type { X509Certificate } from '../../net/x509-certificate.js';
import type { VisibilityRule } from '../peer-visibility.js';
import { WebSocketPeer as Socket } from '../websocket-peer.js';
import { State } from '../websocket-peer-base.js';
import { godot3ReceivedReason } from './close-reason.js';
import { GdMpHost } from './gd-mp-host.js';
import { ConnectionStatus } from './networked-multiplayer-peer.js';
import { ServerTlsSettings } from './server-tls.js';
import { WebSocketMultiplayerPeer } from './websocket-multiplayer-peer.js';
import type { WebSocketPeer } from './websocket-peer.js';

interface Client {
  peer: WebSocketPeer<Socket>;
  socket: Socket;
  /** The id `acceptPeer` gave it (0: a random one at admission); once admitted, its id. */
  id?: number;
}

/**
 * Godot 3's `WebSocketServer` (docs/godot3-multiplayer.md §4.4) for Node.js. Call `poll()`
 * regularly; each poll (1) polls connected peers and reports those that left, (2) advances
 * handshakes, giving new peers a random id, (3) accepts waiting TCP connections — so a client needs
 * two polls.
 *
 * With `gdMpApi` it hosts Godot 3 multiplayer clients (docs/godot3-multiplayer.md §4.5): a new peer
 * gets SYS_ID and SYS_ADD(1), then SYS_ADD for every peer already there (and they for it); a
 * leaving peer's SYS_DEL goes to the rest; client packets are relayed byte for byte by
 * `routeClientPacket`.
 */
export class WebSocketServer extends WebSocketMultiplayerPeer {
  /** `client_connected(id, protocol)`: a handshake completed (not in multiplayer mode). */
  readonly clientConnected = new Signal<[id: number, protocol: string]>('client_connected');
  /** `client_disconnected(id, was_clean_close)`: true only when the client started the close. */
  readonly clientDisconnected = new Signal<[id: number, wasCleanClose: boolean]>(
    'client_disconnected',
  );
  /** `client_close_request(id, code, reason)`: a client sent a close frame first. */
  readonly clientCloseRequest = new Signal<[id: number, code: number, reason: string]>(
    'client_close_request',
  );
  /** `data_received(id)`: one per message from `id` (not in multiplayer mode). */
  readonly dataReceived = new Signal<[id: number]>('data_received');

  #tcp: TCPServer | null = null;
  #hosted = false;
  #pending = new Set<Client>();
  #clients = new Map<number, Client>();
  #host = new GdMpHost(this.#clients);
  #protocols: string[] = [];
  #bindIp = '*';
  #lastError: LastError | null = null;
  #handshakeTimeout = 3;
  #tls = new ServerTlsSettings();
  #onActivity: (() => void) | null = null;
  /** Clients and handshakes with socket activity since their last poll. */
  #active = new ActivityMarks<Client>();
  #nextSweep = 0;

  /**
   * Node extra (not in Godot): called from socket events (a connection to accept, data, a state
   * change), not from `poll()`, so an event-driven program polls at once instead of on a timer.
   * Also called when a poll left input behind that no socket event will announce (a client sent
   * more than its queue holds). The server sets it on every client socket, those handed to
   * `acceptPeer` too.
   */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    this.#active.wake = callback;
    if (this.#tcp) this.#tcp.onConnection = callback;
    for (const client of this.#clients.values()) this.#watch(client);
    for (const client of this.#pending) this.#watch(client);
    this.#nextSweep = 0; // what happened meanwhile was not recorded: the next poll reads all
  }

  /** Points the client's socket activity at its mark; its next poll is due. */
  #watch(client: Client): void {
    client.socket.onActivity = this.#active.callbackFor(client);
    this.#active.mark(client);
  }

  /**
   * Listens on `port` (0 picks a free one; see `getLocalPort`) at `bindIp`. `protocols` are the
   * subprotocols accepted (trimmed); a client offering none of them is dropped.
   *
   * With `bindIp` "*" (the default) the result is Godot's at once: a port in use gives
   * ERR_ALREADY_IN_USE (22) and the status stays DISCONNECTED. With an IP literal Node binds a
   * tick later: `listen` returns OK, a failed bind then shows as status DISCONNECTED,
   * `isListening()` false and `getLastError()` (e.g. EADDRINUSE). `listenAsync` waits for the
   * bind and resolves with Godot's result in both cases.
   */
  listen(port: number, protocols: string[] = [], gdMpApi = false): Error {
    if (this.#tcp) {
      logger.error('WebSocketServer.listen: already listening.');
      return Error.ERR_ALREADY_IN_USE;
    }
    this.#lastError = null;
    const tcp = new TCPServer();
    const err = tcp.listen(port, this.#bindIp);
    if (err !== Error.OK) {
      this.#lastError = tcp.getLastError();
      return err;
    }
    tcp.onConnection = this.#onActivity;
    this.#tcp = tcp;
    this.#protocols = protocols.map((p) => String(p).trim());
    this.beginSession(gdMpApi);
    return Error.OK;
  }

  /**
   * Node extra (not in Godot): serves without a listening socket of its own, for clients that
   * another listener accepted (a room of a `RoomServer`) and hands in with `acceptPeer`.
   * Otherwise as `listen`: CONNECTED at once, `gdMpApi` as there.
   */
  listenHosted(gdMpApi = false): Error {
    if (this.#tcp || this.#hosted) {
      logger.error('WebSocketServer.listenHosted: already listening.');
      return Error.ERR_ALREADY_IN_USE;
    }
    this.#hosted = true;
    this.beginSession(gdMpApi);
    return Error.OK;
  }

  /**
   * Node extra: takes a client another listener accepted (`socket` still in its handshake, e.g.
   * after `acceptHttpUpgrade`, or open) as if this server had accepted it; it is admitted under
   * `id` (or a random free one) once open. Only after `listenHosted`.
   */
  acceptPeer(socket: Socket, id = 0): Error {
    if (!this.#hosted) {
      logger.error('WebSocketServer.acceptPeer: call listenHosted() first.');
      return Error.ERR_UNCONFIGURED;
    }
    if (id !== 0 && (id < 2 || this.#clients.has(id))) {
      logger.error(`WebSocketServer.acceptPeer: id ${id} is not free.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    socket.handshakeTimeout = this.#handshakeTimeout;
    const entry: Client = this.makeSocket(socket);
    entry.id = id;
    this.#watch(entry);
    this.#pending.add(entry);
    return Error.OK;
  }

  /**
   * Node extra: `listen`, resolved once the bind is done: OK, or ERR_ALREADY_IN_USE (22) with
   * the status DISCONNECTED for a port in use, as Godot 3.2.3's `listen` answers at once.
   */
  async listenAsync(port: number, protocols: string[] = [], gdMpApi = false): Promise<Error> {
    const err = this.listen(port, protocols, gdMpApi);
    const tcp = this.#tcp;
    if (err !== Error.OK || tcp === null) return err;
    const bound = await tcp.whenBound();
    if (bound !== Error.OK && this.#tcp === tcp) this.#bindFailed(tcp);
    return bound;
  }

  /**
   * Node extra: the last failure, or null: a failed listen (`EADDRINUSE`, …) or the last client
   * whose handshake failed or whose connection was lost (see `WebSocketPeer.getLastError`).
   * Cleared by `listen`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }

  /** The asynchronous bind failed: not listening, status DISCONNECTED, the reason kept. */
  #bindFailed(tcp: TCPServer): void {
    this.#lastError = tcp.getLastError();
    this.stop();
  }

  /** Sends close 1000 to every client and drops them at once; no signals. */
  stop(): void {
    for (const { socket } of this.#clients.values()) {
      socket.close(1000);
      socket.close(-1);
    }
    for (const { socket } of this.#pending) socket.close(-1);
    this.#clients.clear();
    this.#pending.clear();
    this.#active.clear();
    if (this.#tcp) {
      this.#tcp.onConnection = null;
      this.#tcp.stop();
    }
    this.#tcp = null;
    this.#hosted = false;
    this.clearIncoming();
  }

  isListening(): boolean {
    return this.#hosted || (this.#tcp?.isListening() ?? false);
  }

  /**
   * Node extra: the port listened on (after `listen(0)`; with an IP `bindIp`, a tick after
   * `listen`), or 0.
   */
  getLocalPort(): number {
    return this.#tcp?.getLocalPort() ?? 0;
  }

  /**
   * Node extra (for metrics): multiplayer packets dropped since `listen`, by reason (bad
   * packets from clients, full output buffers, a full server queue; sends to leaving peers
   * are counted as 'peer closing'). The log gets one summary line per reason per second.
   */
  getDropCounts(): Record<string, number> {
    return this.#host.dropCounts();
  }

  /**
   * Node extra: asked before each client packet is relayed to other clients (its sender and
   * MultiplayerAPI payload); false relays it to nobody (a copy meant for the server still
   * arrives). Null (the default): relay as Godot does.
   */
  setRelayFilter(filter: ((sender: number, payload: Uint8Array) => boolean) | null): void {
    this.#host.relayFilter = filter;
  }

  /**
   * Node extra (multiplayer mode): which clients know of each other (SYS_ADD / SYS_DEL) and
   * get each other's packets; the server (1) always reaches everyone. Null (the default): all,
   * as Godot. After the rule's answers change, call `refreshVisibility()`.
   */
  setVisibility(rule: VisibilityRule | null): void {
    this.#host.setVisibility(rule);
  }

  refreshVisibility(): void {
    this.#host.refreshVisibility();
  }

  hasPeer(id: number): boolean {
    return this.#clients.has(id);
  }

  getPeer(id: number): WebSocketPeer | null {
    const client = this.#clients.get(id);
    if (!client) logger.error(`WebSocketServer: no peer ${id}.`);
    return client?.peer ?? null;
  }

  getPeerAddress(id: number): string {
    return this.getPeer(id)?.getConnectedHost() ?? '';
  }

  getPeerPort(id: number): number {
    return this.getPeer(id)?.getConnectedPort() ?? 0;
  }

  /** Sends a close frame to `id`; `clientDisconnected(id, false)` follows from `poll()`. */
  disconnectPeer(id: number, code = 1000, reason = ''): void {
    this.getPeer(id)?.close(code, reason);
  }

  /** Address to listen on: "*" (default) or an IP; set while not listening. */
  get bindIp(): string {
    return this.#bindIp;
  }
  set bindIp(ip: string) {
    this.setBindIp(ip);
  }
  setBindIp(ip: string): void {
    if (this.#tcp) {
      logger.error('bindIp can only be set while not listening.');
    } else if (ip !== '*' && !isIpAddress(ip)) {
      logger.error(`bindIp: invalid IP "${ip}".`);
    } else {
      this.#bindIp = ip;
    }
  }
  getBindIp(): string {
    return this.#bindIp;
  }

  /**
   * Seconds a client may take to finish its handshake (Godot 3.4+'s `handshake_timeout`,
   * default 3; Godot 3.2.3 used a fixed 1 s). Applies to connections accepted afterwards.
   */
  get handshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  set handshakeTimeout(seconds: number) {
    this.setHandshakeTimeout(seconds);
  }
  setHandshakeTimeout(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      logger.error('handshakeTimeout must be a number of seconds > 0.');
      return;
    }
    this.#handshakeTimeout = seconds;
  }
  getHandshakeTimeout(): number {
    return this.#handshakeTimeout;
  }

  /** With `sslCertificate`: serve wss://. */
  get privateKey(): CryptoKey | null {
    return this.#tls.privateKey;
  }
  set privateKey(key: CryptoKey | null) {
    this.#tls.privateKey = key;
  }
  /** With `privateKey`: serve wss://. */
  get sslCertificate(): X509Certificate | null {
    return this.#tls.sslCertificate;
  }
  set sslCertificate(cert: X509Certificate | null) {
    this.#tls.sslCertificate = cert;
  }
  /** Intermediate certificates sent after `sslCertificate`. */
  get caChain(): X509Certificate | null {
    return this.#tls.caChain;
  }
  set caChain(chain: X509Certificate | null) {
    this.#tls.caChain = chain;
  }

  getUniqueId(): number {
    return 1;
  }

  /** CONNECTED while listening. */
  getConnectionStatus(): ConnectionStatus {
    return this.#hosted || this.#tcp?.isListening()
      ? ConnectionStatus.CONNECTION_CONNECTED
      : ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  /**
   * Node extra: whether a relay waits for a recipient that cannot take it yet (its sender is
   * not read meanwhile); `poll()` sends it once they can.
   */
  hasHeldRelays(): boolean {
    return this.#host.hasHeldRelays();
  }

  /**
   * Reads every client, reports those that left, advances handshakes, accepts connections. With
   * `onActivity` set, only the clients and handshakes that had activity are polled, and every one
   * at least each 500 ms (handshake timeouts, heartbeats): idle clients cost nothing.
   */
  poll(): void {
    if (!this.#tcp && !this.#hosted) return;
    if (this.#tcp && !this.#tcp.isListening()) {
      this.#bindFailed(this.#tcp);
      return;
    }
    const now = performance.now();
    const everyone = this.#onActivity === null || now >= this.#nextSweep;
    if (everyone) this.#nextSweep = now + ACTIVITY_SWEEP_MS;
    const marked = this.#active.take();
    const left: number[] = [];
    let readOn = false;
    // Senders held back for their recipients: read on once the relay went out.
    for (const id of this.#host.heldSenders()) {
      const client = this.#clients.get(id);
      if (client && this.#drain(id, client.socket)) {
        this.#active.mark(client);
        readOn = true;
      }
    }
    // A sweep skips the clients that have nothing to time (unless marked).
    const wanted = everyone && this.#onActivity !== null ? new Set(marked) : null;
    for (const client of everyone ? [...this.#clients.values()] : marked) {
      const id = client.id ?? 0;
      if (this.#clients.get(id) !== client) continue; // still pending, or gone
      if (wanted && !client.socket.needsSweep() && !wanted.has(client)) continue;
      const result = this.#pollClient(id, client);
      if (result === 'gone') left.push(id);
      else if (result === 'read-on') readOn = true;
    }
    // Everyone who left is out of the map before anyone hears of it: SYS_DEL costs one message
    // per leaver and remaining peer, however many leave together.
    if (left.length > 0 && this.isMultiplayer()) this.#host.farewell(left);
    for (const id of left) {
      if (this.isMultiplayer()) this.peerDisconnected.emit(id);
    }
    this.#pollPending(everyone ? [...this.#pending] : marked);
    if (this.#tcp) this.#accept(this.#tcp);
    this.#host.report();
    if (readOn) this.#onActivity?.();
  }

  /**
   * Polls one client: 'gone' (then it is out of the map, signals not yet sent), 'read-on' (its
   * full queue stopped reading and has room again: poll it again at once), or 'polled'.
   */
  #pollClient(id: number, client: Client): 'gone' | 'read-on' | 'polled' {
    const { socket } = client;
    const queued = socket.getAvailablePacketCount();
    socket.poll();
    const polled = socket.getAvailablePacketCount();
    if (this.isMultiplayer()) this.#drain(id, socket);
    else for (let n = polled - queued; n > 0; n--) this.dataReceived.emit(id);
    if (socket.getReadyState() !== State.STATE_CLOSED) {
      // Not if nobody took a packet (a raw-mode application that does not read): that would spin.
      if (!socket.isInputHeld() || socket.getAvailablePacketCount() >= polled) return 'polled';
      this.#active.mark(client);
      return 'read-on';
    }
    this.#clients.delete(id);
    this.#active.delete(client);
    this.#lastError = socket.getLastError() ?? this.#lastError;
    const remote = socket.closeStartedByRemote();
    if (remote) {
      const reason = godot3ReceivedReason(socket.getCloseReason());
      this.clientCloseRequest.emit(id, socket.getCloseCode(), reason);
    }
    if (!this.isMultiplayer()) this.clientDisconnected.emit(id, remote);
    return 'gone';
  }

  #pollPending(entries: readonly Client[]): void {
    for (const entry of entries) {
      if (!this.#pending.has(entry)) continue; // admitted or polled as a client
      entry.socket.poll();
      const state = entry.socket.getReadyState();
      if (state === State.STATE_CONNECTING) continue;
      this.#pending.delete(entry);
      if (state === State.STATE_OPEN) this.#admit(entry);
      // CLOSED: a failed handshake is dropped silently, as in Godot (its reason is kept).
      else this.#lastError = entry.socket.getLastError() ?? this.#lastError;
    }
  }

  #admit(client: Client): void {
    let id = client.id || randomPeerId();
    while (this.#clients.has(id)) id = randomPeerId();
    client.id = id;
    this.#clients.set(id, client);
    const { socket } = client;
    if (!this.isMultiplayer()) {
      this.clientConnected.emit(id, socket.getSelectedProtocol());
      for (let n = socket.getAvailablePacketCount(); n > 0; n--) this.dataReceived.emit(id);
      return;
    }
    this.#host.welcome(id);
    this.peerConnected.emit(id);
    this.#drain(id, socket);
  }

  #accept(tcp: TCPServer): void {
    while (tcp.isConnectionAvailable()) {
      const conn = tcp.takeConnection();
      if (!conn) break;
      if (this.isRefusingNewConnections()) {
        conn.disconnectFromHost();
        continue;
      }
      const entry = this.makeSocket(new Socket());
      entry.socket.setSupportedProtocols(this.#protocols);
      entry.socket.handshakeTimeout = this.#handshakeTimeout;
      const options = this.#tls.options();
      let stream: Parameters<Socket['acceptStream']>[0] = conn;
      if (options) {
        const tls = new StreamPeerTLS();
        if (tls.acceptStream(conn, options) !== Error.OK) {
          conn.disconnectFromHost();
          continue;
        }
        stream = tls;
      }
      if (entry.socket.acceptStream(stream) !== Error.OK) continue;
      this.#watch(entry);
      this.#pending.add(entry);
    }
  }

  /**
   * Multiplayer mode: routes client `sender`'s packets; keeps the server's copies. False while a
   * relay waits for its recipients (the rest stays unread: TCP pushes back on the sender).
   */
  #drain(sender: number, socket: Socket): boolean {
    return this.#host.drain(
      sender,
      () => (socket.getAvailablePacketCount() > 0 ? socket.getPacket() : null),
      (kept) => {
        if (!this.queueIncoming(sender, kept)) this.#host.droppedIncoming(sender);
      },
    );
  }

  protected sendMultiplayer(payload: Uint8Array): Error {
    return this.#host.send(this.getTargetPeer(), payload);
  }
}
