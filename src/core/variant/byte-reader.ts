import { Error } from '../error.js';
import { HOST_IS_LITTLE_ENDIAN } from './byte-writer.js';
import { CodecFailure } from './codec-failure.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Short ASCII strings (most keys and names) skip TextDecoder, which costs ~1 µs a call. */
function asciiOrNull(data: Uint8Array): string | null {
  if (data.length > 64) return null;
  let text = '';
  for (let i = 0; i < data.length; i++) {
    const c = data[i] ?? 0;
    if (c >= 0x80) return null;
    text += String.fromCharCode(c);
  }
  return text;
}

/** Unwinds the decoder with an Error (caught by `decodeVariant`). */
export function fail(error: Error, reason: string): never {
  throw new CodecFailure(error, reason);
}

/**
 * Bounds-checked little-endian reads for the decoder. Every read checks that its bytes are
 * there first and fails with ERR_INVALID_DATA (ERR_FILE_EOF for a string) instead of reading
 * past the end.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(bytes: Uint8Array) {
    // A plain view: a Node Buffer's slice() would share memory instead of copying.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get left(): number {
    return this.bytes.byteLength - this.pos;
  }

  need(n: number, what: string): void {
    if (this.left < n) fail(Error.ERR_INVALID_DATA, `truncated ${what} at byte ${this.pos}`);
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A count that must leave at least `min` bytes per element; checked before allocating. */
  count(raw: number, min: number, what: string): number {
    if (raw < 0 || raw * min > this.left) {
      fail(Error.ERR_INVALID_DATA, `${what} count ${raw} exceeds the ${this.left} bytes left`);
    }
    return raw;
  }

  reals(n: number, wide: boolean): number[] {
    this.need(n * (wide ? 8 : 4), 'math value');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      out[i] = wide ? this.view.getFloat64(this.pos, true) : this.view.getFloat32(this.pos, true);
      this.pos += wide ? 8 : 4;
    }
    return out;
  }

  ints(n: number): number[] {
    this.need(n * 4, 'math value');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.i32('math value');
    return out;
  }

  /** Godot's `_decode_string`: u32 length, UTF-8, padding; the text ends at the first NUL. */
  string(): string {
    const len = this.i32('string length');
    const pad = (4 - (len % 4)) % 4;
    if (len < 0 || len + pad > this.left) {
      fail(Error.ERR_FILE_EOF, `string of ${len} bytes exceeds the ${this.left} bytes left`);
    }
    let data = this.bytes.subarray(this.pos, this.pos + len);
    const nul = data.indexOf(0);
    if (nul >= 0) data = data.subarray(0, nul);
    let text = asciiOrNull(data);
    if (text === null) {
      try {
        text = utf8.decode(data);
      } catch {
        fail(Error.ERR_INVALID_DATA, `invalid UTF-8 in a string at byte ${this.pos}`);
      }
    }
    this.pos += len + pad;
    return text;
  }

  /** `count` little-endian elements (already checked to be there) into a new typed array. */
  typed<T extends Int32Array | BigInt64Array | Float32Array | Float64Array>(
    type: { new (buffer: ArrayBuffer): T; new (length: number): T; BYTES_PER_ELEMENT: number },
    count: number,
    read: (at: number) => T[number],
  ): T {
    const size = count * type.BYTES_PER_ELEMENT;
    let out: T;
    if (HOST_IS_LITTLE_ENDIAN) {
      out = new type(this.bytes.slice(this.pos, this.pos + size).buffer);
    } else {
      out = new type(count);
      for (let i = 0; i < count; i++) out[i] = read(this.pos + i * type.BYTES_PER_ELEMENT);
    }
    this.pos += size;
    return out;
  }
}
