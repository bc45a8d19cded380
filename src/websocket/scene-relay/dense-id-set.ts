/**
 * A set of peer ids iterated in the order of Godot's `HashSet` (which SceneMultiplayer uses
 * for `connected_peers`): keys are kept dense in insertion order, and erasing one moves the
 * last key into its place. The relay walks peers in this order when it sends ADD_PEER,
 * DEL_PEER and broadcasts, so the order of those messages matches a Godot server's.
 */
export class DenseIdSet {
  #ids: number[] = [];
  #index = new Map<number, number>();

  get size(): number {
    return this.#ids.length;
  }

  has(id: number): boolean {
    return this.#index.has(id);
  }

  add(id: number): void {
    if (this.#index.has(id)) return;
    this.#index.set(id, this.#ids.length);
    this.#ids.push(id);
  }

  delete(id: number): boolean {
    const at = this.#index.get(id);
    if (at === undefined) return false;
    this.#index.delete(id);
    const last = this.#ids.pop()!;
    if (at < this.#ids.length) {
      this.#ids[at] = last;
      this.#index.set(last, at);
    }
    return true;
  }

  clear(): void {
    this.#ids = [];
    this.#index.clear();
  }

  /** A snapshot, so callers may change the set while they walk it. */
  toArray(): number[] {
    return this.#ids.slice();
  }

  [Symbol.iterator](): Iterator<number> {
    return this.#ids.slice()[Symbol.iterator]();
  }
}
