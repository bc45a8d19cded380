import type { Socket } from 'node:net';
import { Error } from '../core/error.js';
import { ErrorCode, hostPort, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import type { TrafficMeter } from '../core/traffic-meter.js';
import { StreamPeerTCP } from '../net/stream-peer-tcp.js';
import { StreamPeerTLS } from '../net/stream-peer-tls.js';
import type { TLSOptions } from '../net/tls-options.js';
import { parseWebSocketUrl, urlHint, type WebSocketUrl } from '../protocol/url.js';
import { ClientOpening } from './node/client-opening.js';
import { FrameLink } from './node/frame-link.js';
import { type HttpUpgradeRequest, streamFromUpgrade } from './node/http-upgrade.js';
import { type InboundGate, InboundMessages } from './node/inbound-messages.js';
import type { Opening } from './node/opening.js';
import { type HandshakeRequestHook, ServerOpening } from './node/server-opening.js';
import { State, WebSocketPeerBase, WriteMode } from './websocket-peer-base.js';

export type { InboundGate } from './node/inbound-messages.js';

const textEncoder = new TextEncoder();

/**
 * Godot 4's `WebSocketPeer` for Node.js: a poll-driven WebSocket client (`connectToUrl`) or
 * server-side peer (`acceptStream`), over `ws://` or `wss://`.
 *
 * As in Godot, state changes become visible on `poll()`; call it regularly (every frame, or
 * from `onActivity`). Sends between two polls leave in one socket write.
 */
export class WebSocketPeer extends WebSocketPeerBase {
  #state: State = State.STATE_CLOSED;
  #opening: Opening | null = null;
  #tcp: StreamPeerTCP | null = null;
  #tls: StreamPeerTLS | null = null;
  #link: FrameLink | null = null;
  readonly #inbound = new InboundMessages();
  #closeCode = -1;
  #closeReason = '';
  #protocol = '';
  #requestedUrl = '';
  #wasString = false;
  #handshakeTimeout = 3;
  #requestHook: HandshakeRequestHook | null = null;
  #onActivity: (() => void) | null = null;
  #remoteClosedFirst = false;
  #traffic: TrafficMeter | null = null;

  /**
   * Node extra (not in Godot): counts the messages this peer takes in (`getPacket`) and sends
   * into `meter` (usually shared by many peers); null (the default) counts nothing.
   */
  setTrafficMeter(meter: TrafficMeter | null): void {
    this.#traffic = meter;
  }
  /**
   * Node extra (not in Godot): asked about each data message as it arrives, with its payload
   * size; false discards it before it is queued (a server's per-peer rate limit). Null: keep all.
   */
  setInboundGate(gate: InboundGate | null): void {
    this.#inbound.gate = gate;
  }

  /**
   * Node extra: reads nothing more from the socket for `ms` (the kernel's buffers fill and TCP
   * pushes back on the sender); reading resumes on the first `poll()` after that.
   */
  pauseReading(ms: number): void {
    if (ms > 0) this.#inbound.pauseUntil(performance.now() + ms);
  }
  #lastError: LastError | null = null;
  /** The other side, "host:port" (a client's target before it connects). */
  #address = '';

  /**
   * Node extra (not in Godot): seconds a server-side peer may take to complete its opening
   * handshake before it is dropped (default 3, as Godot's WebSocketMultiplayerPeer; 0 = never).
   */
  get handshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  set handshakeTimeout(seconds: number) {
    if (!Number.isFinite(seconds) || seconds < 0) {
      logger.error('handshakeTimeout must be a number of seconds ≥ 0.');
      return;
    }
    this.#handshakeTimeout = seconds;
  }

  /**
   * Node extra: inspects a client's upgrade request before a server-side peer accepts it.
   * Return `undefined` to accept, or `{ status, reason?, headers? }` to answer with that HTTP
   * error and close.
   */
  setHandshakeRequestHook(hook: HandshakeRequestHook | null): void {
    this.#requestHook = hook;
  }

  /**
   * Node extra: called (from a socket event, not from `poll()`) when data or a state change is
   * waiting, so an event-driven program can `poll()` right away instead of on a timer.
   */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    if (this.#tcp) this.#tcp.onActivity = callback;
    if (this.#tls) this.#tls.onActivity = callback;
  }

  /** Connects to a `ws://` or `wss://` URL. Certificates and host names are verified by default. */
  connectToUrl(url: string, tlsClientOptions: TLSOptions | null = null): Error {
    if (url === '') return fail(Error.ERR_INVALID_PARAMETER, 'connectToUrl: the URL is empty.');
    if (tlsClientOptions?.isServer()) {
      return fail(Error.ERR_INVALID_PARAMETER, 'connectToUrl: server TLS options were given.');
    }
    if (this.#state !== State.STATE_CLOSED && this.#state !== State.STATE_CLOSING) {
      return fail(Error.ERR_ALREADY_IN_USE, 'connectToUrl: this peer is already in use.');
    }
    this.#reset();
    const parsed = parseWebSocketUrl(url);
    if (parsed.error !== Error.OK || !parsed.url) {
      const message = `Invalid WebSocket URL: ${url}${urlHint(url)}`;
      this.#lastError = lastError(ErrorCode.INVALID_URL, message);
      return fail(parsed.error || Error.ERR_INVALID_PARAMETER, message);
    }
    return this.connectToParsedUrl(parsed.url, tlsClientOptions, url);
  }

  /**
   * Library-internal (used by the Godot 3 `WebSocketClient`, whose URL rules differ): connects
   * to an already parsed URL. `requestedUrl` is what `getRequestedUrl()` reports.
   */
  connectToParsedUrl(
    target: WebSocketUrl,
    tlsClientOptions: TLSOptions | null,
    requestedUrl: string,
  ): Error {
    if (this.#state !== State.STATE_CLOSED && this.#state !== State.STATE_CLOSING) {
      return fail(Error.ERR_ALREADY_IN_USE, 'connectToUrl: this peer is already in use.');
    }
    this.#reset();
    this.#address = hostPort(target.host, target.port);
    const tcp = new StreamPeerTCP();
    const err = tcp.connectToHost(target.host, target.port);
    if (err !== Error.OK) {
      const message = `Cannot connect to ${target.host}.`;
      this.#lastError = tcp.getLastError() ?? lastError(ErrorCode.INVALID_URL, message);
      return fail(err, message);
    }
    this.#tcp = tcp;
    tcp.onActivity = this.#onActivity;
    this.#opening = new ClientOpening({
      tcp,
      url: target,
      tlsOptions: tlsClientOptions,
      protocols: this.getSupportedProtocols(),
      headers: this.getHandshakeHeaders(),
      onTls: (tls) => {
        this.#tls = tls;
        tls.onActivity = this.#onActivity;
      },
    });
    this.#requestedUrl = requestedUrl;
    this.#state = State.STATE_CONNECTING;
    return Error.OK;
  }

  /**
   * Takes a connection from `TCPServer.takeConnection()` (or a server `StreamPeerTLS`) and runs the
   * server handshake.
   */
  acceptStream(stream: StreamPeerTCP | StreamPeerTLS | null): Error {
    if (!stream) return fail(Error.ERR_INVALID_PARAMETER, 'acceptStream: no stream.');
    if (this.#state !== State.STATE_CLOSED && this.#state !== State.STATE_CLOSING) {
      return fail(Error.ERR_ALREADY_IN_USE, 'acceptStream: this peer is already in use.');
    }
    let tcp: StreamPeerTCP;
    let tls: StreamPeerTLS | null = null;
    if (stream instanceof StreamPeerTCP) {
      tcp = stream;
    } else if (stream instanceof StreamPeerTLS && stream.getStream() instanceof StreamPeerTCP) {
      tls = stream;
      tcp = stream.getStream() as StreamPeerTCP;
    } else {
      return fail(
        Error.ERR_INVALID_PARAMETER,
        'acceptStream: needs a StreamPeerTCP or StreamPeerTLS.',
      );
    }
    this.#reset();
    this.#address = hostPort(tcp.getConnectedHost(), tcp.getConnectedPort());
    tcp.setNoDelay(true);
    this.#tcp = tcp;
    this.#tls = tls;
    tcp.onActivity = this.#onActivity;
    if (tls) tls.onActivity = this.#onActivity;
    this.#opening = new ServerOpening({
      tcp,
      tls,
      protocols: this.getSupportedProtocols(),
      headers: this.getHandshakeHeaders(),
      timeoutMs: this.#handshakeTimeout * 1000,
      hook: this.#requestHook,
    });
    this.#state = State.STATE_CONNECTING;
    return Error.OK;
  }

  /**
   * Node extra (not in Godot): takes over a connection from an `http.Server` 'upgrade' event,
   * so a WebSocket endpoint shares a port with HTTP:
   * `httpServer.on('upgrade', (req, socket, head) => peer.acceptHttpUpgrade(req, socket, head))`.
   * The request is checked and answered as by `acceptStream` (subprotocols, handshake headers,
   * the request hook, the handshake timeout). Behind an `https.Server` the socket is already
   * TLS: it works the same, but `getRequestedUrl()` says ws:// rather than wss://.
   */
  acceptHttpUpgrade(request: HttpUpgradeRequest, socket: Socket, head: Uint8Array): Error {
    return this.acceptStream(streamFromUpgrade(request, socket, head));
  }

  poll(): void {
    if (this.#opening) this.#pollOpening();
    if (this.#link) this.#pollLink();
  }

  getReadyState(): State {
    return this.#state;
  }

  /** Sends one message as a text or binary frame. */
  send(message: Uint8Array, writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY): Error {
    const err = this.trySend(message, writeMode);
    if (err !== Error.OK) logger.error(this.#sendFailure(err, message.byteLength));
    return err;
  }

  /**
   * Library-internal: `send` without the log line, for servers and relays that count their
   * failed sends instead of logging each (FAILED: not open; ERR_OUT_OF_MEMORY: a limit).
   */
  trySend(message: Uint8Array, writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY): Error {
    const link = this.#link;
    if (this.#state !== State.STATE_OPEN || !link) return Error.FAILED;
    const text = writeMode === WriteMode.WRITE_MODE_TEXT;
    const err = link.trySend(
      message,
      text,
      this.getMaxQueuedPackets(),
      this.getOutboundBufferSize(),
    );
    if (err !== Error.OK) return err;
    const traffic = this.#traffic;
    if (traffic) {
      traffic.messagesOut++;
      traffic.bytesOut += message.byteLength;
    }
    return Error.OK;
  }

  /** Why `trySend` just failed, for `send`'s log line. */
  #sendFailure(err: Error, size: number): string {
    const link = this.#link;
    if (err === Error.FAILED || !link) return 'send: the WebSocket is not open.';
    return link.sendFailure(size, this.getMaxQueuedPackets(), this.getOutboundBufferSize());
  }

  /**
   * Library-internal (fair relays): whether `trySend` of `size` bytes would be taken now: open,
   * fewer than `maxQueuedPackets` messages waiting, and room in `outboundBufferSize`.
   */
  canSend(size: number): boolean {
    const link = this.#link;
    if (this.#state !== State.STATE_OPEN || !link) return false;
    return link.canSend(size, this.getMaxQueuedPackets(), this.getOutboundBufferSize());
  }

  /** Sends a string as a text frame (UTF-8). */
  sendText(message: string): Error {
    return this.send(textEncoder.encode(message), WriteMode.WRITE_MODE_TEXT);
  }

  getAvailablePacketCount(): number {
    return this.#inbound.count;
  }

  protected override getPacketRaw(): Uint8Array | Error {
    const packet = this.#inbound.shift();
    if (!packet) return this.#state === State.STATE_OPEN ? Error.ERR_UNAVAILABLE : Error.FAILED;
    this.#wasString = packet.isString;
    const traffic = this.#traffic;
    if (traffic) {
      traffic.messagesIn++;
      traffic.bytesIn += packet.data.byteLength;
    }
    return packet.data;
  }

  /**
   * Library-internal (servers that poll on activity): whether input is waiting that no socket
   * event will announce, because reading stopped while the inbound queue was full. Once
   * packets are taken, poll again (soon) instead of waiting for activity.
   */
  isInputHeld(): boolean {
    return this.#inbound.holding;
  }

  /**
   * Library-internal (servers that poll on activity): whether a poll without socket activity
   * can change anything: a handshake (its timeout), a closing connection, a heartbeat, held
   * input, paused reading (`pauseReading`). An open, idle peer without a heartbeat needs no poll until its socket reports.
   */
  needsSweep(): boolean {
    return (
      this.#state !== State.STATE_OPEN ||
      this.getHeartbeatInterval() > 0 ||
      this.#inbound.holding ||
      this.#inbound.paused ||
      this.#link?.state === 'closed'
    );
  }

  /** Whether the last packet taken with `getPacket` came from a text frame. */
  wasStringPacket(): boolean {
    return this.#wasString;
  }

  /**
   * Starts the closing handshake (`code` ≥ 0), or drops the connection at once (`code` < 0).
   * Code 0 sends a close frame without a status. Queued inbound packets are discarded.
   */
  close(code = 1000, reason = ''): void {
    this.#inbound.clear();
    if (code < 0 || this.#state === State.STATE_CONNECTING) {
      this.#shutdown(false);
      return;
    }
    const link = this.#link;
    if (this.#state !== State.STATE_OPEN || !link) return;
    link.close(code, reason);
    this.#state = State.STATE_CLOSING;
  }

  /**
   * The peer's close code; −1 when the connection did not close cleanly; 0 when it sent no status.
   */
  getCloseCode(): number {
    return this.#closeCode;
  }

  /**
   * The peer's close reason ('' when not clean); one trailing NUL (Godot 3 adds one) is dropped.
   */
  getCloseReason(): string {
    return this.#closeReason;
  }

  /**
   * Library-internal (the Godot 3 classes need it for `server_close_request` and `was_clean`):
   * whether the peer's close frame arrived while ours had not been sent, i.e. the peer started
   * the closing handshake. Reset by the next connection.
   */
  closeStartedByRemote(): boolean {
    return this.#remoteClosedFirst;
  }

  getConnectedHost(): string {
    if (!this.#tcp) return notConnected('getConnectedHost', '');
    return this.#tcp.getConnectedHost();
  }

  getConnectedPort(): number {
    if (!this.#tcp) return notConnected('getConnectedPort', 0);
    return this.#tcp.getConnectedPort();
  }

  /** Client: the URL given to `connectToUrl`. Server: ws[s]:// + the request's Host + path. */
  getRequestedUrl(): string {
    return this.#requestedUrl;
  }

  /** The subprotocol agreed in the handshake ('' before it completes, or if none). */
  getSelectedProtocol(): string {
    return this.#protocol;
  }

  setNoDelay(enabled: boolean): void {
    if (!this.#tcp) {
      notConnected('setNoDelay', undefined);
      return;
    }
    this.#tcp.setNoDelay(enabled);
  }

  /** Bytes waiting to be sent: frames not yet written plus what the socket itself still holds. */
  getCurrentOutboundBufferedAmount(): number {
    return this.#link?.bufferedAmount ?? 0;
  }

  #pollOpening(): void {
    const opening = this.#opening!;
    const result = opening.poll(performance.now());
    if (result.status === 'pending') return;
    this.#opening = null;
    if (result.status === 'failed') {
      const address = this.#address;
      this.#lastError = lastError(result.code, result.reason, address);
      const line = `WebSocket handshake with ${address || 'a peer'}`;
      if (result.answered || result.quiet) logger.verbose(`${line}: ${result.reason}.`);
      else logger.warning(`${line} failed: ${result.reason}`);
      this.#shutdown(false);
      return;
    }
    // The inbound queue's limits are fixed when the peer opens (as in Godot).
    this.#inbound.open(this.getMaxQueuedPackets(), this.getInboundBufferSize());
    const options = {
      channel: result.channel,
      role: opening instanceof ServerOpening ? ('server' as const) : ('client' as const),
      maxMessageSize: this.getInboundBufferSize(),
      inbound: this.#inbound,
      address: this.#address,
      onFailed: () => this.#onActivity?.(),
    };
    this.#link = new FrameLink(options, result.leftover);
    this.#protocol = result.protocol;
    if (result.requestedUrl !== undefined) this.#requestedUrl = result.requestedUrl;
    this.#state = State.STATE_OPEN;
  }

  #pollLink(): void {
    const link = this.#link!;
    link.poll(this.getHeartbeatInterval());
    if (link.state !== 'closed') return;
    this.#closeCode = link.closeCode;
    this.#closeReason = link.closeReason;
    this.#remoteClosedFirst = link.remoteClosedFirst;
    if (link.lastError) this.#lastError = link.lastError;
    this.#shutdown(link.graceful);
  }

  /** Ends the transport: gracefully after a close handshake, at once otherwise. */
  #shutdown(graceful: boolean): void {
    const link = this.#link;
    if (graceful && link) {
      link.endGracefully();
    } else {
      this.#opening?.abort();
      this.#tls?.disconnectFromStream();
      this.#tcp?.disconnectFromHost();
    }
    this.#opening = null;
    link?.detach();
    this.#link = null;
    this.#tls = null;
    this.#tcp = null;
    this.#state = State.STATE_CLOSED;
  }

  #reset(): void {
    this.#shutdown(false);
    this.#inbound.clear();
    this.#closeCode = -1;
    this.#closeReason = '';
    this.#protocol = '';
    this.#requestedUrl = '';
    this.#wasString = false;
    this.#remoteClosedFirst = false;
    this.#lastError = null;
    this.#address = '';
  }

  /**
   * Node extra: why the last connection attempt or connection failed, or null: a refused or
   * unresolved connect (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`), TLS (`CERT_UNTRUSTED`,
   * `CERT_HOSTNAME`, `TLS_EXPECTED`, `TLS_UNEXPECTED`, …), the handshake (`HANDSHAKE_FAILED`,
   * `HANDSHAKE_TIMEOUT`, `CLOSED_DURING_HANDSHAKE`), a protocol violation (`WS_ERR_…`), a
   * heartbeat timeout or a connection lost without a close frame. A clean close is not an error.
   * Cleared by `connectToUrl` / `acceptStream`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }
}

function fail(err: Error, message: string): Error {
  logger.error(message);
  return err;
}

function notConnected<T>(what: string, value: T): T {
  logger.error(`${what}: the WebSocket has no TCP connection.`);
  return value;
}
