import { Error } from '../../core/error.js';
import { ErrorCode, type LastError, lastError } from '../../core/last-error.js';
import { logger } from '../../core/logger.js';
import { Signal } from '../../core/signal.js';
import { parseGodot3Url, urlHint, type WebSocketUrl } from '../../protocol/url.js';
import { State } from '../websocket-peer-base.js';
import { decodeGdMpPacket, encodeGdMpPacket, GdMpType, sysPeerId } from './gd-mp-api.js';
import { ConnectionStatus } from './networked-multiplayer-peer.js';
import { type ConfigurableSocket, WebSocketMultiplayerPeer } from './websocket-multiplayer-peer.js';
import type { WebSocketPeer } from './websocket-peer.js';

/** What a Godot 3 client needs of its Godot 4 `WebSocketPeer` (Node or browser). */
export interface ClientSocket extends ConfigurableSocket {
  poll(): void;
  getSelectedProtocol(): string;
  getCloseCode(): number;
  getCloseReason(): string;
  setSupportedProtocols(protocols: string[]): void;
  getLastError(): LastError | null;
}

/**
 * The platform-independent part of Godot 3's `WebSocketClient` (docs/godot3-multiplayer.md §4.3,
 * §4.5): the signals, connection status, the poll cycle and the `gd_mp_api` client. Subclasses make
 * the socket (`createSocket`, the peer factory), open it, and decide which signals a finished
 * connection emits (`connectionEnded`: Node follows native Godot 3, the browser Godot 3's HTML5
 * build).
 *
 * With `gdMpApi` the client speaks Godot 3's multiplayer protocol: it learns its id and the
 * other peers from the server's system messages, emits `connectionSucceeded` when the server
 * (id 1) is announced, and — as Godot 3 does — `connectionFailed` instead of
 * `connectionClosed` / `connectionError` (so `serverDisconnected` is never emitted).
 */
export abstract class WebSocketClientBase<S extends ClientSocket> extends WebSocketMultiplayerPeer {
  /** `connection_established(protocol)`: the handshake completed (not in multiplayer mode). */
  readonly connectionEstablished = new Signal<[protocol: string]>('connection_established');
  /** `connection_closed(was_clean_close)`: the connection ended after being open. */
  readonly connectionClosed = new Signal<[wasCleanClose: boolean]>('connection_closed');
  /** `connection_error()`: DNS, TCP, TLS or handshake failure (not in multiplayer mode). */
  readonly connectionError = new Signal<[]>('connection_error');
  /** `data_received()`: one per received message (not in multiplayer mode). */
  readonly dataReceived = new Signal<[]>('data_received');
  /** `server_close_request(code, reason)`: the server sent a close frame first. */
  readonly serverCloseRequest = new Signal<[code: number, reason: string]>('server_close_request');

  #peer: WebSocketPeer<S>;
  #lastState: State = State.STATE_CLOSED;
  #uniqueId = 0;
  #urlError: LastError | null = null;

  constructor() {
    super();
    this.#peer = this.newPeer();
  }

  /**
   * Node and browser extra: why the last connection failed or was lost, or null (the socket's
   * `getLastError()`; `INVALID_URL` for a URL `connectToUrl` refused). Cleared by `connectToUrl`.
   */
  getLastError(): LastError | null {
    return this.#urlError ?? this.#peer.socket.getLastError();
  }

  /** The peer factory: a fresh Godot 4 `WebSocketPeer`. */
  protected abstract createSocket(): S;

  /**
   * Whether a CLOSED socket had completed its opening handshake (it may open and close in one
   * poll).
   */
  protected abstract handshakeCompleted(socket: S): boolean;

  /** The connection is over (`opened`: its handshake had completed): emit the closing signals. */
  protected abstract connectionEnded(socket: S, opened: boolean): void;

  /** Godot 3 peer around a configured socket (subclasses may change how reasons are sent). */
  protected newPeer(): WebSocketPeer<S> {
    return this.makeSocket(this.createSocket()).peer;
  }

  /**
   * `connect_to_url` up to opening the socket: ERR_ALREADY_IN_USE unless disconnected,
   * ERR_INVALID_PARAMETER for a bad URL (Godot 3.2 rules); otherwise `open`'s result — an
   * error there emits `connectionError` (`connectionFailed` with `gdMpApi`) before returning.
   */
  protected startConnection(
    url: string,
    protocols: string[],
    gdMpApi: boolean,
    open: (socket: S, parsed: WebSocketUrl) => Error,
  ): Error {
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_DISCONNECTED) {
      logger.error('connectToUrl: already connecting or connected.');
      return Error.ERR_ALREADY_IN_USE;
    }
    const parsed = parseGodot3Url(url);
    if (parsed.error !== Error.OK || !parsed.url) {
      const message = `connectToUrl: invalid URL "${url}"${urlHint(url)}.`;
      this.#urlError = lastError(ErrorCode.INVALID_URL, message);
      logger.error(message);
      return Error.ERR_INVALID_PARAMETER;
    }
    this.#urlError = null;
    const peer = this.newPeer();
    peer.socket.setSupportedProtocols(protocols);
    this.#peer = peer;
    this.#uniqueId = 0;
    this.beginSession(gdMpApi);
    const err = open(peer.socket, parsed.url);
    if (err !== Error.OK) {
      this.#lastState = State.STATE_CLOSED;
      this.emitFailure(this.connectionError);
      return err;
    }
    this.#lastState = State.STATE_CONNECTING;
    return Error.OK;
  }

  /**
   * Starts the closing handshake; the closing signals follow from `poll()` once the close
   * completes. While still connecting the attempt is dropped without a signal.
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
  getPeer(_id = 1): WebSocketPeer<S> {
    return this.#peer;
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
    const opened =
      state !== State.STATE_CONNECTING &&
      (state !== State.STATE_CLOSED || this.handshakeCompleted(socket));
    if (last === State.STATE_CONNECTING) {
      if (!opened) {
        if (state === State.STATE_CLOSED) this.connectionEnded(socket, false);
        return;
      }
      if (!this.isMultiplayer()) this.connectionEstablished.emit(socket.getSelectedProtocol());
    }
    if (this.isMultiplayer()) this.#drain(socket);
    else
      for (let n = socket.getAvailablePacketCount() - queued; n > 0; n--) this.dataReceived.emit();
    if (state === State.STATE_CLOSED) this.connectionEnded(socket, true);
  }

  /** `connectionFailed` in multiplayer mode, else `nonMultiplayer`. */
  protected emitFailure(nonMultiplayer: Signal<[]>): void {
    if (this.isMultiplayer()) this.connectionFailed.emit();
    else nonMultiplayer.emit();
  }

  /**
   * Multiplayer mode: takes the server's messages while the queue has room
   * (docs/godot3-multiplayer.md §4.5).
   */
  #drain(socket: S): void {
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
