import { DropLog } from '../core/drop-log.js';
import type { WebSocketPeer } from '../websocket/websocket-peer.js';
import { RateLimiter } from './rate-limiter.js';

/** The close code of a member kicked for sustained flooding (RFC 6455 "policy violation"). */
export const RATE_KICK_CODE = 1008;
export const RATE_KICK_REASON = 'rate limit exceeded';

/** A drop less than this long after the previous one continues an abuse streak (ms). */
const STREAK_GAP_MS = 1000;

/** How much one room member may send; every field has the default shown. 0 turns a limit off. */
export interface PeerLimitOptions {
  /** Messages per second a member may send, sustained (default 300). */
  messagesPerSecond?: number;
  /** Messages a member may send at once (default 600). */
  messageBurst?: number;
  /** Payload bytes per second a member may send, sustained (default 512 KiB). */
  bytesPerSecond?: number;
  /**
   * Payload bytes a member may send at once (default 1 MiB; never less than `bytesPerSecond`
   * or the largest message, so one message within `maxMessage` can always pass).
   */
  byteBurst?: number;
  /**
   * Seconds a member may stay over its limits before it is closed with 1008 "rate limit
   * exceeded": its messages were dropped all that time with no gap of a second or more
   * (default 10; 0 = never kick, only drop).
   */
  kickAfterSeconds?: number;
}

export type PeerLimits = Required<PeerLimitOptions>;

export const PEER_LIMIT_DEFAULTS: PeerLimits = {
  messagesPerSecond: 300,
  messageBurst: 600,
  bytesPerSecond: 512 * 1024,
  byteBurst: 1024 * 1024,
  kickAfterSeconds: 10,
};

/**
 * The options with defaults filled in (negative or non-numbers fall back to the default). The
 * byte burst is at least the byte rate and the largest message (`maxMessage`, 0: Godot's
 * 64 KiB), so one message within the size limit can always pass.
 */
export function resolvePeerLimits(options: PeerLimitOptions = {}, maxMessage = 0): PeerLimits {
  const out = { ...PEER_LIMIT_DEFAULTS };
  for (const key of Object.keys(out) as (keyof PeerLimits)[]) {
    const value = options[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  out.byteBurst = Math.max(out.byteBurst, out.bytesPerSecond, maxMessage > 0 ? maxMessage : 65535);
  out.messageBurst = Math.max(out.messageBurst, 1);
  return out;
}

/** What one room's limits dropped and kicked. */
export interface RateLimitCounts {
  /** Messages dropped for being over a member's rate. */
  messages: number;
  /** Their payload bytes. */
  bytes: number;
  /** Members closed with 1008 for staying over it. */
  kicks: number;
}

export function emptyRateLimitCounts(): RateLimitCounts {
  return { messages: 0, bytes: 0, kicks: 0 };
}

/**
 * The per-member rate limits of one room: two token buckets per member (messages and bytes),
 * checked as each message arrives, before it is queued. A message over them is dropped and the
 * member's socket is not read until the buckets have refilled (the rest waits in TCP, pushing
 * back on the sender), so a flood costs neither memory nor more reading than the rate, and
 * reaches neither the relay nor the other members. Drops are counted here and summed in the
 * log (at most one line a second per room); a member over its limits for `kickAfterSeconds`
 * is closed with 1008.
 */
export class RoomRateLimits {
  readonly counts = emptyRateLimitCounts();
  readonly #limits: PeerLimits;
  readonly #kick: (id: number, code: number, reason: string) => void;
  readonly #log: DropLog;
  readonly #why: string;

  constructor(
    limits: PeerLimits,
    label: string,
    kick: (id: number, code: number, reason: string) => void,
  ) {
    this.#limits = limits;
    this.#kick = kick;
    this.#log = new DropLog(`room ${label}: `, 'warning');
    const kib = Math.round(limits.bytesPerSecond / 1024);
    this.#why = `over its rate limit (${limits.messagesPerSecond} messages/s, ${kib} KiB/s)`;
  }

  /** Whether any limit is on. */
  get enabled(): boolean {
    return this.#limits.messagesPerSecond > 0 || this.#limits.bytesPerSecond > 0;
  }

  /** Limits what member `id` sends on `ws` from now on. */
  watch(ws: WebSocketPeer, id: number): void {
    if (!this.enabled) return;
    const l = this.#limits;
    const now = performance.now();
    const messages = new RateLimiter(l.messagesPerSecond, l.messageBurst, now);
    const bytes = new RateLimiter(l.bytesPerSecond, l.byteBurst, now);
    const kickAfterMs = l.kickAfterSeconds * 1000;
    let streakStart = 0;
    let lastDrop = Number.NEGATIVE_INFINITY;
    let kicked = false;
    ws.setInboundGate((size) => {
      const at = performance.now();
      // Bytes are only taken for a message the message bucket let through.
      if (!kicked && messages.take(at) && bytes.take(at, size)) return true;
      this.counts.messages++;
      this.counts.bytes += size;
      if (kicked) return false;
      if (at - lastDrop >= STREAK_GAP_MS) streakStart = at;
      lastDrop = at;
      this.#log.drop('from', id, this.#why);
      this.#log.report(at);
      // Throttle: read nothing more from it until it may send again, so a flood costs the
      // server no more reading than the rate (its excess waits in TCP, pushing back on it).
      ws.pauseReading(Math.max(messages.waitMs(1), bytes.waitMs(size)));
      if (kickAfterMs > 0 && at - streakStart >= kickAfterMs) {
        kicked = true;
        this.counts.kicks++;
        // Outside the socket's read loop, which is running this gate.
        queueMicrotask(() => this.#kick(id, RATE_KICK_CODE, RATE_KICK_REASON));
      }
      return false;
    });
  }
}

/** Adds `counts` into `into`. */
export function addRateLimitCounts(into: RateLimitCounts, counts: RateLimitCounts): void {
  into.messages += counts.messages;
  into.bytes += counts.bytes;
  into.kicks += counts.kicks;
}
