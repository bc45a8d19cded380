/**
 * A token bucket: `burst` tokens at once, refilled at `perSecond`. Time comes from the caller
 * (the server's poll, or the arrival of a message), so nothing runs while a peer is idle.
 */
export class RateLimiter {
  #tokens: number;
  #last: number;
  readonly #perMs: number;
  readonly #burst: number;

  constructor(perSecond: number, burst: number, now: number) {
    this.#perMs = perSecond / 1000;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
    this.#last = now;
  }

  /**
   * Takes `cost` tokens (one message, or its bytes); false when fewer are left (it is over the
   * rate, and nothing is taken). A rate of 0 takes everything.
   */
  take(now: number, cost = 1): boolean {
    if (this.#perMs <= 0) return true;
    const elapsed = now - this.#last;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#perMs);
      this.#last = now;
    }
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Ms until `cost` tokens are there again (after a `take` at `now`; 0 if they are). */
  waitMs(cost = 1): number {
    if (this.#perMs <= 0 || this.#tokens >= cost) return 0;
    return (Math.min(cost, this.#burst) - this.#tokens) / this.#perMs;
  }
}
