import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { PacketPeer } from '../../core/packet-peer.js';
import { State, WriteMode } from '../websocket-peer-base.js';
import { godot3WireReason } from './close-reason.js';

/**
 * What a Godot 3 peer needs of the Godot 4 `WebSocketPeer` under it; the Node and the browser
 * `WebSocketPeer` both fit.
 */
export interface Godot3Socket {
  getReadyState(): State;
  close(code?: number, reason?: string): void;
  getConnectedHost(): string;
  getConnectedPort(): number;
  getCurrentOutboundBufferedAmount(): number;
  setNoDelay(enabled: boolean): void;
  wasStringPacket(): boolean;
  getAvailablePacketCount(): number;
  getPacket(): Uint8Array;
  getPacketError(): Error;
  send(message: Uint8Array, writeMode?: WriteMode): Error;
  /** Whether `trySend` would take `size` bytes now (the Node peer has it). */
  canSend?(size: number): boolean;
  /** `send` without a log line (the Node peer has it; relays count their failures). */
  trySend?(message: Uint8Array, writeMode?: WriteMode): Error;
}

/**
 * Godot 3's `WebSocketPeer` (docs/godot3-multiplayer.md §4.2): one connection of a
 * `WebSocketClient` or `WebSocketServer`, obtained with `getPeer(id)`. A `PacketPeer` whose
 * `putPacket` sends text or binary frames by `writeMode` (default binary). It has no state enum and
 * no close-code getters: close information arrives through the client's and server's signals. Built
 * on the Godot 4 `WebSocketPeer`, which does the protocol work.
 */
export class WebSocketPeer<S extends Godot3Socket = Godot3Socket> extends PacketPeer {
  static readonly WRITE_MODE_TEXT = WriteMode.WRITE_MODE_TEXT;
  static readonly WRITE_MODE_BINARY = WriteMode.WRITE_MODE_BINARY;

  readonly #socket: S;
  readonly #wireReason: (reason: string) => string;
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #outboundLimit = 65536;

  /**
   * Made by `WebSocketClient` / `WebSocketServer`; games get peers from `getPeer(id)`.
   * `wireReason` turns a close reason into what is sent (Godot 3's trailing NUL by default;
   * Godot 3's HTML5 build hands the browser the reason as is).
   */
  constructor(socket: S, wireReason: (reason: string) => string = godot3WireReason) {
    super();
    this.variantFormat = 'godot3';
    this.#socket = socket;
    this.#wireReason = wireReason;
  }

  /** Library-internal: the Godot 4 peer underneath (polled by the client or server). */
  get socket(): S {
    return this.#socket;
  }

  /** Library-internal: Godot 3.2's outbound rule (see `putPacket`) uses this many bytes. */
  setOutboundLimit(bytes: number): void {
    this.#outboundLimit = bytes;
  }

  /**
   * Starts the closing handshake with `code` and `reason` (in Node sent with Godot 3's trailing NUL), or
   * drops the connection at once when `code` < 0. Queued inbound packets are discarded.
   */
  close(code = 1000, reason = ''): void {
    this.#socket.close(code, this.#wireReason(reason));
  }

  getConnectedHost(): string {
    return this.#socket.getConnectedHost();
  }

  getConnectedPort(): number {
    return this.#socket.getConnectedPort();
  }

  /** Bytes waiting to be sent. */
  getCurrentOutboundBufferedAmount(): number {
    return this.#socket.getCurrentOutboundBufferedAmount();
  }

  /** Frame kind `putPacket` uses: `WRITE_MODE_TEXT` (0) or `WRITE_MODE_BINARY` (1, default). */
  getWriteMode(): WriteMode {
    return this.#writeMode;
  }
  setWriteMode(mode: WriteMode): void {
    this.#writeMode = mode;
  }
  get writeMode(): WriteMode {
    return this.#writeMode;
  }
  set writeMode(mode: WriteMode) {
    this.setWriteMode(mode);
  }

  /** True from the end of the opening handshake until the closing one is over. */
  isConnectedToHost(): boolean {
    const state = this.#socket.getReadyState();
    return state === State.STATE_OPEN || state === State.STATE_CLOSING;
  }

  setNoDelay(enabled: boolean): void {
    this.#socket.setNoDelay(enabled);
  }

  /** Whether the last packet taken came from a text frame. */
  wasStringPacket(): boolean {
    return this.#socket.wasStringPacket();
  }

  getAvailablePacketCount(): number {
    return this.#socket.getAvailablePacketCount();
  }

  protected override getPacketRaw(): Uint8Array | Error {
    const packet = this.#socket.getPacket();
    const err = this.#socket.getPacketError();
    return err === Error.OK ? packet : err;
  }

  /**
   * Godot 3.2's outbound rule: a packet is refused (ERR_OUT_OF_MEMORY) only when the bytes
   * already waiting reach the output buffer size; a single large packet is accepted. Not
   * connected → FAILED.
   */
  protected override putPacketRaw(data: Uint8Array): Error {
    const err = this.sendFrame(data, this.#writeMode);
    if (err === Error.FAILED) logger.error('WebSocketPeer.putPacket: not connected.');
    if (err === Error.ERR_OUT_OF_MEMORY)
      logger.error('WebSocketPeer.putPacket: the output buffer is full.');
    return err;
  }

  /** Library-internal (fair relays): whether `sendFrame` would take `size` bytes now. */
  canSendFrame(size: number): boolean {
    if (this.#socket.getReadyState() !== State.STATE_OPEN) return false;
    if (this.#socket.getCurrentOutboundBufferedAmount() >= this.#outboundLimit) return false;
    return this.#socket.canSend?.(size) ?? true;
  }

  /**
   * Library-internal: sends one frame of the given kind under the same outbound rule as
   * `putPacket`, without logging (the multiplayer relay reports its own failures).
   */
  sendFrame(data: Uint8Array, mode: WriteMode): Error {
    if (this.#socket.getReadyState() !== State.STATE_OPEN) return Error.FAILED;
    if (this.#socket.getCurrentOutboundBufferedAmount() >= this.#outboundLimit) {
      return Error.ERR_OUT_OF_MEMORY;
    }
    const socket = this.#socket;
    return socket.trySend ? socket.trySend(data, mode) : socket.send(data, mode);
  }
}
