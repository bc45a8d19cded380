/**
 * XOR masking (RFC 6455 §5.3): octet i of the payload is XORed with octet (i mod 4) of the
 * 4-byte masking key. Masking and unmasking are the same operation.
 *
 * The large-payload path is word-at-a-time: a byte loop up to the first 4-aligned address,
 * an Int32Array loop over the aligned middle (key rotated to the right phase), a byte loop for the
 * tail. Small payloads use an unrolled byte loop (creating a typed-array view would cost more).
 *
 * Measured on Node 20 (`bench/mask.ts`): ~6.5–7 GiB/s in place for 1 MiB; what else was tried is
 * in bench/README.md.
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
    // The key as one little-endian word whose byte 0 meets the octet at phase p + lead.
    const w = packMaskKey(key, keyOffset, p + lead) | 0;
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
 * Writes `src` XORed with `key` (4 bytes at `keyOffset`; `src[0]` is payload octet number
 * `phase`) into `dst` at `dstOffset`, in one pass when `src` and the destination share their
 * address alignment mod 4 (a word loop reading one array and writing the other); otherwise a
 * copy and an in-place pass over the destination, which is then in cache. `src` is not
 * modified. Returns the phase after the last octet.
 */
export function maskInto(
  src: Uint8Array,
  dst: Uint8Array,
  dstOffset: number,
  key: Uint8Array,
  keyOffset: number,
  phase = 0,
): number {
  const length = src.length;
  const srcBase = src.byteOffset;
  const dstBase = dst.byteOffset + dstOffset;
  if (length < WORD_THRESHOLD || !littleEndian || ((srcBase - dstBase) & 3) !== 0) {
    dst.set(src, dstOffset);
    return maskInPlace(dst, dstOffset, dstOffset + length, key, keyOffset, phase);
  }
  let p = phase & 3;
  const r0 = key[keyOffset + p]!;
  const r1 = key[keyOffset + ((p + 1) & 3)]!;
  const r2 = key[keyOffset + ((p + 2) & 3)]!;
  // Bytes until both addresses are 4-aligned (the same count for both).
  const lead = (4 - (srcBase & 3)) & 3;
  if (lead > 0) dst[dstOffset] = src[0]! ^ r0;
  if (lead > 1) dst[dstOffset + 1] = src[1]! ^ r1;
  if (lead > 2) dst[dstOffset + 2] = src[2]! ^ r2;
  let i = lead;
  const w = packMaskKey(key, keyOffset, p + lead) | 0;
  const words = (length - i) >>> 2;
  // The same unrolled word loop as maskInPlace's, kept written out: sharing one helper between
  // the two kernels measured ~10% slower in place (bench/mask.ts, Node 20).
  const from = new Int32Array(src.buffer, srcBase + i, words);
  const to = new Int32Array(dst.buffer, dstBase + i, words);
  let j = 0;
  const unrolled = words & ~7;
  for (; j < unrolled; j += 8) {
    to[j] = from[j]! ^ w;
    to[j + 1] = from[j + 1]! ^ w;
    to[j + 2] = from[j + 2]! ^ w;
    to[j + 3] = from[j + 3]! ^ w;
    to[j + 4] = from[j + 4]! ^ w;
    to[j + 5] = from[j + 5]! ^ w;
    to[j + 6] = from[j + 6]! ^ w;
    to[j + 7] = from[j + 7]! ^ w;
  }
  for (; j < words; j++) to[j] = from[j]! ^ w;
  i += words << 2;
  p = (p + lead) & 3;
  for (; i < length; i++) {
    dst[dstOffset + i] = src[i]! ^ key[keyOffset + p]!;
    p = (p + 1) & 3;
  }
  return p;
}

/** A piece of payload that is not masked (see `packMaskKey`). */
export const NO_MASK = -1;

/**
 * The key for a piece of payload that starts at payload octet number `phase`, as one number:
 * the 4 key bytes rotated so that the first applies to the piece's first octet, packed
 * little-endian (0 … 2^32 − 1). Lets a masked piece be kept and unmasked later.
 */
export function packMaskKey(key: Uint8Array, keyOffset: number, phase: number): number {
  const p = phase & 3;
  return (
    (key[keyOffset + p]! |
      (key[keyOffset + ((p + 1) & 3)]! << 8) |
      (key[keyOffset + ((p + 2) & 3)]! << 16) |
      (key[keyOffset + ((p + 3) & 3)]! << 24)) >>>
    0
  );
}

/** A `packMaskKey` number for a piece that starts `phase` octets further into the payload. */
export function rotateMaskKey(packed: number, phase: number): number {
  const bits = (phase & 3) * 8;
  return bits === 0 ? packed : ((packed >>> bits) | (packed << (32 - bits))) >>> 0;
}

/** Writes a `packMaskKey` number back as 4 key bytes (phase 0) into `out`. */
export function unpackMaskKey(packed: number, out: Uint8Array): Uint8Array {
  out[0] = packed & 0xff;
  out[1] = (packed >>> 8) & 0xff;
  out[2] = (packed >>> 16) & 0xff;
  out[3] = packed >>> 24;
  return out;
}

/**
 * A native masking kernel, shaped like the `bufferutil` addon's exports: `mask` writes
 * `source` XOR `key` (4 bytes, phase 0) into `output` at `offset`; `unmask` XORs in place.
 */
export interface MaskKernel {
  mask(
    source: Uint8Array,
    key: Uint8Array,
    output: Uint8Array,
    offset: number,
    length: number,
  ): void;
  unmask(buffer: Uint8Array, key: Uint8Array): void;
}

/** Below this many bytes the JS kernel is used even when a native one is given (call cost). */
const NATIVE_MIN = 512;

/**
 * Masks with `packMaskKey` keys, through a native kernel for large pieces when one is given
 * and the JS kernels otherwise. Stateless apart from a scratch key: one instance can serve
 * every connection (calls are synchronous).
 */
export class Masker {
  readonly #kernel: MaskKernel | null;
  readonly #key = new Uint8Array(4);

  constructor(kernel: MaskKernel | null = null) {
    this.#kernel = kernel;
  }

  /** Whether a native kernel is in use. */
  get native(): boolean {
    return this.#kernel !== null;
  }

  /** Writes `src` masked with `packedKey` into `dst` at `dstOffset`. */
  maskInto(src: Uint8Array, dst: Uint8Array, dstOffset: number, packedKey: number): void {
    const key = unpackMaskKey(packedKey, this.#key);
    if (this.#kernel !== null && src.length >= NATIVE_MIN) {
      this.#kernel.mask(src, key, dst, dstOffset, src.length);
    } else {
      maskInto(src, dst, dstOffset, key, 0, 0);
    }
  }

  /** Masks (or unmasks) `data` in place with `packedKey`. */
  maskInPlace(data: Uint8Array, packedKey: number): void {
    const key = unpackMaskKey(packedKey, this.#key);
    if (this.#kernel !== null && data.length >= NATIVE_MIN) this.#kernel.unmask(data, key);
    else maskInPlace(data, 0, data.length, key, 0, 0);
  }
}

/** The pure-JS masker (the default everywhere). */
export const jsMasker = new Masker();

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
