/**
 * Peer ids for one room: they look like Godot's (random, 2 … 2³¹−1) and never repeat while the
 * room lives, without remembering the ids handed out. The n-th id is a keyed permutation of n
 * (a four-round Feistel network on 32 bits, walked until the value is a valid id; good for
 * 2³¹−2 ids), so two
 * different counters can never give the same id, and the memory is two numbers per room.
 */
export class PeerIdSequence {
  #next = 0;
  readonly #keys: Uint32Array;

  /** `random` is a source of uniform 32-bit keys (tests pass a fixed one). */
  constructor(random: () => number = randomUint32) {
    this.#keys = Uint32Array.of(random(), random(), random(), random());
  }

  /** The next id: 2 … 2³¹−1, different from every id this sequence gave before. */
  next(): number {
    // Cycle-walking: start inside the valid range [2, 2³¹) (counter + 2) and apply the 32-bit
    // permutation until the value is inside it again; restricted so, it permutes that range.
    let value = this.#permute(this.#next++ + 2);
    while (value >= 0x80000000 || value < 2) value = this.#permute(value);
    return value;
  }

  #permute(input: number): number {
    let left = input >>> 16;
    let right = input & 0xffff;
    for (const key of this.#keys) {
      const mixed = (Math.imul(right ^ key, 0x9e3779b1) >>> 15) & 0xffff;
      [left, right] = [right, left ^ mixed];
    }
    return ((left << 16) | right) >>> 0;
  }
}

function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
