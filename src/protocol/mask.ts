/**
 * XOR masking (RFC 6455 §5.3): octet i of the payload is XORed with octet (i mod 4) of the
 * 4-byte masking key. Masking and unmasking are the same operation.
 *
 * The large-payload path is word-at-a-time: a byte loop up to the first 4-aligned address, a
 * Uint32Array loop over the aligned middle (key rotated to the right phase), a byte loop for the
 * tail. Small payloads use the byte loop only (creating a typed-array view would cost more).
 */

/** Payloads shorter than this are masked with the byte loop only. */
const WORD_THRESHOLD = 64;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * XORs `data[start, end)` in place with `key` (4 bytes at `keyOffset`), where `data[start]` is
 * payload octet number `phase` (so a payload split across chunks can be unmasked piece by piece:
 * pass the count of octets already processed). Returns the phase after the last octet.
 */
export function maskInPlace(
  data: Uint8Array,
  start: number,
  end: number,
  key: Uint8Array,
  keyOffset: number,
  phase: number,
): number {
  const k0 = key[keyOffset]!;
  const k1 = key[keyOffset + 1]!;
  const k2 = key[keyOffset + 2]!;
  const k3 = key[keyOffset + 3]!;
  let i = start;
  let p = phase & 3;
  if (end - start >= WORD_THRESHOLD && littleEndian) {
    // Byte loop until the absolute address is 4-aligned.
    const base = data.byteOffset;
    while (((base + i) & 3) !== 0) {
      data[i] = data[i]! ^ (p === 0 ? k0 : p === 1 ? k1 : p === 2 ? k2 : k3);
      p = (p + 1) & 3;
      i++;
    }
    const words = (end - i) >>> 2;
    // Key bytes starting at phase p, packed little-endian so word byte 0 meets key[p].
    const r0 = p === 0 ? k0 : p === 1 ? k1 : p === 2 ? k2 : k3;
    const r1 = p === 0 ? k1 : p === 1 ? k2 : p === 2 ? k3 : k0;
    const r2 = p === 0 ? k2 : p === 1 ? k3 : p === 2 ? k0 : k1;
    const r3 = p === 0 ? k3 : p === 1 ? k0 : p === 2 ? k1 : k2;
    const w = r0 | (r1 << 8) | (r2 << 16) | (r3 << 24) | 0;
    const view = new Int32Array(data.buffer, base + i, words);
    let j = 0;
    const unrolled = words & ~3;
    for (; j < unrolled; j += 4) {
      view[j] = view[j]! ^ w;
      view[j + 1] = view[j + 1]! ^ w;
      view[j + 2] = view[j + 2]! ^ w;
      view[j + 3] = view[j + 3]! ^ w;
    }
    for (; j < words; j++) view[j] = view[j]! ^ w;
    i += words << 2;
    // Whole words keep the phase unchanged.
  }
  for (; i < end; i++) {
    data[i] = data[i]! ^ (p === 0 ? k0 : p === 1 ? k1 : p === 2 ? k2 : k3);
    p = (p + 1) & 3;
  }
  return p;
}

/**
 * Writes `src` masked with `key` (4 bytes at `keyOffset`, phase 0) into `dst` at `dstOffset`.
 * `src` is not modified. (Copy then mask in place: the copy is a memcpy, and the in-place pass
 * can then use aligned words whatever the alignment of `src`.)
 */
export function maskInto(
  src: Uint8Array,
  dst: Uint8Array,
  dstOffset: number,
  key: Uint8Array,
  keyOffset: number,
): void {
  dst.set(src, dstOffset);
  maskInPlace(dst, dstOffset, dstOffset + src.length, key, keyOffset, 0);
}

/** Fills `out` with random bytes; must be a cryptographic source (§5.3, §10.3). */
export type RandomFill = (out: Uint8Array) => void;

/** `globalThis.crypto.getRandomValues` (Node ≥ 19 and browsers). */
export const cryptoRandomFill: RandomFill = (out) => {
  globalThis.crypto.getRandomValues(out as Uint8Array<ArrayBuffer>);
};

/** Number of 4-byte keys fetched per refill. */
const POOL_KEYS = 256;

/**
 * Hands out fresh 4-byte masking keys (§5.3: a new, unpredictable key per frame), drawing from a
 * pool refilled in batches so there is no call into the random source per frame.
 */
export class MaskKeySource {
  #fill: RandomFill;
  #pool = new Uint8Array(POOL_KEYS * 4);
  #next = POOL_KEYS * 4;

  constructor(fill: RandomFill = cryptoRandomFill) {
    this.#fill = fill;
  }

  /**
   * Returns the offset of a fresh key inside `this.pool`; the 4 bytes there are valid until the
   * next call. (Returning an offset, not a new array, keeps the send path allocation-free.)
   */
  nextKey(): number {
    if (this.#next >= this.#pool.length) {
      this.#fill(this.#pool);
      this.#next = 0;
    }
    const at = this.#next;
    this.#next += 4;
    return at;
  }

  /** The pool that `nextKey()` offsets point into. */
  get pool(): Uint8Array {
    return this.#pool;
  }
}
