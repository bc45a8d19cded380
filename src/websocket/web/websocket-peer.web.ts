import { Error } from '../../core/error.js';
import { ErrorCode, hostPort, type LastError, lastError } from '../../core/last-error.js';
import { logger } from '../../core/logger.js';
import { PacketQueue } from '../../core/packet-queue.js';
import { parseWebSocketUrl, urlHint } from '../../protocol/url.js';
import { State, WebSocketPeerBase, WriteMode } from '../websocket-peer-base.js';
import { browserUrl, closeRefusal, utf8ByteLength } from './browser-rules.js';
import type { RecordedEvent } from './event-inbox.js';
import { SocketLink } from './socket-link.js';

/** What a browser peer looks at in TLS options: only whether they are server options (refused). */
export interface BrowserTlsOptions {
  isServer?(): boolean;
}

let textDecoder: TextDecoder | undefined;

/**
 * Godot's `WebSocketPeer` in a browser (client only), over the native `WebSocket` with
 * `binaryType = 'arraybuffer'`, following Godot's Web build (`EMWSPeer`) except where noted.
 *
 * State changes become visible on `poll()`, not when the browser fires its events: `open`,
 * `message` and `close` events are recorded in order and applied by the next `poll()`. Godot's
 * Web build applies them between frames instead; we follow Godot's native semantics (and our
 * Node build) so that the same code runs the same way in Node and in the browser: a loop that
 * calls `poll()` and then reads `getReadyState()` and packets sees each change at one
 * well-defined point, never in the middle of its own logic.
 *
 * As in Godot's Web build: packets already received stay readable after the peer closed the
 * connection (`close()` discards them, as in Godot); an unclean close reports the browser's code
 * (1006) and a close without status 1005; `handshakeHeaders`, TLS options, `heartbeatInterval`,
 * `acceptStream`, `setNoDelay` and the host/port getters cannot be honoured and log instead.
 * Inbound messages that do not fit `inboundBufferSize` / `maxQueuedPackets` are dropped with
 * one logged error and the connection stays open (a browser cannot pause reading).
 */
export class WebSocketPeer extends WebSocketPeerBase {
  #link: SocketLink | null = null;
  #state: State = State.STATE_CLOSED;
  #inbound = new PacketQueue(0, 0);
  #wasString = false;
  #closeCode = -1;
  #closeReason = '';
  #wasClean = false;
  #opened = false;
  #hadError = false;
  #selectedProtocol = '';
  #requestedUrl = '';
  #onActivity: (() => void) | null = null;
  #lastError: LastError | null = null;
  #address = '';

  /**
   * Not in Godot (as in our Node build): called from the browser's socket events when something
   * waits for `poll()` (open, a kept message, close), so event-driven code can poll at once
   * instead of on a timer. A throwing callback is logged.
   */
  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
  }

  /**
   * Starts connecting to `url` (Godot 4 URL rules; no scheme means `ws://`). Returns OK with
   * state CONNECTING, ERR_INVALID_PARAMETER for a bad URL or server TLS options,
   * ERR_ALREADY_IN_USE unless CLOSED/CLOSING, FAILED when the browser refuses (e.g. a `ws://`
   * URL from an `https:` page), ERR_UNAVAILABLE without a global `WebSocket`.
   * Client TLS options are ignored (the browser's trust store decides), with a warning.
   */
  connectToUrl(url: string, tlsOptions: BrowserTlsOptions | null = null): Error {
    if (url.length === 0) {
      logger.error('connectToUrl: the URL is empty.');
      return Error.ERR_INVALID_PARAMETER;
    }
    if (tlsOptions?.isServer?.() === true) {
      logger.error('connectToUrl: server TLS options cannot be used to connect.');
      return Error.ERR_INVALID_PARAMETER;
    }
    if (this.#state !== State.STATE_CLOSED && this.#state !== State.STATE_CLOSING) {
      logger.error('connectToUrl: the peer is already connecting or open; close it first.');
      return Error.ERR_ALREADY_IN_USE;
    }
    this.#reset();
    const parsed = parseWebSocketUrl(url);
    if (parsed.url === undefined) {
      const message = `Invalid URL: ${url}${urlHint(url)}`;
      this.#lastError = lastError(ErrorCode.INVALID_URL, message);
      logger.error(message);
      return parsed.error;
    }
    if (this.getHandshakeHeaders().length > 0) {
      logger.warning('handshakeHeaders are ignored in browsers (the browser writes the request).');
    }
    if (tlsOptions) {
      logger.warning('TLS options are ignored in browsers (the browser checks certificates).');
    }
    if (this.getHeartbeatInterval() > 0) {
      logger.warning('heartbeatInterval has no effect in browsers (they send no pings).');
    }
    this.#address = hostPort(parsed.url.host, parsed.url.port);
    const target = browserUrl(parsed.url);
    const link = SocketLink.open(target, this.getSupportedProtocols(), {
      inbound: () => this.#inbound,
      activity: () => this.#activity(),
    });
    if (typeof link === 'number') return link;
    this.#link = link;
    this.#inbound = new PacketQueue(this.getMaxQueuedPackets(), this.getInboundBufferSize());
    this.#requestedUrl = target;
    this.#state = State.STATE_CONNECTING;
    return Error.OK;
  }

  /** Not possible in a browser: ERR_UNAVAILABLE and a warning, as in Godot's Web build. */
  acceptStream(_stream: unknown): Error {
    logger.warning('acceptStream: a browser cannot act as a WebSocket server.');
    return Error.ERR_UNAVAILABLE;
  }

  /** Applies the browser events recorded since the last call, in order (see the class notes). */
  poll(): void {
    const link = this.#link;
    if (link === null || link.inbox.length === 0) return;
    for (const event of link.inbox.drain()) this.#apply(event);
  }

  getReadyState(): State {
    return this.#state;
  }

  /**
   * Sends one message (binary by default). FAILED unless OPEN; ERR_OUT_OF_MEMORY when
   * `bufferedAmount + size >= outboundBufferSize` (Godot's Web rule; 0 = no limit). In text
   * mode the bytes are decoded as UTF-8 for the browser (invalid sequences become U+FFFD).
   */
  send(message: Uint8Array, writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY): Error {
    if (!(message instanceof Uint8Array)) {
      logger.error('send: the message must be a Uint8Array (use sendText for a string).');
      return Error.ERR_INVALID_PARAMETER;
    }
    const link = this.#openLink('send');
    if (link === null) return Error.FAILED;
    if (!this.#hasRoom(link, message.byteLength)) return Error.ERR_OUT_OF_MEMORY;
    if (writeMode !== WriteMode.WRITE_MODE_TEXT) return link.send(message);
    textDecoder ??= new TextDecoder();
    return link.send(textDecoder.decode(message));
  }

  /** Sends `text` as a text message (its UTF-8 length counts against the outbound limit). */
  sendText(text: string): Error {
    const link = this.#openLink('sendText');
    if (link === null) return Error.FAILED;
    if (!this.#hasRoom(link, utf8ByteLength(text))) return Error.ERR_OUT_OF_MEMORY;
    return link.send(text);
  }

  /** Whether the last packet taken with `getPacket` came from a text message. */
  wasStringPacket(): boolean {
    return this.#wasString;
  }

  /** Packets ready to read; not tied to the state (they stay readable after the peer closed). */
  getAvailablePacketCount(): number {
    return this.#inbound.count;
  }

  protected getPacketRaw(): Uint8Array | Error {
    const packet = this.#inbound.shift();
    if (packet === undefined) return Error.ERR_UNAVAILABLE;
    this.#wasString = packet.isString;
    return packet.data;
  }

  /**
   * Closes the connection: OPEN → CLOSING now, CLOSED after `poll()` sees the browser's close
   * event. While CONNECTING, or with a negative code: CLOSED at once (the socket is dropped
   * and ignored from then on). Unread packets are discarded, as in Godot. Code 0 sends a
   * close frame without a status. A code or reason the browser would refuse (only 1000 and
   * 3000–4999, reason ≤ 123 UTF-8 bytes) logs one error and changes nothing: the connection
   * stays open, so a later valid `close()` still works (Godot's `close` returns nothing, so
   * this is its ERR_INVALID_PARAMETER).
   */
  close(code = 1000, reason = ''): void {
    const link = this.#link;
    if (!(code < 0) && this.#state === State.STATE_OPEN && link !== null) {
      const refusal = closeRefusal(code, reason);
      if (refusal !== undefined) {
        logger.error(`close(${code}): ${refusal}; the connection stays open.`);
        return;
      }
      if (link.close(code, reason) !== Error.OK) return;
      this.#state = State.STATE_CLOSING;
    } else if (code < 0 || this.#state === State.STATE_CONNECTING) {
      this.#drop();
    }
    this.#inbound.clear();
    this.#link?.inbox.discardMessages();
  }

  /** Close code of the last connection: the peer's, the browser's (1006 unclean, 1005 no status) or −1. */
  getCloseCode(): number {
    return this.#closeCode;
  }

  /** Close reason of the last connection ("" when none). */
  getCloseReason(): string {
    return this.#closeReason;
  }

  /**
   * Not in Godot 4's API: whether the last close event was clean (`CloseEvent.wasClean`),
   * for the Godot 3 `WebSocketClient`'s `connection_closed(was_clean)`.
   */
  wasCleanClose(): boolean {
    return this.#wasClean;
  }

  /** Not in Godot 4's API: whether the last connection reached OPEN (for the Godot 3 client). */
  wasOpened(): boolean {
    return this.#opened;
  }

  /**
   * Not in Godot 4's API: whether the browser fired `error` on the last connection (it always
   * precedes the close event), for the Godot 3 client's `connection_error`.
   */
  hadError(): boolean {
    return this.#hadError;
  }

  /** The subprotocol the server chose ("" until OPEN, or when none). */
  getSelectedProtocol(): string {
    return this.#selectedProtocol;
  }

  /** The URL given to the browser (rebuilt from the parsed URL, as Godot's Web build does). */
  getRequestedUrl(): string {
    return this.#requestedUrl;
  }

  /** The browser's `bufferedAmount`: bytes queued by `send` and not yet handed to the network. */
  getCurrentOutboundBufferedAmount(): number {
    return this.#link?.bufferedAmount ?? 0;
  }

  /** Not available in a browser: "" and a warning. */
  getConnectedHost(): string {
    logger.warning('getConnectedHost is not available in browsers.');
    return '';
  }

  /** Not available in a browser: 0 and a warning. */
  getConnectedPort(): number {
    logger.warning('getConnectedPort is not available in browsers.');
    return 0;
  }

  /** Not available in a browser (the browser decides): a warning, no effect. */
  setNoDelay(_enabled: boolean): void {
    logger.warning('setNoDelay is not available in browsers.');
  }

  #activity(): void {
    const callback = this.#onActivity;
    if (callback === null) return;
    try {
      callback();
    } catch (err) {
      logger.error(`onActivity threw: ${err instanceof globalThis.Error ? err.message : err}`);
    }
  }

  #apply(event: RecordedEvent): void {
    switch (event.kind) {
      case 'open':
        if (this.#state !== State.STATE_CONNECTING) return;
        this.#selectedProtocol = event.protocol;
        this.#opened = true;
        this.#state = State.STATE_OPEN;
        return;
      case 'message':
        // Room was checked when the message arrived, and the queue only shrank since.
        this.#inbound.push(event.data, event.isString);
        return;
      case 'close':
        this.#closeCode = event.code;
        this.#closeReason = event.reason;
        this.#wasClean = event.wasClean;
        this.#hadError = event.error;
        if (event.error || !event.wasClean) {
          // Browsers say nothing more (on purpose: no port scanning from pages).
          const message = this.#opened
            ? `the connection was lost (close code ${event.code})`
            : `the browser could not connect (close code ${event.code}; it gives no reason)`;
          this.#lastError = lastError(ErrorCode.BROWSER_ERROR, message, this.#address);
        }
        this.#link?.detach();
        this.#link = null;
        this.#state = State.STATE_CLOSED;
        return;
    }
  }

  /** The link if the peer is OPEN and so is the browser socket; otherwise logs and returns null. */
  #openLink(what: string): SocketLink | null {
    const link = this.#link;
    if (this.#state === State.STATE_OPEN && link !== null && link.isOpen) return link;
    logger.error(`${what}: the WebSocket is not open.`);
    return null;
  }

  #hasRoom(link: SocketLink, size: number): boolean {
    const limit = this.getOutboundBufferSize();
    const buffered = link.bufferedAmount;
    if (limit > 0 && buffered + size >= limit) {
      logger.error(
        `send: ${size} more bytes would reach outboundBufferSize (${limit}); ${buffered} are waiting.`,
      );
      return false;
    }
    return true;
  }

  /** CLOSED at once: the socket is closed (3001 "destroyed") and its events ignored. */
  #drop(): void {
    this.#link?.destroy();
    this.#link = null;
    this.#state = State.STATE_CLOSED;
  }

  #reset(): void {
    this.#drop();
    this.#inbound.clear();
    this.#wasString = false;
    this.#closeCode = -1;
    this.#closeReason = '';
    this.#wasClean = false;
    this.#opened = false;
    this.#hadError = false;
    this.#selectedProtocol = '';
    this.#requestedUrl = '';
    this.#lastError = null;
    this.#address = '';
  }

  /**
   * Why the last connection failed or was lost, or null (`BROWSER_ERROR`: browsers give no
   * reason; `INVALID_URL`). Cleared by `connectToUrl`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }
}
