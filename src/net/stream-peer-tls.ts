import type { Socket } from 'node:net';
import { checkServerIdentity, connect, type SecureContext, TLSSocket } from 'node:tls';
import { Error } from '../core/error.js';
import { hostPort, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import type { ByteChannel } from './byte-channel.js';
import { readFromChannel, writeToChannel } from './channel-io.js';
import { isIpAddress } from './ip.js';
import { DEFAULT_READ_LIMIT, notifyActivity, SocketChannel } from './socket-channel.js';
import { describeSystemCode, describeTlsFailure } from './socket-failure.js';
import { StreamPeer } from './stream-peer.js';
import { StreamPeerTCP } from './stream-peer-tcp.js';
import { TLSOptions } from './tls-options.js';

/** `StreamPeerTLS.Status` with Godot's values. */
export const StreamPeerTLSStatus = {
  STATUS_DISCONNECTED: 0,
  STATUS_HANDSHAKING: 1,
  STATUS_CONNECTED: 2,
  STATUS_ERROR: 3,
  STATUS_ERROR_HOSTNAME_MISMATCH: 4,
} as const;
export type StreamPeerTLSStatus = (typeof StreamPeerTLSStatus)[keyof typeof StreamPeerTLSStatus];

const EMPTY = new Uint8Array(0);

/**
 * Godot's `StreamPeerTLS` over `node:tls`, wrapping a connected `StreamPeerTCP` (poll the TCP
 * peer until STATUS_CONNECTED first, as Godot requires). Poll-based: the handshake result and
 * later end of stream / errors show in `getStatus()` after `poll()`. A certificate whose names
 * do not match gives STATUS_ERROR_HOSTNAME_MISMATCH; any other handshake failure STATUS_ERROR.
 * Also a `ByteChannel` carrying the decrypted bytes.
 */
export class StreamPeerTLS extends StreamPeer implements ByteChannel {
  static readonly STATUS_DISCONNECTED = StreamPeerTLSStatus.STATUS_DISCONNECTED;
  static readonly STATUS_HANDSHAKING = StreamPeerTLSStatus.STATUS_HANDSHAKING;
  static readonly STATUS_CONNECTED = StreamPeerTLSStatus.STATUS_CONNECTED;
  static readonly STATUS_ERROR = StreamPeerTLSStatus.STATUS_ERROR;
  static readonly STATUS_ERROR_HOSTNAME_MISMATCH =
    StreamPeerTLSStatus.STATUS_ERROR_HOSTNAME_MISMATCH;

  #status: StreamPeerTLSStatus = StreamPeerTLSStatus.STATUS_DISCONNECTED;
  #stream: StreamPeerTCP | null = null;
  #channel: SocketChannel | null = null;
  #secure = false;
  #readLimit = DEFAULT_READ_LIMIT;
  #onActivity: (() => void) | null = null;
  #role: 'client' | 'server' = 'client';
  #raw: Socket | null = null;
  /**
   * The TCP input had ended before the TLS layer was put on it (a client that left while its
   * connection waited in TCPServer's queue): the TLS socket will never see that end.
   */
  #endedBeforeTls = false;
  #lastError: LastError | null = null;

  /**
   * Starts a client handshake over `stream`. The server certificate is checked against
   * `commonName` (or the options' `commonNameOverride`), which is also sent as SNI when it is a
   * name. `options` defaults to `TLSOptions.client()`; server options are ERR_INVALID_PARAMETER.
   */
  connectToStream(
    stream: StreamPeerTCP,
    commonName: string,
    options: TLSOptions | null = null,
  ): Error {
    const opts = options ?? TLSOptions.client();
    if (opts.isServer()) {
      logger.error(
        'StreamPeerTLS.connectToStream: server TLSOptions given; use TLSOptions.client().',
      );
      return Error.ERR_INVALID_PARAMETER;
    }
    const name = opts.getCommonNameOverride() || commonName;
    const unsafe = opts.isUnsafeClient();
    return this.#start(stream, 'client', opts, (socket, secureContext) => {
      const tls = connect({
        socket,
        secureContext,
        rejectUnauthorized: !unsafe,
        checkServerIdentity: (_host, cert) =>
          unsafe ? undefined : checkServerIdentity(name, cert),
        ...(name !== '' && !isIpAddress(name) ? { servername: name } : {}),
      });
      return [tls, 'secureConnect'];
    });
  }

  /** Starts a server handshake over `stream` with `TLSOptions.server(key, certificate)`. */
  acceptStream(stream: StreamPeerTCP, options: TLSOptions): Error {
    if (!options.isServer()) {
      logger.error('StreamPeerTLS.acceptStream: client TLSOptions given; use TLSOptions.server().');
      return Error.ERR_INVALID_PARAMETER;
    }
    return this.#start(stream, 'server', options, (socket, secureContext) => {
      const tls = new TLSSocket(socket, { isServer: true, secureContext, requestCert: false });
      return [tls, 'secure'];
    });
  }

  /** Applies the handshake outcome, end of stream or errors since the last call. */
  poll(): Error {
    const channel = this.#channel;
    if (channel === null) return Error.OK;
    const status = this.#status;
    if (
      status !== StreamPeerTLSStatus.STATUS_HANDSHAKING &&
      status !== StreamPeerTLSStatus.STATUS_CONNECTED
    ) {
      return Error.OK;
    }
    const error = channel.error;
    if (error !== null) {
      const mismatch = error.code === 'ERR_TLS_CERT_ALTNAME_INVALID';
      if (status === StreamPeerTLSStatus.STATUS_HANDSHAKING) this.#handshakeFailed(error);
      else {
        const code = error.code ?? 'ECONNRESET';
        this.#setError(code, describeSystemCode(code));
        logger.error(`StreamPeerTLS: ${this.#lastError!.message}`);
      }
      this.#status = mismatch
        ? StreamPeerTLSStatus.STATUS_ERROR_HOSTNAME_MISMATCH
        : StreamPeerTLSStatus.STATUS_ERROR;
      channel.destroy();
      return Error.ERR_CONNECTION_ERROR;
    }
    if (status === StreamPeerTLSStatus.STATUS_HANDSHAKING) {
      if (this.#secure) this.#status = StreamPeerTLSStatus.STATUS_CONNECTED;
      else if (channel.inputDone || this.#endedBeforeTls) {
        this.#handshakeFailed(null);
        this.#status = StreamPeerTLSStatus.STATUS_ERROR;
        return Error.ERR_CONNECTION_ERROR;
      }
      return Error.OK;
    }
    if (channel.readEnded) this.#status = StreamPeerTLSStatus.STATUS_DISCONNECTED;
    return Error.OK;
  }

  getStatus(): StreamPeerTLSStatus {
    return this.#status;
  }

  /**
   * Node extra: why the handshake or the connection failed, or null: `code` CERT_UNTRUSTED,
   * CERT_HOSTNAME, CERT_EXPIRED, TLS_EXPECTED (plain HTTP reached a TLS server), TLS_UNEXPECTED
   * (the server does not speak TLS), CLOSED_DURING_HANDSHAKE, TLS_FAILED, or Node's `E…` code;
   * `address` is the other side. Cleared by the next `connectToStream` / `acceptStream`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }

  /** One line, with the other side's address, instead of OpenSSL's dump. */
  #handshakeFailed(error: NodeJS.ErrnoException | null): void {
    const failure = describeTlsFailure(error, this.#role);
    this.#setError(failure.code, failure.message);
    // The WebSocket layer above says it once, with context; for others this is in getLastError().
    logger.verbose(
      `TLS handshake with ${this.#lastError!.address || 'a peer'}: ${failure.message}.`,
    );
  }

  /** Library-internal: whether the other side has sent any byte yet (TLS records included). */
  get heardFromPeer(): boolean {
    return (this.#raw?.bytesRead ?? 0) > 0;
  }

  #setError(code: string, message: string): void {
    const tcp = this.#stream;
    const address = tcp ? hostPort(tcp.getConnectedHost(), tcp.getConnectedPort()) : '';
    this.#lastError = lastError(code, message, address);
  }

  /** The underlying TCP stream, or null. */
  getStream(): StreamPeerTCP | null {
    return this.#stream;
  }

  /** Sends close_notify (after pending data), closes the connection, resets to DISCONNECTED. */
  disconnectFromStream(): void {
    this.#channel?.close();
    this.#stream?.releaseHandedOverSocket();
    this.#channel = null;
    this.#raw = null;
    this.#stream = null;
    this.#secure = false;
    this.#status = StreamPeerTLSStatus.STATUS_DISCONNECTED;
  }

  getAvailableBytes(): number {
    return this.#channel?.availableBytes ?? 0;
  }

  // ByteChannel (internal fast path), carrying decrypted bytes.

  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }

  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    if (this.#channel !== null) this.#channel.onActivity = callback;
  }

  readChunk(): Uint8Array | undefined {
    return this.#channel?.readChunk();
  }

  unreadChunk(chunk: Uint8Array): void {
    this.#channel?.unreadChunk(chunk);
  }

  writeChunks(chunks: readonly Uint8Array[]): boolean {
    return this.#secure && (this.#channel?.writeChunks(chunks) ?? false);
  }

  get writableLength(): number {
    return this.#channel?.writableLength ?? 0;
  }

  get readEnded(): boolean {
    return this.#channel?.readEnded ?? true;
  }

  endGracefully(): void {
    this.#channel?.endGracefully();
  }

  setReadLimit(bytes: number): void {
    this.#readLimit = bytes;
    this.#channel?.setReadLimit(bytes);
  }

  protected readRaw(count: number, mode: 'all' | 'partial' | 'peek'): [Error, Uint8Array] {
    const channel = this.#channel;
    if (this.#status !== StreamPeerTLSStatus.STATUS_CONNECTED || channel === null) {
      return [Error.ERR_UNCONFIGURED, EMPTY];
    }
    return readFromChannel(channel, count, mode);
  }

  protected writeRaw(data: Uint8Array, partial: boolean): [Error, number] {
    const channel = this.#channel;
    if (this.#status !== StreamPeerTLSStatus.STATUS_CONNECTED || channel === null) {
      return [Error.ERR_UNCONFIGURED, 0];
    }
    return writeToChannel(channel, data, partial, false);
  }

  #start(
    stream: StreamPeerTCP,
    role: 'client' | 'server',
    options: TLSOptions,
    wrap: (socket: Socket, context: SecureContext) => [TLSSocket, 'secure' | 'secureConnect'],
  ): Error {
    if (this.#status !== StreamPeerTLSStatus.STATUS_DISCONNECTED || this.#channel !== null) {
      logger.error('StreamPeerTLS: already in use; call disconnectFromStream() first.');
      return Error.ERR_ALREADY_IN_USE;
    }
    if (!(stream instanceof StreamPeerTCP)) {
      logger.error('StreamPeerTLS: the stream must be a StreamPeerTCP.');
      return Error.ERR_INVALID_PARAMETER;
    }
    this.#role = role;
    this.#lastError = null;
    const context = options.secureContext();
    if (context === null) return Error.ERR_INVALID_PARAMETER;
    const socket = stream.handOverSocket();
    if (socket === null) {
      logger.error(
        'StreamPeerTLS: the TCP stream must be connected (poll it until STATUS_CONNECTED).',
      );
      return Error.ERR_INVALID_PARAMETER;
    }
    let tls: TLSSocket;
    let secureEvent: 'secure' | 'secureConnect';
    try {
      [tls, secureEvent] = wrap(socket, context);
    } catch (err) {
      logger.error(`StreamPeerTLS: cannot start TLS: ${String(err)}.`);
      socket.destroy();
      this.#status = StreamPeerTLSStatus.STATUS_ERROR;
      return Error.FAILED;
    }
    this.#raw = socket;
    this.#endedBeforeTls = socket.readableEnded || socket.destroyed;
    const channel = new SocketChannel(tls, this.#readLimit);
    channel.onActivity = this.#onActivity;
    this.#channel = channel;
    tls.once(secureEvent, () => {
      if (this.#channel !== channel) return;
      this.#secure = true;
      notifyActivity(this.#onActivity);
    });
    this.#stream = stream;
    this.#secure = false;
    this.#status = StreamPeerTLSStatus.STATUS_HANDSHAKING;
    return Error.OK;
  }
}
