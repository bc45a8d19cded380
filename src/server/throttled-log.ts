import { logger } from '../core/logger.js';

/** Seconds between two lines about the same problem. */
const QUIET_MS = 10_000;

/**
 * Error lines for problems a client or a script can repeat at will (a hook that throws on every
 * join): the first occurrence of each kind is logged, then at most one line per 10 s saying how
 * many more there were. Counts are kept for metrics.
 */
export class ThrottledLog {
  readonly counts = new Map<string, number>();
  readonly #last = new Map<string, { at: number; skipped: number }>();

  /** Logs `message` under `kind` unless a line of that kind went out less than 10 s ago. */
  error(kind: string, message: string, now = performance.now()): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const last = this.#last.get(kind);
    if (last && now - last.at < QUIET_MS) {
      last.skipped++;
      return;
    }
    const more =
      last && last.skipped > 0 ? ` (and ${last.skipped} more since the last report)` : '';
    logger.error(`${message}${more}`);
    this.#last.set(kind, { at: now, skipped: 0 });
  }
}
