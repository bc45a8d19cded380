import { logger } from '../core/logger.js';
import { MultiplayerPeer } from '../core/multiplayer-peer.js';
import {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_MAX_QUEUED_PACKETS,
  isValidCount,
  NO_STRINGS,
  normalizeHeaders,
  normalizeProtocols,
} from './websocket-settings.js';

const DEFAULT_HANDSHAKE_TIMEOUT = 3;

/**
 * Godot leaves this many bytes of `outbound_buffer_size` out of `get_max_packet_size()`
 * (a leftover of the 3.x header; docs/godot4-multiplayer.md §3.1).
 */
const PROTO_SIZE = 9;

/**
 * What Godot's `WebSocketMultiplayerPeer` is on every platform: the configuration copied into
 * each `WebSocketPeer` it creates (docs/godot4-multiplayer.md §3.1), each as a property and as
 * `setX`/`getX`, and the MultiplayerPeer answers that do not depend on sockets.
 */
export abstract class WebSocketMultiplayerPeerBase extends MultiplayerPeer {
  #supportedProtocols: readonly string[] = NO_STRINGS;
  #handshakeHeaders: readonly string[] = NO_STRINGS;
  #inboundBufferSize = DEFAULT_BUFFER_SIZE;
  #outboundBufferSize = DEFAULT_BUFFER_SIZE;
  #maxQueuedPackets = DEFAULT_MAX_QUEUED_PACKETS;
  #handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

  /** Godot's value: `outboundBufferSize` less 9 bytes (65526 by default). */
  getMaxPacketSize(): number {
    return this.#outboundBufferSize - PROTO_SIZE;
  }

  /**
   * True: SceneMultiplayer does peer announcements and relay over this peer
   * (docs/godot4-multiplayer.md §3.6).
   */
  override isServerRelaySupported(): boolean {
    return true;
  }

  /** Subprotocols offered (client) or accepted (server); entries are trimmed. */
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

  /** Extra HTTP header lines (`"Name: value"`) sent with a client's handshake. */
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

  /** Largest inbound message, and room for unread messages per peer, in bytes (default 65535). */
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

  /** Bytes that may wait to be sent per peer (default 65535). */
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

  /** Most packets held per peer and direction, and in the shared inbound queue (default 4096). */
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

  /**
   * Seconds a connection may take to open: on a server from TCP accept to OPEN, on a client
   * from `createClient` to the id message. Default 3; values ≤ 0 are refused, as in Godot.
   */
  get handshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  set handshakeTimeout(seconds: number) {
    this.setHandshakeTimeout(seconds);
  }
  getHandshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  setHandshakeTimeout(seconds: number): void {
    if (!(seconds > 0) || !Number.isFinite(seconds)) {
      logger.error('handshakeTimeout must be a number of seconds greater than 0.');
      return;
    }
    this.#handshakeTimeout = seconds;
  }
}
