/** The slots of a ring that holds nothing behind its front (shared: never written). */
const NO_SLOTS: undefined[] = [];

/** A ring emptied while larger than this lets its slots go (a burst does not pin its peak). */
const KEEP_SLOTS = 64;

/**
 * A FIFO ring buffer (the queues under connections and peers): push, shift and unshift in
 * amortised O(1), with no allocation and no array-length changes once grown. The front item
 * is kept in a field of its own, so a queue that holds one item at a time (the usual case: a
 * chunk, an event, a packet between two polls) never makes its slots; behind the front, the
 * slots double when full (a power of two, at least 4).
 */
export class Ring<T> {
  #front: T | undefined;
  /** The items behind the front: `#size - 1` of them from `#head` on. */
  #slots: (T | undefined)[] = NO_SLOTS;
  #head = 0;
  #size = 0;

  /** Number of items held. */
  get size(): number {
    return this.#size;
  }

  /** Appends `item` at the back. */
  push(item: T): void {
    if (this.#size === 0) this.#front = item;
    else this.#pushBehind(item);
    this.#size++;
  }

  /** Puts `item` at the front (it is the next `shift`). */
  unshift(item: T): void {
    if (this.#size > 0) {
      const behind = this.#size - 1;
      if (behind === this.#slots.length) this.#grow();
      const slots = this.#slots;
      this.#head = (this.#head - 1) & (slots.length - 1);
      slots[this.#head] = this.#front;
    }
    this.#front = item;
    this.#size++;
  }

  /** Removes and returns the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#front;
    this.#size--;
    if (this.#size === 0) {
      this.#front = undefined;
      return item;
    }
    const slots = this.#slots;
    this.#front = slots[this.#head];
    slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (slots.length - 1);
    if (this.#size === 1 && slots.length > KEEP_SLOTS) this.#releaseSlots();
    return item;
  }

  /** The front item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#front;
  }

  /** The item `index` places behind the front (0 = front), or `undefined` past the back. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    if (index === 0) return this.#front;
    const slots = this.#slots;
    return slots[(this.#head + index - 1) & (slots.length - 1)];
  }

  /** Drops everything and lets the slots go. */
  clear(): void {
    this.#front = undefined;
    this.#size = 0;
    this.#releaseSlots();
  }

  #pushBehind(item: T): void {
    const behind = this.#size - 1;
    if (behind === this.#slots.length) this.#grow();
    const slots = this.#slots;
    slots[(this.#head + behind) & (slots.length - 1)] = item;
  }

  /** (Not `clear`, which a subclass may extend.) */
  #releaseSlots(): void {
    this.#slots = NO_SLOTS;
    this.#head = 0;
  }

  /** Unrolls the items behind the front into slots twice as many, oldest first. */
  #grow(): void {
    const old = this.#slots;
    const behind = this.#size - 1;
    const grown: (T | undefined)[] = new Array(Math.max(4, old.length * 2)).fill(undefined);
    for (let i = 0; i < behind; i++) grown[i] = old[(this.#head + i) & (old.length - 1)];
    this.#slots = grown;
    this.#head = 0;
  }
}
