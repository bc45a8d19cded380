import { isUtf8 } from 'node:buffer';
import { Error } from '../../core/error.js';
import { ErrorCode, type LastError, lastError } from '../../core/last-error.js';
import { logger } from '../../core/logger.js';
import type { ByteChannel } from '../../net/byte-channel.js';
import { Connection, type ConnectionEvent } from '../../protocol/connection.js';
import type { ProtocolViolation } from '../../protocol/violation.js';
import { FAIL_REASONS, truncateReason, withoutTrailingNul } from './close-reasons.js';
import { queueFlush } from './flush-queue.js';
import { HeartbeatGate } from './heartbeat-gate.js';
import type { InboundMessages } from './inbound-messages.js';
import { nodeMasker } from './native-masker.js';
import { OutboundLedger } from './outbound-ledger.js';

/**
 * While more than this many bytes wait in the socket (the remote end is not reading), pings are
 * answered with one pong for the latest of them once the backlog is gone (RFC 6455 §5.5.3).
 */
const PONG_HOLD_BYTES = 64 * 1024;

/** Where an open link stands (the `WebSocketPeer` states after CONNECTING). */
export type LinkState = 'open' | 'closing' | 'closed';

export interface FrameLinkOptions {
  channel: ByteChannel;
  role: 'client' | 'server';
  /** Largest inbound message. */
  maxMessageSize: number;
  /** Where received messages go (owned by the peer: it outlives the link). */
  inbound: InboundMessages;
  /** "host:port" of the other side, for log lines and errors. */
  address: string;
  /** Called when the link failed outside `poll()` (a deferred violation): poll to see it. */
  onFailed?: () => void;
}

/**
 * The Node `WebSocketPeer`'s connection once its opening handshake is done: RFC 6455 frames
 * (`Connection`) over the byte channel, reading into the inbound queue until it is full, sends
 * counted for `maxQueuedPackets`, one socket write per batch of sends, the heartbeat, and how the
 * connection ended (code, reason, clean or not, last error).
 *
 * A protocol violation stops input at once, but the connection fails (close 1002 or the like)
 * only once the application had its chance to answer what arrived before it: at the end of the
 * job that polled (after the sends the application made right after `poll()`), or at the next
 * poll, whichever comes first (Autobahn's strict cases 3.2–3.4, 4.1.3–4.1.5, 4.2.3–4.2.5, 5.15).
 */
export class FrameLink {
  #state: LinkState = 'open';
  readonly #conn: Connection;
  readonly #channel: ByteChannel;
  readonly #inbound: InboundMessages;
  readonly #address: string;
  #ledger: OutboundLedger | null = null; // made by the first send
  #flushQueued = false;
  #flushTask: (() => void) | null = null;
  #heartbeatGate: HeartbeatGate | null = null; // made when a heartbeat is first due
  /** A violation found in the input, applied after the application's answer. */
  #violation: ProtocolViolation | null = null;
  readonly #onFailed: (() => void) | null;
  /** Once closed: whether TCP ends after the close frames (a clean close). */
  graceful = false;
  /** Once closed cleanly: the peer's close code (0: no status) and reason. */
  closeCode = -1;
  closeReason = '';
  /** Whether the peer's close frame came before ours was sent. */
  remoteClosedFirst = false;
  /** Why the link failed (a violation, a lost connection, a heartbeat timeout), or null. */
  lastError: LastError | null = null;

  constructor(options: FrameLinkOptions, leftover: Uint8Array) {
    this.#channel = options.channel;
    this.#inbound = options.inbound;
    this.#address = options.address;
    this.#onFailed = options.onFailed ?? null;
    this.#channel.setReadLimit(Math.max(options.maxMessageSize, 65536));
    this.#conn = new Connection({
      role: options.role,
      maxMessageSize: options.maxMessageSize,
      utf8Check: isUtf8,
      allocate: allocateUninitialised,
      masker: nodeMasker(),
      deferFailure: true,
    });
    if (leftover.byteLength > 0) this.#conn.receiveData(leftover);
  }

  get state(): LinkState {
    return this.#state;
  }

  /** Bytes waiting to be sent: frames not yet written plus what the socket itself still holds. */
  get bufferedAmount(): number {
    return this.#conn.bufferedBytes + this.#channel.writableLength;
  }

  /** Reads what arrived (until the inbound queue is full), runs the heartbeat, writes. */
  poll(heartbeatSeconds: number): void {
    const conn = this.#conn;
    const channel = this.#channel;
    const inbound = this.#inbound;
    if (this.#violation) this.#applyFailure(false);
    conn.holdPongs(channel.writableLength > PONG_HOLD_BYTES);
    while (this.#state !== 'closed') {
      if (!inbound.releaseHeld()) break;
      const event = conn.nextEvent();
      if (event) {
        this.#handle(event);
        continue;
      }
      if (this.#violation) break; // input stopped; the failure follows the application's answer
      const chunk = channel.readChunk();
      if (chunk) {
        conn.receiveData(chunk);
        continue;
      }
      if (channel.readEnded) this.#readEnded();
      break;
    }
    if (this.#state === 'open' && !this.#violation) this.#heartbeat(heartbeatSeconds);
    this.flush();
  }

  /** Whether `trySend` would take a message of `size` bytes now. */
  canSend(size: number, maxQueued: number, outboundLimit: number): boolean {
    if (this.#state !== 'open') return false;
    const buffered = this.bufferedAmount;
    if ((this.#ledger?.pending(this.#conn.producedBytes - buffered) ?? 0) >= maxQueued)
      return false;
    return outboundLimit <= 0 || buffered + size <= outboundLimit;
  }

  /**
   * Queues one message: ERR_OUT_OF_MEMORY when `maxQueued` messages still wait or it does not
   * fit `outboundLimit` bytes (0 = no byte limit), FAILED when not open.
   */
  trySend(message: Uint8Array, text: boolean, maxQueued: number, outboundLimit: number): Error {
    if (this.#state !== 'open') return Error.FAILED;
    if (!this.canSend(message.byteLength, maxQueued, outboundLimit)) return Error.ERR_OUT_OF_MEMORY;
    const conn = this.#conn;
    this.#ledger ??= new OutboundLedger();
    conn.send(message, text);
    this.#ledger.sent(conn.producedBytes);
    this.#queueFlush();
    return Error.OK;
  }

  /** Why `trySend` just failed with ERR_OUT_OF_MEMORY, for `send`'s log line. */
  sendFailure(size: number, maxQueued: number, outboundLimit: number): string {
    const written = this.#conn.producedBytes - this.bufferedAmount;
    if ((this.#ledger?.pending(written) ?? 0) >= maxQueued) {
      return `send: ${maxQueued} messages are still waiting to be written (maxQueuedPackets).`;
    }
    return `send: ${size} bytes do not fit the outbound buffer (outboundBufferSize ${outboundLimit}).`;
  }

  /** Starts the closing handshake (when open). */
  close(code: number, reason: string): void {
    if (this.#state !== 'open') return;
    this.#conn.close(code, truncateReason(reason));
    this.#state = 'closing';
    this.flush();
  }

  /** Writes every frame produced so far. */
  flush(): void {
    this.#flushQueued = false;
    const chunks = this.#conn.dataToSend();
    if (chunks.length > 0) this.#channel.writeChunks(chunks);
  }

  /** Ends TCP after what is written (after a close handshake). */
  endGracefully(): void {
    this.#channel.endGracefully();
  }

  /** The link is no longer used: a queued flush does nothing. */
  detach(): void {
    this.#flushQueued = false;
    this.#violation = null;
    this.#state = 'closed';
  }

  /** The stream ended: takes the events left, then closes (not cleanly if no close frame came). */
  #readEnded(): void {
    const conn = this.#conn;
    conn.receiveEof();
    for (let tail = conn.nextEvent(); tail && this.#state !== 'closed'; tail = conn.nextEvent()) {
      this.#handle(tail);
    }
    if (this.#state !== 'closed') {
      const message = 'the connection ended without a close frame';
      this.lastError = lastError(ErrorCode.CONNECTION_LOST, message, this.#address);
      this.#finish(-1, '', false);
    }
  }

  #handle(event: ConnectionEvent): void {
    switch (event.kind) {
      case 'message':
        if (this.#state === 'open') this.#inbound.offer(event);
        return;
      case 'close':
        this.remoteClosedFirst = this.#state === 'open';
        this.#finish(event.code === 1005 ? 0 : event.code, withoutTrailingNul(event.reason), true);
        return;
      case 'error': {
        const { violation } = event;
        this.lastError = lastError(violation.code, violation.message, this.#address);
        logger.warning(`WebSocket protocol violation by ${this.#address}: ${violation.message}`);
        if (this.#conn.failurePending) {
          this.#violation = violation;
          this.#queueFlush(); // applies it at the end of this job
          return;
        }
        this.#finishFailed(violation);
        return;
      }
      default:
        return;
    }
  }

  /** Pings every interval; drops the peer if the last ping is unanswered (see HeartbeatGate). */
  #heartbeat(seconds: number): void {
    if (seconds <= 0) return;
    this.#heartbeatGate ??= new HeartbeatGate();
    const gate = this.#heartbeatGate;
    const clock = gate.check(performance.now(), seconds * 1000, this.#inbound.holding);
    if (clock === null) return;
    const result = this.#conn.heartbeat(clock, seconds * 1000);
    if (result === 'ping-sent') gate.pingSent(clock);
    if (result === 'timed-out') {
      const message = 'no pong within the heartbeat interval; the connection is dropped';
      this.lastError = lastError(ErrorCode.HEARTBEAT_TIMEOUT, message, this.#address);
      logger.warning(`WebSocket heartbeat: ${this.#address}: ${message}.`);
      this.#finish(-1, '', false);
    }
  }

  /** → closed; `clean` keeps the code and reason and ends TCP after the close frames. */
  #finish(code: number, reason: string, clean: boolean): void {
    this.graceful = clean;
    if (clean) {
      this.closeCode = code;
      this.closeReason = reason;
    }
    this.#state = 'closed';
  }

  /** The deferred violation: its close frame after what was sent, then closed. */
  #applyFailure(notify: boolean): void {
    const violation = this.#violation!;
    this.#violation = null;
    this.#conn.applyFailure();
    this.flush();
    this.#finishFailed(violation);
    if (notify) this.#onFailed?.();
  }

  #finishFailed(violation: ProtocolViolation): void {
    const reason = FAIL_REASONS[violation.closeCode] ?? violation.message;
    this.#finish(violation.closeCode, reason, true);
  }

  #queueFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    this.#flushTask ??= () => {
      if (this.#flushQueued) this.flush();
      if (this.#violation) this.#applyFailure(true);
    };
    queueFlush(this.#flushTask);
  }
}

/** Buffers that are written whole (messages, outgoing frames): no zero fill; a plain view. */
function allocateUninitialised(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}
