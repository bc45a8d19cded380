/**
 * With an `onActivity` callback set, servers poll only the members that had activity, and every
 * member at least this often (handshake timeouts, heartbeats).
 */
export const ACTIVITY_SWEEP_MS = 500;

/**
 * Which members of a server (peers, handshakes) had socket activity since its last poll, so a
 * wake-up polls those and not every idle one. Each member's socket gets `callbackFor(key)` as
 * its `onActivity`: it marks the member, then calls `wake` (the server's own `onActivity`).
 * Without `wake` nobody polls on activity, so nothing is marked (the server polls everyone).
 */
const NONE: readonly never[] = Object.freeze([]);

export class ActivityMarks<K> {
  #marked = new Set<K>();
  #wake: (() => void) | null = null;

  get wake(): (() => void) | null {
    return this.#wake;
  }
  set wake(callback: (() => void) | null) {
    this.#wake = callback;
  }

  /** The `onActivity` for member `key`'s socket; null while there is no `wake`. */
  callbackFor(key: K): (() => void) | null {
    if (!this.#wake) return null;
    return () => {
      this.#marked.add(key);
      this.#wake?.();
    };
  }

  /** Marks `key` for the next poll (without waking anyone). */
  mark(key: K): void {
    this.#marked.add(key);
  }

  /** The marked members, oldest mark first; the marks are cleared (shared empty list: none). */
  take(): readonly K[] {
    if (this.#marked.size === 0) return NONE as readonly K[];
    const keys = [...this.#marked];
    this.#marked.clear();
    return keys;
  }

  delete(key: K): void {
    this.#marked.delete(key);
  }

  clear(): void {
    this.#marked.clear();
  }
}
