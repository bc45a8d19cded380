/** The ring of a queue that never held anything (shared: never written, its length is 0). */
const NO_RING: undefined[] = [];

/**
 * A FIFO ring (the connection's event queue): amortised O(1) push/shift with no allocation once
 * grown (the ring doubles when full and keeps its largest size).
 */
export class EventQueue<T> {
  #ring: (T | undefined)[] = NO_RING; // made on the first push, then grows by doubling
  #head = 0;
  #size = 0;

  /** Number of queued events. */
  get size(): number {
    return this.#size;
  }

  /** Appends `item`. */
  push(item: T): void {
    let ring = this.#ring;
    if (this.#size === ring.length) {
      // Unroll into a ring twice as large, oldest first.
      const grown: (T | undefined)[] = new Array(Math.max(4, ring.length * 2)).fill(undefined);
      for (let i = 0; i < this.#size; i++) grown[i] = ring[(this.#head + i) & (ring.length - 1)];
      this.#ring = ring = grown;
      this.#head = 0;
    }
    ring[(this.#head + this.#size) & (ring.length - 1)] = item;
    this.#size++;
  }

  /** Removes and returns the oldest item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const ring = this.#ring;
    const item = ring[this.#head];
    ring[this.#head] = undefined;
    this.#head = (this.#head + 1) & (ring.length - 1);
    this.#size--;
    return item;
  }
}
