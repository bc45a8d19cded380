import { type LogLevel, logger } from './logger.js';

/** How often, at most, a `DropLog` writes its summary lines (ms). */
const REPORT_INTERVAL_MS = 1000;
/** Above this many peers for one reason, a summary line names only the one with the most. */
const PEERS_NAMED = 3;

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * Counts packets a server drops (bad input, full buffers, closed peers), by reason and peer, so
 * that an attacker who makes us drop a million packets costs a few log lines, not a million.
 * `drop()` only counts; `report()` (called at the end of each poll) writes at most one line per
 * reason per second, e.g. "dropped 1,024 packets from peer 42: …". `counts()` keeps the totals
 * per reason since the start, for metrics.
 */
export class DropLog {
  readonly #prefix: string;
  readonly #level: LogLevel;
  readonly #totals = new Map<string, number>();
  /** Since the last report: reason → peer → count. */
  readonly #pending = new Map<string, Map<number, number>>();
  #lastReport = Number.NEGATIVE_INFINITY;

  /** `prefix` starts every line (e.g. "gd_mp_api: "); lines go out at `level`. */
  constructor(prefix = '', level: LogLevel = 'warning') {
    this.#prefix = prefix;
    this.#level = level;
  }

  /**
   * Counts `count` packets dropped for `reason`. `reason` reads after the peer, e.g.
   * `'from', 'its messages are shorter than 9 bytes'`; the peer is `peer`.
   */
  drop(direction: 'from' | 'to', peer: number, reason: string, count = 1): void {
    const key = `${direction}\u0000${reason}`;
    this.#totals.set(reason, (this.#totals.get(reason) ?? 0) + count);
    let peers = this.#pending.get(key);
    if (peers === undefined) {
      peers = new Map();
      this.#pending.set(key, peers);
    }
    peers.set(peer, (peers.get(peer) ?? 0) + count);
  }

  /** Counts without a log line (for drops that are part of normal operation). */
  count(reason: string, count = 1): void {
    this.#totals.set(reason, (this.#totals.get(reason) ?? 0) + count);
  }

  /** Totals by reason since this log was made (a copy; for metrics). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#totals);
  }

  /** The total of every reason. */
  get total(): number {
    let sum = 0;
    for (const n of this.#totals.values()) sum += n;
    return sum;
  }

  /**
   * Writes what was counted since the last report, one line per reason, unless the last
   * report was less than a second ago (then it waits for a later call). `now` in ms.
   */
  report(now = performance.now()): void {
    if (this.#pending.size === 0 || now - this.#lastReport < REPORT_INTERVAL_MS) return;
    this.#lastReport = now;
    if (!logger.isEnabled(this.#level)) {
      this.#pending.clear();
      return;
    }
    for (const [key, peers] of this.#pending) {
      const [direction, reason] = key.split('\u0000') as [string, string];
      logger[this.#level](`${this.#prefix}${describe(direction, peers)}: ${reason}`);
    }
    this.#pending.clear();
  }
}

function describe(direction: string, peers: Map<number, number>): string {
  let sum = 0;
  let top = 0;
  let topCount = -1;
  for (const [peer, n] of peers) {
    sum += n;
    if (n > topCount) {
      top = peer;
      topCount = n;
    }
  }
  const packets = `${numberFormat.format(sum)} packet${sum === 1 ? '' : 's'}`;
  if (peers.size === 1) return `dropped ${packets} ${direction} peer ${top}`;
  if (peers.size <= PEERS_NAMED) {
    const list = [...peers].map(([peer, n]) => `${peer} (${numberFormat.format(n)})`).join(', ');
    return `dropped ${packets} ${direction} peers ${list}`;
  }
  return (
    `dropped ${packets} ${direction} ${numberFormat.format(peers.size)} peers ` +
    `(most ${direction} peer ${top}: ${numberFormat.format(topCount)})`
  );
}
