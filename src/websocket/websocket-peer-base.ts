import type { Error } from '../core/error.js';
import type { LastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import { PacketPeer } from '../core/packet-peer.js';
import {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_MAX_QUEUED_PACKETS,
  isValidCount,
  NO_STRINGS,
  normalizeHeaders,
  normalizeProtocols,
} from './websocket-settings.js';

/** `WebSocketPeer.State`. */
export const State = {
  STATE_CONNECTING: 0,
  STATE_OPEN: 1,
  STATE_CLOSING: 2,
  STATE_CLOSED: 3,
} as const;
export type State = (typeof State)[keyof typeof State];

/** `WebSocketPeer.WriteMode`. */
export const WriteMode = {
  WRITE_MODE_TEXT: 0,
  WRITE_MODE_BINARY: 1,
} as const;
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

/**
 * What Godot's `WebSocketPeer` is on every platform: the constants and the configuration
 * properties (each also as `setX`/`getX`). The Node and browser classes extend it.
 */
export abstract class WebSocketPeerBase extends PacketPeer {
  static readonly STATE_CONNECTING = State.STATE_CONNECTING;
  static readonly STATE_OPEN = State.STATE_OPEN;
  static readonly STATE_CLOSING = State.STATE_CLOSING;
  static readonly STATE_CLOSED = State.STATE_CLOSED;
  static readonly WRITE_MODE_TEXT = WriteMode.WRITE_MODE_TEXT;
  static readonly WRITE_MODE_BINARY = WriteMode.WRITE_MODE_BINARY;

  // Shared empty list until set (getters copy): idle peers are the common case.
  #handshakeHeaders: readonly string[] = NO_STRINGS;
  #supportedProtocols: readonly string[] = NO_STRINGS;
  #inboundBufferSize = DEFAULT_BUFFER_SIZE;
  #outboundBufferSize = DEFAULT_BUFFER_SIZE;
  #maxQueuedPackets = DEFAULT_MAX_QUEUED_PACKETS;
  #heartbeatInterval = 0;

  abstract poll(): void;
  abstract getReadyState(): State;
  /** Node and browser extra: why the last connection failed or was lost, or null (see LastError). */
  abstract getLastError(): LastError | null;

  /** Extra HTTP header lines sent with the handshake (`"Name: value"`, sent verbatim). */
  get handshakeHeaders(): string[] {
    return this.#handshakeHeaders.slice();
  }
  set handshakeHeaders(headers: string[]) {
    this.setHandshakeHeaders(headers);
  }
  getHandshakeHeaders(): string[] {
    return this.#handshakeHeaders.slice();
  }
  setHandshakeHeaders(headers: string[]): void {
    this.#handshakeHeaders = normalizeHeaders(headers);
  }

  /** Subprotocols offered (client) or accepted (server); entries are trimmed, as in Godot. */
  get supportedProtocols(): string[] {
    return this.#supportedProtocols.slice();
  }
  set supportedProtocols(protocols: string[]) {
    this.setSupportedProtocols(protocols);
  }
  getSupportedProtocols(): string[] {
    return this.#supportedProtocols.slice();
  }
  setSupportedProtocols(protocols: string[]): void {
    this.#supportedProtocols = normalizeProtocols(protocols);
  }

  /** Largest inbound message, and room for unread messages, in bytes (default 65535). */
  get inboundBufferSize(): number {
    return this.#inboundBufferSize;
  }
  set inboundBufferSize(size: number) {
    this.setInboundBufferSize(size);
  }
  getInboundBufferSize(): number {
    return this.#inboundBufferSize;
  }
  setInboundBufferSize(size: number): void {
    if (isValidCount('inboundBufferSize', size)) this.#inboundBufferSize = size;
  }

  /** Bytes that may wait to be sent before `send` refuses with ERR_OUT_OF_MEMORY (default 65535). */
  get outboundBufferSize(): number {
    return this.#outboundBufferSize;
  }
  set outboundBufferSize(size: number) {
    this.setOutboundBufferSize(size);
  }
  getOutboundBufferSize(): number {
    return this.#outboundBufferSize;
  }
  setOutboundBufferSize(size: number): void {
    if (isValidCount('outboundBufferSize', size)) this.#outboundBufferSize = size;
  }

  /** Most packets held in each direction (default 4096). */
  get maxQueuedPackets(): number {
    return this.#maxQueuedPackets;
  }
  set maxQueuedPackets(count: number) {
    this.setMaxQueuedPackets(count);
  }
  getMaxQueuedPackets(): number {
    return this.#maxQueuedPackets;
  }
  setMaxQueuedPackets(count: number): void {
    if (isValidCount('maxQueuedPackets', count)) this.#maxQueuedPackets = count;
  }

  /** Seconds between pings while open; 0 disables (default). See the README for detection time. */
  get heartbeatInterval(): number {
    return this.#heartbeatInterval;
  }
  set heartbeatInterval(seconds: number) {
    this.setHeartbeatInterval(seconds);
  }
  getHeartbeatInterval(): number {
    return this.#heartbeatInterval;
  }
  setHeartbeatInterval(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      logger.error('heartbeatInterval must be a number of seconds ≥ 0.');
      return;
    }
    this.#heartbeatInterval = seconds;
  }

  /** Godot 4 `WebSocketPeer` sends binary with `putPacket`. */
  protected override putPacketRaw(data: Uint8Array): Error {
    return this.send(data, WriteMode.WRITE_MODE_BINARY);
  }

  abstract send(message: Uint8Array, writeMode?: WriteMode): Error;
}
