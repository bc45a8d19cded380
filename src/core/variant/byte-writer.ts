import { Error } from '../error.js';
import { CodecFailure } from './codec-failure.js';

const utf8 = new TextEncoder();

/** A growable little-endian buffer for the encoder, refusing to grow past `maxSize`. */
export class ByteWriter {
  #bytes = new Uint8Array(64);
  #view = new DataView(this.#bytes.buffer);
  #pos = 0;
  readonly #maxSize: number;
  readonly #padByte: number;

  /** `padByte` fills padding (always 0 on the wire; tests use another value to find padding). */
  constructor(maxSize: number, padByte = 0) {
    this.#maxSize = maxSize;
    this.#padByte = padByte;
  }

  get length(): number {
    return this.#pos;
  }

  /**
   * Reserves `n` bytes and returns their offset. Call it before touching `#bytes`/`#view`:
   * it may replace them.
   */
  #take(n: number): number {
    const at = this.#pos;
    const need = at + n;
    if (need > this.#maxSize) {
      throw new CodecFailure(
        Error.ERR_OUT_OF_MEMORY,
        `encoded value exceeds the ${this.#maxSize}-byte limit`,
      );
    }
    if (need > this.#bytes.byteLength) {
      let size = this.#bytes.byteLength * 2;
      while (size < need) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.#bytes.subarray(0, at));
      this.#bytes = bigger;
      this.#view = new DataView(bigger.buffer);
    }
    this.#pos = need;
    return at;
  }

  u32(v: number): void {
    const at = this.#take(4);
    this.#view.setUint32(at, v >>> 0, true);
  }

  i32(v: number): void {
    const at = this.#take(4);
    this.#view.setInt32(at, v, true);
  }

  i64(v: bigint): void {
    const at = this.#take(8);
    this.#view.setBigInt64(at, v, true);
  }

  u64(v: bigint): void {
    const at = this.#take(8);
    this.#view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }

  f32(v: number): void {
    const at = this.#take(4);
    this.#view.setFloat32(at, v, true);
  }

  f64(v: number): void {
    const at = this.#take(8);
    this.#view.setFloat64(at, v, true);
  }

  bytes(data: Uint8Array): void {
    const at = this.#take(data.byteLength);
    this.#bytes.set(data, at);
  }

  /** Pads with zero bytes to the next multiple of 4. */
  pad(): void {
    const n = (4 - (this.#pos % 4)) % 4;
    if (n > 0) {
      const at = this.#take(n);
      this.#bytes.fill(this.#padByte, at, this.#pos);
    }
  }

  /** u32 byte length, UTF-8 bytes, padding (Godot's `_encode_string`). */
  string(s: string): void {
    const data = utf8.encode(s);
    this.u32(data.byteLength);
    this.bytes(data);
    this.pad();
  }

  /** A PackedStringArray element: u32 (length + 1), UTF-8 bytes, NUL, padding. */
  cString(s: string): void {
    const data = utf8.encode(s);
    this.u32(data.byteLength + 1);
    this.bytes(data);
    const nul = this.#take(1);
    this.#bytes[nul] = 0;
    this.pad();
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#pos);
  }
}
