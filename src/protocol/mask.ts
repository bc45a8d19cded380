/**
 * XOR masking (RFC 6455 §5.3): octet i of the payload is XORed with octet (i mod 4) of the
 * 4-byte masking key. Masking and unmasking are the same operation.
 *
 * The large-payload path is word-at-a-time: a byte loop up to the first 4-aligned address,
 * an Int32Array loop over the aligned middle (key rotated to the right phase), a byte loop for the
 * tail. Small payloads use an unrolled byte loop (creating a typed-array view would cost more).
 *
 * Measured on Node 20 (bench/mask.ts): ~6.5–7 GiB/s in place for 1 MiB. A WebAssembly SIMD
 * kernel masks wasm memory at ~45 GiB/s, but payloads live in JS buffers: copying them out of
 * wasm memory with TypedArray#set ran at ~2.8 GiB/s for blocks under 512 KiB in this V8, so a
 * kernel working in 16–256 KiB windows was slower end to end (~2.4 GiB/s). Only whole-MiB copies
 * won (~13 GiB/s), which would need wasm memory as large as the largest frame. Not used for now.
 */

/** Payloads shorter than this skip the word loop (four bytes per iteration instead). */
const WORD_THRESHOLD = 128;

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
  let p = phase & 3;
  // Key bytes rotated so that r0 meets the next payload octet.
  const r0 = key[keyOffset + p]!;
  const r1 = key[keyOffset + ((p + 1) & 3)]!;
  const r2 = key[keyOffset + ((p + 2) & 3)]!;
  const r3 = key[keyOffset + ((p + 3) & 3)]!;
  let i = start;
  if (end - start >= WORD_THRESHOLD && littleEndian) {
    // Byte loop until the absolute address is 4-aligned (at most 3 bytes).
    const base = data.byteOffset;
    const lead = (4 - ((base + i) & 3)) & 3;
    if (lead > 0) {
      data[i] = data[i]! ^ r0;
      if (lead > 1) data[i + 1] = data[i + 1]! ^ r1;
      if (lead > 2) data[i + 2] = data[i + 2]! ^ r2;
      i += lead;
    }
    // Key packed little-endian so that word byte 0 meets the octet at phase p + lead.
    const b0 = lead === 0 ? r0 : lead === 1 ? r1 : lead === 2 ? r2 : r3;
    const b1 = lead === 0 ? r1 : lead === 1 ? r2 : lead === 2 ? r3 : r0;
    const b2 = lead === 0 ? r2 : lead === 1 ? r3 : lead === 2 ? r0 : r1;
    const b3 = lead === 0 ? r3 : lead === 1 ? r0 : lead === 2 ? r1 : r2;
    const w = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    const words = (end - i) >>> 2;
    const view = new Int32Array(data.buffer, base + i, words);
    let j = 0;
    const unrolled = words & ~7;
    for (; j < unrolled; j += 8) {
      view[j] = view[j]! ^ w;
      view[j + 1] = view[j + 1]! ^ w;
      view[j + 2] = view[j + 2]! ^ w;
      view[j + 3] = view[j + 3]! ^ w;
      view[j + 4] = view[j + 4]! ^ w;
      view[j + 5] = view[j + 5]! ^ w;
      view[j + 6] = view[j + 6]! ^ w;
      view[j + 7] = view[j + 7]! ^ w;
    }
    for (; j < words; j++) view[j] = view[j]! ^ w;
    i += words << 2;
    // Continue the byte loop below at phase p + lead (whole words keep the phase).
    p = (p + lead) & 3;
    return finish(data, i, end, key, keyOffset, p);
  }
  // Small payloads: four octets per iteration with the rotated key, then the tail.
  for (; i + 4 <= end; i += 4) {
    data[i] = data[i]! ^ r0;
    data[i + 1] = data[i + 1]! ^ r1;
    data[i + 2] = data[i + 2]! ^ r2;
    data[i + 3] = data[i + 3]! ^ r3;
  }
  return finish(data, i, end, key, keyOffset, p);
}

/** Masks the last 0–3 octets `data[i, end)` starting at phase `p`; returns the phase after. */
function finish(
  data: Uint8Array,
  i: number,
  end: number,
  key: Uint8Array,
  keyOffset: number,
  p: number,
): number {
  let q = p;
  for (; i < end; i++) {
    data[i] = data[i]! ^ key[keyOffset + q]!;
    q = (q + 1) & 3;
  }
  return q;
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
