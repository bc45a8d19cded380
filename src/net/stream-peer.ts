import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import { fromHalfBits, toHalfBits } from './half-float.js';

const EMPTY = new Uint8Array(0);
const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Godot's `StreamPeer`: a byte stream with whole and partial reads/writes and typed helpers
 * (little-endian unless `bigEndian`). Subclasses provide `readRaw`, `writeRaw` and
 * `getAvailableBytes`.
 *
 * Differences from Godot, which blocks in `get_data`/`put_data`: nothing here blocks. `getData`
 * and the typed getters are all-or-nothing — if fewer bytes than needed have arrived they
 * consume nothing and fail (`ERR_UNAVAILABLE`, or `ERR_FILE_EOF` once the stream has ended);
 * typed getters then return 0 (as Godot does on failure) and log. 64-bit getters return
 * `bigint`. `putVar`/`getVar` are not provided here (see the Variant codec).
 */
export abstract class StreamPeer {
  #bigEndian = false;

  /** Bytes received and ready to read. */
  abstract getAvailableBytes(): number;

  /**
   * Reads exactly `count` bytes (`peek` leaves them queued), or returns an Error and consumes
   * nothing. With `partial`, reads up to `count` bytes (possibly none).
   */
  protected abstract readRaw(count: number, mode: 'all' | 'partial' | 'peek'): [Error, Uint8Array];

  /** Writes `data` (all of it, or with `partial` as much as fits); returns [Error, sent]. */
  protected abstract writeRaw(data: Uint8Array, partial: boolean): [Error, number];

  /** Whether multi-byte values are big-endian (Godot's `big_endian`, default false). */
  get bigEndian(): boolean {
    return this.#bigEndian;
  }

  set bigEndian(enabled: boolean) {
    this.#bigEndian = enabled;
  }

  setBigEndian(enabled: boolean): void {
    this.#bigEndian = enabled;
  }

  isBigEndianEnabled(): boolean {
    return this.#bigEndian;
  }

  /** Sends all of `data` (copied). */
  putData(data: Uint8Array): Error {
    return this.writeRaw(data, false)[0];
  }

  /** Sends as much of `data` as the stream accepts now; returns [Error, bytes sent]. */
  putPartialData(data: Uint8Array): [Error, number] {
    return this.writeRaw(data, true);
  }

  /** Reads exactly `bytes` bytes: [OK, data], or [Error, empty] with nothing consumed. */
  getData(bytes: number): [Error, Uint8Array] {
    if (!Number.isInteger(bytes) || bytes < 0) {
      logger.error(`getData: invalid byte count ${bytes}.`);
      return [Error.ERR_INVALID_PARAMETER, EMPTY];
    }
    return this.readRaw(bytes, 'all');
  }

  /** Reads up to `bytes` bytes that have already arrived: [OK, data] (maybe empty) or [Error, empty]. */
  getPartialData(bytes: number): [Error, Uint8Array] {
    if (!Number.isInteger(bytes) || bytes < 0) {
      logger.error(`getPartialData: invalid byte count ${bytes}.`);
      return [Error.ERR_INVALID_PARAMETER, EMPTY];
    }
    return this.readRaw(bytes, 'partial');
  }

  put8(value: number): void {
    this.#putNumber(1, (v) => v.setInt8(0, value));
  }
  putU8(value: number): void {
    this.#putNumber(1, (v) => v.setUint8(0, value));
  }
  put16(value: number): void {
    this.#putNumber(2, (v, le) => v.setInt16(0, value, le));
  }
  putU16(value: number): void {
    this.#putNumber(2, (v, le) => v.setUint16(0, value, le));
  }
  put32(value: number): void {
    this.#putNumber(4, (v, le) => v.setInt32(0, value, le));
  }
  putU32(value: number): void {
    this.#putNumber(4, (v, le) => v.setUint32(0, value, le));
  }
  put64(value: bigint | number): void {
    this.#putNumber(8, (v, le) => v.setBigInt64(0, BigInt.asIntN(64, BigInt(value)), le));
  }
  putU64(value: bigint | number): void {
    this.#putNumber(8, (v, le) => v.setBigUint64(0, BigInt.asUintN(64, BigInt(value)), le));
  }
  /** 16-bit float (IEEE binary16, as Godot's `put_half`). */
  putHalf(value: number): void {
    this.#putNumber(2, (v, le) => v.setUint16(0, toHalfBits(value), le));
  }
  /** 32-bit float. */
  putFloat(value: number): void {
    this.#putNumber(4, (v, le) => v.setFloat32(0, value, le));
  }
  /** 64-bit float. */
  putDouble(value: number): void {
    this.#putNumber(8, (v, le) => v.setFloat64(0, value, le));
  }

  get8(): number {
    return this.#getNumber(1, (v) => v.getInt8(0), 0);
  }
  getU8(): number {
    return this.#getNumber(1, (v) => v.getUint8(0), 0);
  }
  get16(): number {
    return this.#getNumber(2, (v, le) => v.getInt16(0, le), 0);
  }
  getU16(): number {
    return this.#getNumber(2, (v, le) => v.getUint16(0, le), 0);
  }
  get32(): number {
    return this.#getNumber(4, (v, le) => v.getInt32(0, le), 0);
  }
  getU32(): number {
    return this.#getNumber(4, (v, le) => v.getUint32(0, le), 0);
  }
  get64(): bigint {
    return this.#getNumber(8, (v, le) => v.getBigInt64(0, le), 0n);
  }
  getU64(): bigint {
    return this.#getNumber(8, (v, le) => v.getBigUint64(0, le), 0n);
  }
  getHalf(): number {
    return this.#getNumber(2, (v, le) => fromHalfBits(v.getUint16(0, le)), 0);
  }
  getFloat(): number {
    return this.#getNumber(4, (v, le) => v.getFloat32(0, le), 0);
  }
  getDouble(): number {
    return this.#getNumber(8, (v, le) => v.getFloat64(0, le), 0);
  }

  /**
   * Godot's `put_string`: a u32 length then one byte per character; as in Godot, a character
   * outside ASCII becomes a space (0x20) and is logged.
   */
  putString(value: string): void {
    const codes = Array.from(value, (ch) => ch.codePointAt(0)!);
    const bytes = new Uint8Array(codes.length);
    let invalid = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c > 0x7f) invalid++;
      bytes[i] = c <= 0x7f ? c : 0x20;
    }
    if (invalid > 0) logger.error(`putString: ${invalid} non-ASCII character(s) sent as spaces.`);
    this.#putPrefixed(bytes);
  }

  /** Godot's `put_utf8_string`: a u32 byte length then the UTF-8 bytes. */
  putUtf8String(value: string): void {
    this.#putPrefixed(utf8Encoder.encode(value));
  }

  /**
   * Godot's `get_string(bytes = -1)`: reads `bytes` bytes, or with -1 a u32 length and then that
   * many; decoded as Latin-1 up to the first NUL. '' (nothing consumed) if not all have arrived.
   */
  getString(bytes = -1): string {
    const data = this.#getPrefixed(bytes);
    if (data === undefined) return '';
    const end = data.indexOf(0);
    return latin1(end < 0 ? data : data.subarray(0, end));
  }

  /** Godot's `get_utf8_string(bytes = -1)`: like `getString` but decoded as UTF-8. */
  getUtf8String(bytes = -1): string {
    const data = this.#getPrefixed(bytes);
    return data === undefined ? '' : utf8Decoder.decode(data);
  }

  #putNumber(size: number, write: (view: DataView, littleEndian: boolean) => void): void {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer), !this.#bigEndian);
    this.writeRaw(bytes, false);
  }

  #getNumber<T>(size: number, read: (view: DataView, littleEndian: boolean) => T, zero: T): T {
    const [err, bytes] = this.readRaw(size, 'all');
    if (err !== Error.OK) {
      logger.error(`StreamPeer: cannot read ${size} bytes (error ${err}); returning 0.`);
      return zero;
    }
    return read(new DataView(bytes.buffer, bytes.byteOffset, size), !this.#bigEndian);
  }

  #putPrefixed(bytes: Uint8Array): void {
    const out = new Uint8Array(4 + bytes.byteLength);
    new DataView(out.buffer).setUint32(0, bytes.byteLength, !this.#bigEndian);
    out.set(bytes, 4);
    this.writeRaw(out, false);
  }

  /** The string body: `bytes` bytes, or with bytes < 0 the u32-prefixed block, all or nothing. */
  #getPrefixed(bytes: number): Uint8Array | undefined {
    if (bytes >= 0) {
      const [err, data] = this.getData(bytes);
      if (err !== Error.OK) logger.error(`StreamPeer: cannot read a ${bytes}-byte string.`);
      return err === Error.OK ? data : undefined;
    }
    const [err, head] = this.readRaw(4, 'peek');
    if (err === Error.OK) {
      const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, !this.#bigEndian);
      const [err2, block] = this.readRaw(4 + length, 'all');
      if (err2 === Error.OK) return block.subarray(4);
    }
    logger.error('StreamPeer: the length-prefixed string has not fully arrived.');
    return undefined;
  }
}

/** Decodes bytes as Latin-1 (each byte one code point), in slices to keep the stack small. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.byteLength; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}
