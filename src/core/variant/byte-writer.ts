import { Error } from '../error.js';
import { CodecFailure } from './codec-failure.js';

/** True on little-endian hosts (all common ones): typed arrays can then be copied as bytes. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** UTF-8 length of a JS string; lone surrogates count as U+FFFD (3 bytes), as TextEncoder. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (
      c >= 0xd800 &&
      c < 0xdc00 &&
      i + 1 < s.length &&
      (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 2; // a pair: 2 code units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Writes `s` as UTF-8 at `at` (room for `utf8Length(s)` bytes must exist). */
function writeUtf8(s: string, out: Uint8Array, at: number): void {
  let p = at;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
      continue;
    }
    if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && (next & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[p++] = 0xf0 | (c >> 18);
        out[p++] = 0x80 | ((c >> 12) & 0x3f);
        out[p++] = 0x80 | ((c >> 6) & 0x3f);
        out[p++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd; // lone surrogate
    }
    out[p++] = 0xe0 | (c >> 12);
    out[p++] = 0x80 | ((c >> 6) & 0x3f);
    out[p++] = 0x80 | (c & 0x3f);
  }
}

/** A growable little-endian buffer for the encoder, refusing to grow past `maxSize`. */
export class ByteWriter {
  private _bytes = new Uint8Array(256);
  private _view = new DataView(this._bytes.buffer);
  private _pos = 0;
  private readonly _maxSize: number;
  private readonly _padByte: number;

  /** `padByte` fills padding (always 0 on the wire; tests use another value to find padding). */
  constructor(maxSize: number, padByte = 0) {
    this._maxSize = maxSize;
    this._padByte = padByte;
  }

  get length(): number {
    return this._pos;
  }

  /**
   * Reserves `n` bytes and returns their offset. Call it before touching `_bytes`/`_view`:
   * it may replace them.
   */
  private _take(n: number): number {
    const at = this._pos;
    const need = at + n;
    if (need > this._maxSize) {
      throw new CodecFailure(
        Error.ERR_OUT_OF_MEMORY,
        `encoded value exceeds the ${this._maxSize}-byte limit`,
      );
    }
    if (need > this._bytes.byteLength) {
      let size = this._bytes.byteLength * 2;
      while (size < need) size *= 2;
      let bigger: Uint8Array<ArrayBuffer>;
      try {
        bigger = new Uint8Array(Math.min(size, Math.max(need, this._maxSize)));
      } catch {
        throw new CodecFailure(Error.ERR_OUT_OF_MEMORY, `cannot allocate ${size} bytes`);
      }
      bigger.set(this._bytes.subarray(0, at));
      this._bytes = bigger;
      this._view = new DataView(bigger.buffer);
    }
    this._pos = need;
    return at;
  }

  u32(v: number): void {
    const at = this._take(4);
    this._view.setUint32(at, v >>> 0, true);
  }

  i32(v: number): void {
    const at = this._take(4);
    this._view.setInt32(at, v, true);
  }

  i64(v: bigint): void {
    const at = this._take(8);
    this._view.setBigInt64(at, v, true);
  }

  u64(v: bigint): void {
    const at = this._take(8);
    this._view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }

  f32(v: number): void {
    const at = this._take(4);
    this._view.setFloat32(at, v, true);
  }

  f64(v: number): void {
    const at = this._take(8);
    this._view.setFloat64(at, v, true);
  }

  bytes(data: Uint8Array): void {
    const at = this._take(data.byteLength);
    this._bytes.set(data, at);
  }

  /** Pads with zero bytes to the next multiple of 4. */
  pad(): void {
    const n = (4 - (this._pos % 4)) % 4;
    if (n > 0) {
      const at = this._take(n);
      this._bytes.fill(this._padByte, at, this._pos);
    }
  }

  /**
   * A typed array's elements in little-endian order: copied as bytes on little-endian hosts,
   * element by element otherwise.
   */
  typed(data: Int32Array | BigInt64Array | Float32Array | Float64Array): void {
    if (HOST_IS_LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } else if (data instanceof BigInt64Array) {
      for (const x of data) this.i64(x);
    } else if (data instanceof Int32Array) {
      for (const x of data) this.i32(x);
    } else if (data instanceof Float32Array) {
      for (const x of data) this.f32(x);
    } else {
      for (const x of data) this.f64(x);
    }
  }

  /**
   * `s` as u32 byte length (+1 with `nul`), UTF-8 bytes (and a NUL), zero padding: Godot's
   * `_encode_string`, or a PackedStringArray element with `nul`.
   */
  string(s: string, nul = false): void {
    const len = utf8Length(s);
    const total = len + (nul ? 1 : 0);
    const padded = total + ((4 - (total % 4)) % 4);
    const at = this._take(4 + padded);
    this._view.setUint32(at, total, true);
    writeUtf8(s, this._bytes, at + 4);
    this._bytes.fill(this._padByte, at + 4 + len, at + 4 + padded);
    if (nul) this._bytes[at + 4 + len] = 0;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this._bytes.slice(0, this._pos);
  }
}
