/**
 * Whether clients `a` and `b` may know of each other (ADD_PEER, relayed packets). It should be
 * symmetric; it is asked for each pair, with `a` the one joining or changing.
 */
export type VisibilityRule = (a: number, b: number) => boolean;

/**
 * Which clients each admitted client has been told about (ADD_PEER sent, DEL_PEER not yet),
 * kept only while a `VisibilityRule` is in force (without one every client knows every other,
 * as with a Godot server, and nothing is stored).
 */
export class PeerVisibility {
  readonly #told = new Map<number, Set<number>>();

  /** Starts from "everyone knows everyone" among `peers` (the state without a rule). */
  constructor(peers: Iterable<number>) {
    const all = [...peers];
    for (const id of all) this.#told.set(id, new Set(all.filter((other) => other !== id)));
  }

  /** Whether `a` was told about `b`. */
  sees(a: number, b: number): boolean {
    return this.#told.get(a)?.has(b) ?? false;
  }

  /** Client `id` is admitted: the others that may see it (both are told), per `rule`. */
  admit(id: number, others: Iterable<number>, rule: VisibilityRule): number[] {
    const mine = new Set<number>();
    this.#told.set(id, mine);
    const out: number[] = [];
    for (const other of others) {
      if (other === id || !ask(rule, id, other)) continue;
      mine.add(other);
      this.#told.get(other)?.add(id);
      out.push(other);
    }
    return out;
  }

  /** Client `id` left: the clients that knew it (they need a DEL_PEER). */
  leave(id: number): number[] {
    const knew = [...(this.#told.get(id) ?? [])];
    this.#told.delete(id);
    for (const other of knew) this.#told.get(other)?.delete(id);
    return knew;
  }

  /** After the rule's answers changed: pairs to introduce and pairs to part, each once. */
  refresh(peers: readonly number[], rule: VisibilityRule): { add: number[][]; del: number[][] } {
    const add: number[][] = [];
    const del: number[][] = [];
    for (let i = 0; i < peers.length; i++) {
      const a = peers[i]!;
      for (let j = i + 1; j < peers.length; j++) {
        const b = peers[j]!;
        const should = ask(rule, a, b);
        if (should === this.sees(a, b)) continue;
        if (should) {
          this.#told.get(a)?.add(b);
          this.#told.get(b)?.add(a);
          add.push([a, b]);
        } else {
          this.#told.get(a)?.delete(b);
          this.#told.get(b)?.delete(a);
          del.push([a, b]);
        }
      }
    }
    return { add, del };
  }
}

/** A throwing rule counts as "not visible". */
function ask(rule: VisibilityRule, a: number, b: number): boolean {
  try {
    return rule(a, b) === true;
  } catch {
    return false;
  }
}
