/**
 * The sans-I/O WebSocket connection (RFC 6455 §5–§7), created once the opening handshake is
 * done. Bytes in (`receiveData`, `receiveEof`) → events out (`nextEvent`); commands in (`send`,
 * `ping`, `pong`, `close`, `fail`) → bytes out (`dataToSend`). No sockets, no timers: the caller
 * passes the time to `heartbeat`. Nothing here throws; violations are values.
 *
 * Godot's native peer (wslay) is the model where the RFC leaves a choice (docs/godot4-peer.md
 * §1.7–§1.10): pings are answered at once, a received close is echoed with the same code and reason
 * and the connection is then CLOSED, and after a protocol failure the close frame is queued and the
 * connection is CLOSED without waiting for the reply.
 */

import { Ring } from '../shared/ring.js';
import type { Allocate } from './allocate.js';
import { buildClosePayload, parseClosePayload } from './close-frame.js';
import { FrameParser, type FrameSink } from './frame-parser.js';
import { FrameWriter } from './frame-writer.js';
import type { Masker, RandomFill } from './mask.js';
import { MessageAssembler } from './message-assembler.js';
import { MAX_CONTROL_PAYLOAD, Opcode } from './opcode.js';
import type { Utf8RangeCheck } from './utf8.js';
import type { ProtocolViolation } from './violation.js';

export type Role = 'client' | 'server';

export interface ConnectionOptions {
  /** Which end we are: clients mask what they send, servers require masked input (§5.1). */
  role: Role;
  /** Inbound message limit in bytes (payload + fragment overhead); 0/undefined = unlimited. */
  maxMessageSize?: number;
  /** Fills its argument with random bytes for mask keys; default `crypto.getRandomValues`. */
  maskKeys?: RandomFill;
  /**
   * Optional fast whole-range UTF-8 check for the bulk of text payloads (the Node layer passes
   * `buffer.isUtf8`); without it a pure-JS validator is used. Results are identical either way.
   */
  utf8Check?: Utf8RangeCheck;
  /**
   * Optional allocator for messages gathered from several pieces and for the frames we send;
   * every byte is written before it is handed out, so the Node layer passes an uninitialised
   * allocation. Default: `new Uint8Array(size)`.
   */
  allocate?: Allocate;
  /** Masking kernels (the Node layer may pass a native one); default: pure JS. */
  masker?: Masker;
  /**
   * A violation found in received data stops input and is reported (`error` event) at once,
   * but the close frame and CLOSED wait for `applyFailure()`: messages that arrived before the
   * violation (in the same read) can still be answered first, as Autobahn's strict cases expect.
   * Default false: the connection fails at once.
   */
  deferFailure?: boolean;
}

/** Connection states, numbered as Godot's `WebSocketPeer.State` (there is no CONNECTING here). */
export const ConnectionState = { OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

export type ConnectionEvent =
  /** A complete message; `data` may be a view into a chunk given to `receiveData`. */
  | { kind: 'message'; data: Uint8Array; text: boolean }
  /** A ping; the pong is already queued (unless we had sent a close). */
  | { kind: 'ping'; data: Uint8Array }
  | { kind: 'pong'; data: Uint8Array }
  /** The peer's close frame (code 1005 if it had no status); our reply is already queued. */
  | { kind: 'close'; code: number; reason: string }
  /**
   * We failed the connection: a close with `violation.closeCode` is queued (with
   * `deferFailure`: by `applyFailure()`); input is ignored.
   */
  | { kind: 'error'; violation: ProtocolViolation };

/** What `heartbeat` did. */
export type HeartbeatResult = 'idle' | 'ping-sent' | 'timed-out';

const EMPTY = new Uint8Array(0);

export class Connection implements FrameSink {
  /** Our role. */
  readonly role: Role;
  readonly #parser: FrameParser;
  readonly #assembler: MessageAssembler;
  readonly #writer: FrameWriter;
  #state: ConnectionState = ConnectionState.OPEN;
  #closeSent = false;
  #closeReceived = false;
  readonly #deferFailure: boolean;
  /** A violation waiting for `applyFailure()` (with `deferFailure`). */
  #deferred: ProtocolViolation | null = null;
  /** Events for `nextEvent()`; made by the first one (an idle connection holds no queue). */
  #events: Ring<ConnectionEvent> | undefined;
  /**
   * When the last ping went out (valid once `#pinged`). It starts at 0, not −∞: a field that
   * holds a double costs every connection a heap number.
   */
  #lastPingMs = 0;
  #pinged = false;
  #awaitingPong = false;
  /** While true, a ping's pong is kept in `#heldPong` (the latest only) instead of queued. */
  #pongsHeld = false;
  #heldPong: Uint8Array | undefined;

  constructor(options: ConnectionOptions) {
    this.role = options.role;
    this.#assembler = new MessageAssembler(
      options.maxMessageSize ?? 0,
      options.utf8Check,
      options.allocate,
      options.masker,
    );
    this.#writer = new FrameWriter(
      options.role === 'client',
      options.maskKeys,
      options.masker,
      options.allocate,
    );
    this.#parser = new FrameParser(this, options.role === 'server');
    this.#deferFailure = options.deferFailure ?? false;
  }

  /** OPEN (1), CLOSING (2: our close sent, waiting for the peer's) or CLOSED (3). */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether we have queued a close frame. */
  get closeSent(): boolean {
    return this.#closeSent;
  }

  /** Whether the peer's close frame has arrived. */
  get closeReceived(): boolean {
    return this.#closeReceived;
  }

  /** Whether close frames went both ways (the closing handshake is complete, §7.1.4). */
  get cleanClose(): boolean {
    return this.#closeSent && this.#closeReceived;
  }

  /** Bytes queued for sending and not yet taken by `dataToSend()`. */
  get bufferedBytes(): number {
    return this.#writer.bufferedBytes;
  }

  /** Bytes of every frame queued for sending so far (taken or not): a running count. */
  get producedBytes(): number {
    return this.#writer.totalBytes;
  }

  /** Inbound bytes held for incomplete frames and messages (bounded by the message limit). */
  get inboundBufferedBytes(): number {
    return this.#parser.bufferedBytes + this.#assembler.bufferedBytes;
  }

  /** Events waiting for `nextEvent()`. */
  get pendingEvents(): number {
    return this.#events?.size ?? 0;
  }

  /**
   * Feeds bytes from the peer, in any chunking. The connection takes the chunk over: masked
   * payloads are unmasked in place and message/ping data may be views into it, so do not reuse
   * it. Ignored once CLOSED or after a close frame or a violation. Never throws.
   */
  receiveData(chunk: Uint8Array): void {
    if (this.#state === ConnectionState.CLOSED || this.#parser.done) return;
    const v = this.#parser.push(chunk); // payloads come out as plain Uint8Array views
    if (v === undefined) return;
    if (!this.#deferFailure || (this.#state as ConnectionState) === ConnectionState.CLOSED) {
      this.#fail(v);
      return;
    }
    this.#parser.stop();
    this.#deferred = v;
    this.#push({ kind: 'error', violation: v });
  }

  /** Whether a violation waits for `applyFailure()` (see `deferFailure`). */
  get failurePending(): boolean {
    return this.#deferred !== null;
  }

  /**
   * Applies a deferred violation (see `deferFailure`): queues its close frame (unless a close
   * was already sent) and goes CLOSED. False when none was pending.
   */
  applyFailure(): boolean {
    const violation = this.#deferred;
    if (violation === null) return false;
    this.#deferred = null;
    if (this.#state !== ConnectionState.CLOSED) this.#failClose(violation);
    return true;
  }

  /** The TCP stream ended: CLOSED (an abnormal closure unless `cleanClose`, §7.1.5). */
  receiveEof(): void {
    this.#parser.stop();
    this.#state = ConnectionState.CLOSED;
  }

  /** The next event, or `undefined` when there is none. */
  nextEvent(): ConnectionEvent | undefined {
    return this.#events?.shift();
  }

  /**
   * Queues `data` as one text or binary frame with FIN set (Godot never fragments). Returns
   * false (nothing queued) once a close has been sent or the connection is CLOSED (§5.5.1).
   * A large payload is queued by reference on a server: do not modify it afterwards.
   */
  send(data: Uint8Array, text: boolean): boolean {
    if (this.#closeSent || this.#state !== ConnectionState.OPEN) return false;
    this.#writer.writeFrame(text ? Opcode.TEXT : Opcode.BINARY, true, data);
    return true;
  }

  /** Queues a ping (payload ≤ 125 bytes, §5.5). Returns false if not queued. */
  ping(data: Uint8Array = EMPTY): boolean {
    return this.#control(Opcode.PING, data);
  }

  /** Queues an unsolicited pong (payload ≤ 125 bytes, §5.5.3). Returns false if not queued. */
  pong(data: Uint8Array = EMPTY): boolean {
    return this.#control(Opcode.PONG, data);
  }

  /**
   * Starts the closing handshake (§7.1.2): queues a close frame and goes OPEN → CLOSING.
   * `code` 0 sends an empty close body (Godot's "no status"); 1..65535 is sent as is (Godot does
   * not validate codes on send; see `isValidSentCloseCode`). A string reason is UTF-8 encoded,
   * bytes are sent verbatim. A negative code aborts: CLOSED at once, queued output dropped,
   * nothing sent (Godot's `close(-1)`).
   *
   * Returns false when nothing was queued: a close was already sent, the connection is CLOSED,
   * the code is not an integer ≤ 65535, or the reason is over 123 bytes. In the last case, as in
   * Godot (wslay refuses the frame, Godot sets CLOSING anyway), the state still becomes CLOSING:
   * no more sends, and a close from the peer is still answered.
   */
  close(code: number, reason: string | Uint8Array = ''): boolean {
    if (code < 0) {
      this.abort();
      return true;
    }
    if (this.#closeSent || this.#state === ConnectionState.CLOSED) return false;
    if (!Number.isInteger(code) || code > 0xffff) return false;
    const payload = buildClosePayload(code, reason);
    this.#state = ConnectionState.CLOSING;
    if (payload === undefined) return false;
    this.#writer.writeFrame(Opcode.CLOSE, true, payload);
    this.#closeSent = true;
    return true;
  }

  /**
   * Fails the connection (§7.1.7): queues a close frame with `violation.closeCode` (unless a
   * close was already sent), goes CLOSED without waiting for the reply, ignores further input,
   * and queues an `error` event.
   */
  fail(violation: ProtocolViolation): void {
    this.#fail(violation);
  }

  /** Drops the connection: CLOSED, queued output discarded, nothing more sent or processed. */
  abort(): void {
    this.#parser.stop();
    this.#writer.discard();
    this.#state = ConnectionState.CLOSED;
  }

  /**
   * While `hold` is true, pongs are not queued: only the payload of the latest ping is kept,
   * and its pong is queued when the hold ends (RFC 6455 §5.5.3 allows answering only the most
   * recent ping). The Node layer holds pongs while the socket still has a backlog to write, so
   * a peer that sends pings and never reads cannot make us buffer pongs without bound.
   */
  holdPongs(hold: boolean): void {
    this.#pongsHeld = hold;
    const pong = this.#heldPong;
    if (hold || pong === undefined) return;
    this.#heldPong = undefined;
    if (!this.#closeSent && this.#state === ConnectionState.OPEN) {
      this.#writer.writeFrame(Opcode.PONG, true, pong);
    }
  }

  /** Takes everything queued since the last call, in as few chunks as possible (maybe none). */
  dataToSend(): readonly Uint8Array[] {
    return this.#writer.drain();
  }

  /**
   * Godot 4.4 heartbeat (docs/godot4-peer.md §1.9); call on every poll with a monotonic clock in
   * ms. While OPEN with `intervalMs` > 0: once more than `intervalMs` has passed since the last
   * ping, if that ping is still unanswered the connection is aborted ('timed-out': CLOSED, no close
   * frame); otherwise an empty ping is queued ('ping-sent'). The first call sends a ping.
   */
  heartbeat(nowMs: number, intervalMs: number): HeartbeatResult {
    if (intervalMs <= 0 || this.#state !== ConnectionState.OPEN) return 'idle';
    if (this.#pinged && nowMs - this.#lastPingMs <= intervalMs) return 'idle';
    if (this.#awaitingPong) {
      this.abort();
      return 'timed-out';
    }
    this.#writer.writeFrame(Opcode.PING, true, EMPTY);
    this.#lastPingMs = nowMs;
    this.#pinged = true;
    this.#awaitingPong = true;
    return 'ping-sent';
  }

  #control(opcode: number, data: Uint8Array): boolean {
    if (this.#closeSent || this.#state !== ConnectionState.OPEN) return false;
    if (data.length > MAX_CONTROL_PAYLOAD) return false;
    this.#writer.writeFrame(opcode, true, data);
    return true;
  }

  #push(event: ConnectionEvent): void {
    let events = this.#events;
    if (events === undefined) {
      events = new Ring();
      this.#events = events;
    }
    events.push(event);
  }

  #fail(violation: ProtocolViolation): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#parser.stop();
    this.#failClose(violation);
    this.#push({ kind: 'error', violation });
  }

  /** §7.1.7: a close frame with the violation's code (Godot sends no reason), then CLOSED. */
  #failClose(violation: ProtocolViolation): void {
    if (!this.#closeSent) {
      this.#writer.writeFrame(Opcode.CLOSE, true, buildClosePayload(violation.closeCode)!);
      this.#closeSent = true;
    }
    this.#state = ConnectionState.CLOSED;
  }

  // FrameSink: called by this connection's parser only (a connection is its parser's sink, so
  // an idle connection carries no extra sink object or closures).

  /** FrameSink (internal). */
  onDataFrame(opcode: number, _fin: boolean, length: number): ProtocolViolation | undefined {
    return this.#assembler.frameStart(opcode, length);
  }

  /** FrameSink (internal). */
  onDataPayload(data: Uint8Array, maskKey: number): ProtocolViolation | undefined {
    return this.#assembler.payload(data, maskKey);
  }

  /** FrameSink (internal). */
  onDataFrameEnd(fin: boolean): ProtocolViolation | undefined {
    const assembler = this.#assembler;
    const v = assembler.frameEnd(fin);
    if (v !== undefined || !fin) return v;
    const text = assembler.text;
    this.#push({ kind: 'message', data: assembler.take(), text });
    return undefined;
  }

  /** FrameSink (internal). */
  onControlFrame(opcode: number, payload: Uint8Array): ProtocolViolation | undefined {
    if (opcode === Opcode.PING) {
      // §5.5.2: answer with a pong carrying the same payload (not after our close, as wslay);
      // while pongs are held, only the latest ping is answered (§5.5.3).
      if (!this.#closeSent) {
        if (this.#pongsHeld) this.#heldPong = payload.slice();
        else this.#writer.writeFrame(Opcode.PONG, true, payload);
      }
      this.#push({ kind: 'ping', data: payload });
    } else if (opcode === Opcode.PONG) {
      // §5.5.3: a pong answers our latest ping (or is unsolicited); either clears the heartbeat.
      this.#awaitingPong = false;
      this.#push({ kind: 'pong', data: payload });
    } else {
      const parsed = parseClosePayload(payload);
      if (!parsed.ok) return parsed.violation;
      this.#closeReceived = true;
      this.#parser.stop(); // §5.5.1: nothing follows a close frame.
      if (!this.#closeSent) {
        // §5.5.1: reply with a close frame, echoing the status code (and, as Godot, the reason).
        const echo = parsed.code === 1005 ? payload.subarray(0, 0) : payload;
        this.#writer.writeFrame(Opcode.CLOSE, true, echo);
        this.#closeSent = true;
      }
      this.#state = ConnectionState.CLOSED;
      this.#push({ kind: 'close', code: parsed.code, reason: parsed.reason });
    }
    return undefined;
  }
}
