/**
 * Frame serializer with coalesced output (RFC 6455 §5.2).
 *
 * Small frames (header + payload) are appended to a slab; consecutive small frames come out of
 * `drain()` as one chunk. A large unmasked payload (≥ `VIEW_THRESHOLD`) is not copied: its header
 * ends the current slab chunk and the payload itself is queued as a view. Masked (client) frames
 * always need a copy (§5.3); they are masked word-at-a-time straight into the output.
 *
 * Slab regions handed out by `drain()` are never written again (the socket may still be
 * reading them); a new slab is started when one is full. Slabs start small and double up to
 * `MAX_SLAB`, so an idle connection holds little memory.
 */
import { type Allocate, allocateZeroed } from './allocate.js';
import { headerSize, writeHeader } from './frame-header.js';
import { jsMasker, type Masker, MaskKeySource, packMaskKey, type RandomFill } from './mask.js';

/** Unmasked payloads at least this long are queued as views instead of copied. */
export const VIEW_THRESHOLD = 16 * 1024;
const MIN_SLAB = 4 * 1024;
const MAX_SLAB = 64 * 1024;

const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([]);

export class FrameWriter {
  readonly #keys: MaskKeySource | undefined;
  readonly #masker: Masker;
  readonly #allocate: Allocate;
  #slab: Uint8Array | undefined;
  #slabSize = MIN_SLAB;
  /** First slab byte not yet handed out. */
  #start = 0;
  #pos = 0;
  /** Finished chunks, in order, before the slab's pending region (made on demand). */
  #chunks: Uint8Array[] | undefined;
  /** Running count of frame bytes written; `#drainedAt` is its value at the last drain. */
  #total = 0;
  #drainedAt = 0;

  /**
   * `mask`: true for a client (every frame masked with a fresh key from `fill`); `masker`
   * does the masking (default: the JS kernels); `allocate` makes the output buffers, every
   * byte of which is written before it is handed out (default: `new Uint8Array(size)`).
   */
  constructor(mask: boolean, fill?: RandomFill, masker: Masker = jsMasker, allocate?: Allocate) {
    this.#keys = mask ? new MaskKeySource(fill) : undefined;
    this.#masker = masker;
    this.#allocate = allocate ?? allocateZeroed;
  }

  /** Bytes written and not yet drained. */
  get bufferedBytes(): number {
    return this.#total - this.#drainedAt;
  }

  /** Bytes of every frame written so far (drained or not): a running count. */
  get totalBytes(): number {
    return this.#total;
  }

  /** Queues one frame. `payload` is not modified; a large unmasked one is referenced, not copied. */
  writeFrame(opcode: number, fin: boolean, payload: Uint8Array): void {
    const length = payload.length;
    const keys = this.#keys;
    const hsize = headerSize(length, keys !== undefined);
    this.#total += hsize + length;
    if (keys === undefined) {
      if (length >= VIEW_THRESHOLD) {
        const slab = this.#reserve(hsize);
        this.#pos = writeHeader(slab, this.#pos, fin, opcode, length);
        this.#cut();
        this.#push(payload);
        return;
      }
      const slab = this.#reserve(hsize + length);
      const at = writeHeader(slab, this.#pos, fin, opcode, length);
      if (length > 0) slab.set(payload, at);
      this.#pos = at + length;
      return;
    }
    const keyAt = keys.nextKey();
    const pool = keys.pool;
    const total = hsize + length;
    if (total > MAX_SLAB / 2) {
      // A big masked frame gets a buffer of its own (one copy, masked in the same pass).
      this.#cut();
      const own = this.#allocate(total);
      const at = writeHeader(own, 0, fin, opcode, length, pool, keyAt);
      this.#masker.maskInto(payload, own, at, packMaskKey(pool, keyAt, 0));
      this.#push(own);
      return;
    }
    const slab = this.#reserve(total);
    const at = writeHeader(slab, this.#pos, fin, opcode, length, pool, keyAt);
    if (length > 0) this.#masker.maskInto(payload, slab, at, packMaskKey(pool, keyAt, 0));
    this.#pos = at + length;
  }

  /** Everything queued since the last call, in as few chunks as possible (may be empty). */
  drain(): readonly Uint8Array[] {
    this.#cut();
    const out = this.#chunks ?? NO_CHUNKS;
    this.#chunks = undefined;
    this.#drainedAt = this.#total;
    if (this.#slab !== undefined && this.#pos === this.#slab.length) this.#slab = undefined;
    return out;
  }

  /** Drops everything queued (the connection is being abandoned). */
  discard(): void {
    this.#chunks = undefined;
    this.#drainedAt = this.#total;
    this.#start = this.#pos;
  }

  /** Returns a slab with `n` free bytes at `#pos`, starting a new one if needed. */
  #reserve(n: number): Uint8Array {
    const slab = this.#slab;
    if (slab !== undefined && this.#pos + n <= slab.length) return slab;
    this.#cut();
    if (slab !== undefined && this.#slabSize < MAX_SLAB) this.#slabSize *= 2;
    // Room for what follows a frame bigger than the usual slab, too.
    const fresh = this.#allocate(Math.max(this.#slabSize, 2 * n));
    this.#slab = fresh;
    this.#start = 0;
    this.#pos = 0;
    return fresh;
  }

  #push(chunk: Uint8Array): void {
    if (this.#chunks === undefined) this.#chunks = [chunk];
    else this.#chunks.push(chunk);
  }

  /** Moves the slab's pending region to the chunk list. */
  #cut(): void {
    if (this.#pos > this.#start) {
      this.#push(this.#slab!.subarray(this.#start, this.#pos));
      this.#start = this.#pos;
    }
  }
}
