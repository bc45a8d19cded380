/** The slots of a ring that holds nothing (shared: never written, its length is 0). */
const NO_SLOTS: undefined[] = [];

/** A ring emptied while larger than this lets its slots go (a burst does not pin its peak). */
const KEEP_SLOTS = 64;

/**
 * A FIFO ring buffer (the queues under connections and peers): push, shift and unshift in
 * amortised O(1), with no allocation and no array-length changes once grown. Slots are made on
 * the first push; the ring doubles when full (a power of two, at least 4).
 */
export class Ring<T> {
  #slots: (T | undefined)[] = NO_SLOTS;
  #head = 0;
  #size = 0;

  /** Number of items held. */
  get size(): number {
    return this.#size;
  }

  /** Appends `item` at the back. */
  push(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    const slots = this.#slots;
    slots[(this.#head + this.#size) & (slots.length - 1)] = item;
    this.#size++;
  }

  /** Puts `item` at the front (it is the next `shift`). */
  unshift(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    const slots = this.#slots;
    this.#head = (this.#head - 1) & (slots.length - 1);
    slots[this.#head] = item;
    this.#size++;
  }

  /** Removes and returns the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const slots = this.#slots;
    const item = slots[this.#head];
    slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (slots.length - 1);
    this.#size--;
    if (this.#size === 0 && slots.length > KEEP_SLOTS) this.#release();
    return item;
  }

  /** The front item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  /** The item `index` places behind the front (0 = front), or `undefined` past the back. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    const slots = this.#slots;
    return slots[(this.#head + index) & (slots.length - 1)];
  }

  /** Drops everything and lets the slots go. */
  clear(): void {
    this.#release();
  }

  /** (Not `clear`, which a subclass may extend.) */
  #release(): void {
    this.#slots = NO_SLOTS;
    this.#head = 0;
    this.#size = 0;
  }

  /** Unrolls into a ring twice as large, front first. */
  #grow(): void {
    const old = this.#slots;
    const grown: (T | undefined)[] = new Array(Math.max(4, old.length * 2)).fill(undefined);
    for (let i = 0; i < this.#size; i++) grown[i] = old[(this.#head + i) & (old.length - 1)];
    this.#slots = grown;
    this.#head = 0;
  }
}
