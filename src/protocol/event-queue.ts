/**
 * A FIFO ring of connection events: amortised O(1) push/shift with no allocation once grown
 * (the ring doubles when full and never shrinks below its largest use).
 */
export class EventQueue<T = import('./connection.js').ConnectionEvent> {
  #ring: (T | undefined)[] = new Array(16).fill(undefined);
  #head = 0;
  #size = 0;

  /** Number of queued events. */
  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    let ring = this.#ring;
    if (this.#size === ring.length) {
      // Unroll into a ring twice as large, oldest first.
      const grown: (T | undefined)[] = new Array(ring.length * 2).fill(undefined);
      for (let i = 0; i < this.#size; i++) grown[i] = ring[(this.#head + i) & (ring.length - 1)];
      this.#ring = ring = grown;
      this.#head = 0;
    }
    ring[(this.#head + this.#size) & (ring.length - 1)] = item;
    this.#size++;
  }

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
