/**
 * A token bucket: `burst` messages at once, refilled at `perSecond`. Time comes from the caller
 * (the server's poll), so nothing runs while a peer is idle.
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

  /** Takes one token; false when none is left (the message is over the rate). */
  take(now: number): boolean {
    if (this.#perMs <= 0) return true;
    const elapsed = now - this.#last;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#perMs);
      this.#last = now;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
