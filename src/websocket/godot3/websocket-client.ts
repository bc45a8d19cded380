import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { Signal } from '../../core/signal.js';
import { TLSOptions } from '../../net/tls-options.js';
import type { X509Certificate } from '../../net/x509-certificate.js';
import { parseGodot3Url } from '../../protocol/url.js';
import type { WebSocketPeer as Socket } from '../websocket-peer.js';
import { State } from '../websocket-peer-base.js';
import { godot3ReceivedReason } from './close-reason.js';
import { decodeGdMpPacket, encodeGdMpPacket, GdMpType, sysPeerId } from './gd-mp-api.js';
import { ConnectionStatus } from './networked-multiplayer-peer.js';
import { WebSocketMultiplayerPeer } from './websocket-multiplayer-peer.js';
import type { WebSocketPeer } from './websocket-peer.js';

/**
 * Godot 3's `WebSocketClient` (facts §4.3) for Node.js. Call `poll()` regularly; every signal
 * but a synchronous start failure is emitted from it.
 *
 * With `gdMpApi` the client speaks Godot 3's multiplayer protocol: it learns its id and the
 * other peers from the server's system messages, emits `connectionSucceeded` when the server
 * (id 1) is announced, and — as Godot 3 does — `connectionFailed` instead of
 * `connectionClosed` / `connectionError` (so `serverDisconnected` is never emitted).
 */
export class WebSocketClient extends WebSocketMultiplayerPeer {
  /** `connection_established(protocol)`: the handshake completed (not in multiplayer mode). */
  readonly connectionEstablished = new Signal<[protocol: string]>('connection_established');
  /** `connection_closed(was_clean_close)`: true only when the server started the close. */
  readonly connectionClosed = new Signal<[wasCleanClose: boolean]>('connection_closed');
  /** `connection_error()`: DNS, TCP, TLS or handshake failure (not in multiplayer mode). */
  readonly connectionError = new Signal<[]>('connection_error');
  /** `data_received()`: one per received message (not in multiplayer mode). */
  readonly dataReceived = new Signal<[]>('data_received');
  /** `server_close_request(code, reason)`: the server sent a close frame first. */
  readonly serverCloseRequest = new Signal<[code: number, reason: string]>('server_close_request');

  #peer: WebSocketPeer;
  #lastState: State = State.STATE_CLOSED;
  #uniqueId = 0;
  #verifySsl = true;
  #trusted: X509Certificate | null = null;

  constructor() {
    super();
    this.#peer = this.makeSocket().peer;
  }

  /**
   * Connects with Godot 3.2's URL rules (`ws://` or `wss://` prefix optional; path from the
   * first `/`; a port only after a single `:`). `protocols` are offered in order; `customHeaders`
   * (`"Name: value"`) are sent verbatim. Returns OK, or an error — then `connectionError`
   * (`connectionFailed` with `gdMpApi`) is emitted before returning.
   */
  connectToUrl(
    url: string,
    protocols: string[] = [],
    gdMpApi = false,
    customHeaders: string[] = [],
  ): Error {
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_DISCONNECTED) {
      logger.error('connectToUrl: already connecting or connected.');
      return Error.ERR_ALREADY_IN_USE;
    }
    const parsed = parseGodot3Url(url);
    if (parsed.error !== Error.OK || !parsed.url) {
      logger.error(`connectToUrl: invalid URL "${url}".`);
      return Error.ERR_INVALID_PARAMETER;
    }
    const { socket, peer } = this.makeSocket();
    socket.setSupportedProtocols(protocols);
    socket.setHandshakeHeaders(customHeaders);
    this.#peer = peer;
    this.#uniqueId = 0;
    this.beginSession(gdMpApi);
    const tls = !parsed.url.tls
      ? null
      : this.#verifySsl
        ? TLSOptions.client(this.#trusted)
        : TLSOptions.clientUnsafe(this.#trusted);
    const err = socket.connectToParsedUrl(parsed.url, tls, url);
    if (err !== Error.OK) {
      this.#lastState = State.STATE_CLOSED;
      if (gdMpApi) this.connectionFailed.emit();
      else this.connectionError.emit();
      return err;
    }
    this.#lastState = State.STATE_CONNECTING;
    return Error.OK;
  }

  /**
   * Sends a close frame (`reason` goes out with Godot 3's trailing NUL); `connectionClosed(false)`
   * (`connectionFailed` in multiplayer mode) follows from `poll()` once the close completes.
   * While still connecting the attempt is dropped without a signal.
   */
  disconnectFromHost(code = 1000, reason = ''): void {
    const socket = this.#peer.socket;
    const wasConnecting = socket.getReadyState() === State.STATE_CONNECTING;
    this.#peer.close(code, reason);
    if (wasConnecting || socket.getReadyState() === State.STATE_CLOSED) {
      this.#lastState = State.STATE_CLOSED;
    }
  }

  getConnectedHost(): string {
    return this.#peer.getConnectedHost();
  }

  getConnectedPort(): number {
    return this.#peer.getConnectedPort();
  }

  /** The one peer (the id is ignored, as in Godot 3). */
  getPeer(_id = 1): WebSocketPeer {
    return this.#peer;
  }

  /** Whether wss:// certificates and host names are verified (default true). */
  get verifySsl(): boolean {
    return this.#verifySsl;
  }
  set verifySsl(enabled: boolean) {
    this.setVerifySslEnabled(enabled);
  }
  setVerifySslEnabled(enabled: boolean): void {
    this.#verifySsl = enabled;
  }
  isVerifySslEnabled(): boolean {
    return this.#verifySsl;
  }

  /** The CA (chain) wss:// servers must verify against instead of the system's; set while disconnected. */
  get trustedSslCertificate(): X509Certificate | null {
    return this.#trusted;
  }
  set trustedSslCertificate(cert: X509Certificate | null) {
    this.setTrustedSslCertificate(cert);
  }
  setTrustedSslCertificate(cert: X509Certificate | null): void {
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_DISCONNECTED) {
      logger.error('trustedSslCertificate can only be set while disconnected.');
      return;
    }
    this.#trusted = cert;
  }
  getTrustedSslCertificate(): X509Certificate | null {
    return this.#trusted;
  }

  /** Own id: 0 until the server's SYS_ID arrives (multiplayer mode). */
  getUniqueId(): number {
    return this.#uniqueId;
  }

  /** CONNECTED while the WebSocket is open or closing (before the id arrives, too). */
  getConnectionStatus(): ConnectionStatus {
    switch (this.#peer.socket.getReadyState()) {
      case State.STATE_CONNECTING:
        return ConnectionStatus.CONNECTION_CONNECTING;
      case State.STATE_OPEN:
      case State.STATE_CLOSING:
        return ConnectionStatus.CONNECTION_CONNECTED;
      default:
        return ConnectionStatus.CONNECTION_DISCONNECTED;
    }
  }

  poll(): void {
    const socket = this.#peer.socket;
    const queued = socket.getAvailablePacketCount();
    socket.poll();
    const state = socket.getReadyState();
    const last = this.#lastState;
    this.#lastState = state;
    if (last === State.STATE_CLOSED) return;
    // A close frame was exchanged, so the handshake had completed (even within this one poll).
    const opened =
      state !== State.STATE_CONNECTING &&
      (state !== State.STATE_CLOSED || socket.getCloseCode() !== -1);
    if (last === State.STATE_CONNECTING) {
      if (!opened) {
        if (state === State.STATE_CLOSED) this.#failed(this.connectionError);
        return;
      }
      if (!this.isMultiplayer()) this.connectionEstablished.emit(socket.getSelectedProtocol());
    }
    if (this.isMultiplayer()) this.#drain(socket);
    else
      for (let n = socket.getAvailablePacketCount() - queued; n > 0; n--) this.dataReceived.emit();
    if (state !== State.STATE_CLOSED) return;
    const remote = socket.closeStartedByRemote();
    if (remote) {
      this.serverCloseRequest.emit(
        socket.getCloseCode(),
        godot3ReceivedReason(socket.getCloseReason()),
      );
    }
    if (this.isMultiplayer()) this.connectionFailed.emit();
    else this.connectionClosed.emit(remote);
  }

  #failed(nonMultiplayer: Signal<[]>): void {
    if (this.isMultiplayer()) this.connectionFailed.emit();
    else nonMultiplayer.emit();
  }

  /** Multiplayer mode: takes the server's messages while the queue has room (facts §4.5). */
  #drain(socket: Socket): void {
    while (socket.getAvailablePacketCount() > 0 && this.incomingFits(0)) {
      const data = socket.getPacket();
      const packet = decodeGdMpPacket(data);
      if (!packet) {
        logger.error('gd_mp_api: dropped a message shorter than 9 bytes.');
        continue;
      }
      if (packet.type === GdMpType.SYS_NONE) {
        if (!this.queueIncoming(packet.from, packet.payload.slice())) {
          logger.error('gd_mp_api: the input queue is full; a packet was dropped.');
        }
        continue;
      }
      const id = sysPeerId(packet.payload);
      if (id === null) {
        logger.error('gd_mp_api: dropped a system message without a peer id.');
        continue;
      }
      switch (packet.type) {
        case GdMpType.SYS_ID:
          this.#uniqueId = id;
          break;
        case GdMpType.SYS_ADD:
          this.peerConnected.emit(id);
          if (id === 1) this.connectionSucceeded.emit();
          break;
        case GdMpType.SYS_DEL:
          this.peerDisconnected.emit(id);
          break;
        default:
          logger.error(`gd_mp_api: dropped a message of unknown type ${packet.type}.`);
      }
    }
  }

  protected sendMultiplayer(payload: Uint8Array): Error {
    const to = this.getTargetPeer();
    return this.#peer.putPacket(encodeGdMpPacket(GdMpType.SYS_NONE, this.#uniqueId, to, payload));
  }
}
