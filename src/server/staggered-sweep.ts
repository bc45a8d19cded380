/**
 * Timer work over many items (a room server's rooms) spread over a period instead of done all
 * at once: each item's turn comes once per `periodMs`, a slice at a time on whichever calls
 * happen in the period, so a server with thousands of idle rooms does not stall every half
 * second (one call every 100 ms takes about a fifth of them).
 */
const NONE: readonly never[] = [];

export class StaggeredSweep<T> {
  readonly periodMs: number;
  #cycle: T[] = [];
  #done = 0;
  #start = Number.NEGATIVE_INFINITY;

  constructor(periodMs: number) {
    this.periodMs = periodMs;
  }

  /** The items whose turn has come by `now`; a new period starts from a fresh `all()`. */
  take(now: number, all: () => Iterable<T>): readonly T[] {
    if (this.#done >= this.#cycle.length) {
      if (now < this.#start + this.periodMs) return NONE;
      this.#cycle = [...all()];
      this.#done = 0;
      this.#start = now;
    }
    // The first slice at once; the whole cycle by four fifths of the period.
    const share = Math.min(1, (now - this.#start) / (this.periodMs * 0.8) + 0.1);
    const due = Math.ceil(this.#cycle.length * share);
    if (due <= this.#done) return NONE;
    const out = this.#cycle.slice(this.#done, due);
    this.#done = Math.max(this.#done, due);
    if (this.#done >= this.#cycle.length) this.#cycle = [];
    return out;
  }
}
