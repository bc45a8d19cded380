import type { Socket } from 'node:net';
import { Error } from '../core/error.js';
import { hostPort, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import type { ByteChannel } from './byte-channel.js';
import { readFromChannel, writeToChannel } from './channel-io.js';
import { displayAddress, isIpAddress, isValidPort, unbracket } from './ip.js';
import { DEFAULT_READ_LIMIT, notifyActivity, SocketChannel } from './socket-channel.js';
import { describeSystemCode } from './socket-failure.js';
import { StreamPeer } from './stream-peer.js';
import { type ConnectFailure, TcpConnector } from './tcp-connector.js';

/** `StreamPeerTCP.Status` with Godot's values. */
export const StreamPeerTCPStatus = {
  STATUS_NONE: 0,
  STATUS_CONNECTING: 1,
  STATUS_CONNECTED: 2,
  STATUS_ERROR: 3,
} as const;
export type StreamPeerTCPStatus = (typeof StreamPeerTCPStatus)[keyof typeof StreamPeerTCPStatus];

/** Godot's default `network/limits/tcp/connect_timeout_seconds`. */
const CONNECT_TIMEOUT_MS = 30_000;
const EMPTY = new Uint8Array(0);

/**
 * Godot's `StreamPeerTCP` over `node:net`. Poll-based as in Godot: connection, end of stream and
 * errors become visible in `getStatus()` only after `poll()`. Received bytes wait in a bounded
 * queue (the socket is paused while it is full); `getAvailableBytes()` counts them.
 * Also a `ByteChannel` (the WebSocket layer's zero-copy path).
 */
export class StreamPeerTCP extends StreamPeer implements ByteChannel {
  static readonly STATUS_NONE = StreamPeerTCPStatus.STATUS_NONE;
  static readonly STATUS_CONNECTING = StreamPeerTCPStatus.STATUS_CONNECTING;
  static readonly STATUS_CONNECTED = StreamPeerTCPStatus.STATUS_CONNECTED;
  static readonly STATUS_ERROR = StreamPeerTCPStatus.STATUS_ERROR;

  #status: StreamPeerTCPStatus = StreamPeerTCPStatus.STATUS_NONE;
  #channel: SocketChannel | null = null;
  #connector: TcpConnector | null = null;
  #connectFailure: ConnectFailure | null = null;
  #connectDeadline = 0;
  #host = '';
  #port = 0;
  #bindHost = '*';
  #bindPort = 0;
  #noDelay = false;
  #readLimit = DEFAULT_READ_LIMIT;
  #onActivity: (() => void) | null = null;
  #handedOver = false;
  #lastError: LastError | null = null;
  #target = '';

  /**
   * Adopts a socket that is already connected (from `TCPServer`, or an `http.Server` 'upgrade'
   * event); `head` bytes are queued as if just received. The peer starts out STATUS_CONNECTED.
   * Node-only extra, not part of Godot's API.
   */
  static fromSocket(socket: Socket, head?: Uint8Array): StreamPeerTCP {
    const peer = new StreamPeerTCP();
    peer.#attach(socket);
    if (head !== undefined && head.byteLength > 0) peer.#channel!.unreadChunk(head);
    peer.#status = StreamPeerTCPStatus.STATUS_CONNECTED;
    return peer;
  }

  /** Local address/port for the next `connectToHost` (before connecting). `host` "*" = any. */
  bind(port: number, host = '*'): Error {
    if (this.#status !== StreamPeerTCPStatus.STATUS_NONE) {
      logger.error('StreamPeerTCP.bind: already connecting or connected.');
      return Error.ERR_ALREADY_IN_USE;
    }
    if (!isValidPort(port, 0) || (host !== '*' && !isIpAddress(host))) {
      logger.error(`StreamPeerTCP.bind: invalid address ${host}:${port}.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    this.#bindHost = host === '*' ? '*' : unbracket(host);
    this.#bindPort = port;
    return Error.OK;
  }

  /**
   * Starts connecting (non-blocking). `host` may be an IP literal (IPv6 with or without
   * brackets) or a name, resolved asynchronously; every resolved address is tried in turn.
   * OK means the attempt started; success or failure shows in `getStatus()` after `poll()`.
   */
  connectToHost(host: string, port: number): Error {
    if (this.#status !== StreamPeerTCPStatus.STATUS_NONE) {
      logger.error('StreamPeerTCP.connectToHost: already connecting or connected.');
      return Error.ERR_ALREADY_IN_USE;
    }
    if (host === '' || !isValidPort(port, 1)) {
      logger.error(`StreamPeerTCP.connectToHost: invalid host or port "${host}":${port}.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    this.#status = StreamPeerTCPStatus.STATUS_CONNECTING;
    this.#lastError = null;
    this.#target = hostPort(unbracket(host), port);
    this.#port = port;
    this.#host = isIpAddress(host) ? unbracket(host) : '';
    this.#connectFailure = null;
    this.#connectDeadline = Date.now() + CONNECT_TIMEOUT_MS;
    const connector = new TcpConnector(
      {
        host,
        port,
        localAddress: this.#bindHost === '*' ? undefined : this.#bindHost,
        localPort: this.#bindPort,
        noDelay: this.#noDelay,
        timeoutMs: CONNECT_TIMEOUT_MS,
      },
      (socket) => {
        this.#connector = null;
        this.#attach(socket);
        notifyActivity(this.#onActivity);
      },
      (failure) => {
        this.#connector = null;
        this.#connectFailure = failure;
        notifyActivity(this.#onActivity);
      },
    );
    this.#connector = connector;
    connector.start();
    return Error.OK;
  }

  /** Applies what happened on the socket since the last call to `getStatus()`. */
  poll(): Error {
    if (this.#status === StreamPeerTCPStatus.STATUS_CONNECTING) {
      if (this.#channel !== null) {
        this.#status = StreamPeerTCPStatus.STATUS_CONNECTED;
        return Error.OK;
      }
      const failure = this.#connectFailure;
      if (failure === null && Date.now() < this.#connectDeadline) {
        this.#host ||= this.#connector?.currentAddress ?? '';
        return Error.OK;
      }
      const reason = failure?.reason ?? 'timed out';
      const code = failure?.code ?? 'ETIMEDOUT';
      this.#lastError = lastError(code, describeSystemCode(code), this.#target);
      logger.error(`StreamPeerTCP: connection to port ${this.#port} failed: ${reason}.`);
      this.#reset();
      this.#status = StreamPeerTCPStatus.STATUS_ERROR;
      return Error.ERR_CONNECTION_ERROR;
    }
    if (this.#status !== StreamPeerTCPStatus.STATUS_CONNECTED || this.#handedOver) return Error.OK;
    const channel = this.#channel!;
    const error = channel.error;
    if (error !== null) {
      const code = error.code ?? 'ECONNRESET';
      const address = hostPort(this.#host, this.#port);
      this.#lastError = lastError(code, describeSystemCode(code), address);
      logger.error(`StreamPeerTCP: connection error: ${error.code ?? error.message}.`);
      this.#status = StreamPeerTCPStatus.STATUS_ERROR;
      return Error.ERR_CONNECTION_ERROR;
    }
    if (channel.readEnded) this.disconnectFromHost(); // Godot: FIN and nothing left to read
    return Error.OK;
  }

  getStatus(): StreamPeerTCPStatus {
    return this.#status;
  }

  /**
   * Node extra: why the last connection attempt or connection failed (`code` ECONNREFUSED,
   * ENOTFOUND, ETIMEDOUT, ECONNRESET, …), or null. Cleared by `connectToHost`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }

  /** The remote IP (IPv4-mapped addresses shown as IPv4); '' when not connected. */
  getConnectedHost(): string {
    return this.#host;
  }

  getConnectedPort(): number {
    return this.#port;
  }

  /** The local port of the connection, or 0. */
  getLocalPort(): number {
    return this.#channel?.socket.localPort ?? 0;
  }

  /** Closes the connection (pending writes are still flushed) and resets to STATUS_NONE. */
  disconnectFromHost(): void {
    this.#channel?.close();
    this.#reset();
    this.#status = StreamPeerTCPStatus.STATUS_NONE;
  }

  /** Disables Nagle's algorithm (sends small writes at once) when `enabled`. */
  setNoDelay(enabled: boolean): void {
    this.#noDelay = enabled;
    this.#channel?.socket.setNoDelay(enabled);
  }

  getAvailableBytes(): number {
    return this.#handedOver ? 0 : (this.#channel?.availableBytes ?? 0);
  }

  // ByteChannel (internal fast path).

  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }

  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    if (this.#channel !== null) this.#channel.onActivity = callback;
  }

  readChunk(): Uint8Array | undefined {
    return this.#handedOver ? undefined : this.#channel?.readChunk();
  }

  unreadChunk(chunk: Uint8Array): void {
    this.#channel?.unreadChunk(chunk);
  }

  writeChunks(chunks: readonly Uint8Array[]): boolean {
    return !this.#handedOver && (this.#channel?.writeChunks(chunks) ?? false);
  }

  get writableLength(): number {
    return this.#channel?.writableLength ?? 0;
  }

  get readEnded(): boolean {
    return this.#channel === null
      ? this.#status !== StreamPeerTCPStatus.STATUS_CONNECTING
      : this.#channel.readEnded;
  }

  endGracefully(): void {
    this.#channel?.endGracefully();
  }

  setReadLimit(bytes: number): void {
    this.#readLimit = bytes;
    this.#channel?.setReadLimit(bytes);
  }

  /**
   * Internal (StreamPeerTLS): gives the connected socket to another layer; bytes already
   * received go back into the socket so that layer reads them first. null if not connected.
   */
  handOverSocket(): Socket | null {
    if (this.#channel === null || this.#handedOver) return null;
    if (this.#status !== StreamPeerTCPStatus.STATUS_CONNECTED) return null;
    this.#handedOver = true;
    return this.#channel.detach();
  }

  /** Internal (StreamPeerTLS): the TLS layer closed the handed-over socket; back to STATUS_NONE. */
  releaseHandedOverSocket(): void {
    if (!this.#handedOver) return;
    this.#reset();
    this.#status = StreamPeerTCPStatus.STATUS_NONE;
  }

  protected readRaw(count: number, mode: 'all' | 'partial' | 'peek'): [Error, Uint8Array] {
    const channel = this.#channel;
    if (this.#status !== StreamPeerTCPStatus.STATUS_CONNECTED || channel === null) {
      return [Error.FAILED, EMPTY];
    }
    if (this.#handedOver) return [Error.ERR_UNAVAILABLE, EMPTY];
    return readFromChannel(channel, count, mode);
  }

  protected writeRaw(data: Uint8Array, partial: boolean): [Error, number] {
    const channel = this.#channel;
    if (this.#status !== StreamPeerTCPStatus.STATUS_CONNECTED || channel === null) {
      return [Error.FAILED, 0];
    }
    return writeToChannel(channel, data, partial, this.#handedOver);
  }

  #attach(socket: Socket): void {
    const channel = new SocketChannel(socket, this.#readLimit);
    channel.onActivity = this.#onActivity;
    if (this.#noDelay) socket.setNoDelay(true);
    this.#channel = channel;
    this.#host = displayAddress(socket.remoteAddress) || this.#host;
    this.#port = socket.remotePort ?? this.#port;
  }

  #reset(): void {
    this.#connector?.cancel();
    this.#connector = null;
    this.#channel = null;
    this.#handedOver = false;
    this.#host = '';
    this.#port = 0;
    this.#bindHost = '*';
    this.#bindPort = 0;
  }
}
