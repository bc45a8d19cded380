import { Error } from '../../core/error.js';
import { decodeVariant } from '../../core/variant/decode.js';
import { encodeVariant } from '../../core/variant/encode.js';
import type { Variant } from '../../core/variant/variant.js';

/**
 * RPC arguments as SceneMultiplayer writes them (docs/rpc.md §2.3): bool and int are
 * "compressed" (one meta byte: type in the low 6 bits, size or value in the top 2), every
 * other value is its `var_to_bytes` encoding. Objects are never sent in full (the engine's
 * `allow_object_decoding` is off by default).
 */
const TYPE_MASK = 0x3f;
const BOOL_TRUE = 0x80;
const TYPE_BOOL = 1;
const TYPE_INT = 2;

export interface ArgsResult {
  error: Error;
  args: Variant[];
  reason: string;
}

function isInt(value: Variant): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
}

/** One argument's bytes (a fresh array), or a reason it cannot be sent. */
export function encodeRpcArg(value: Variant): { bytes: Uint8Array; reason: string } {
  if (typeof value === 'boolean') {
    return { bytes: new Uint8Array([TYPE_BOOL | (value ? BOOL_TRUE : 0)]), reason: '' };
  }
  if (isInt(value)) {
    const n = BigInt(value);
    if (n < -(2n ** 63n) || n >= 2n ** 63n)
      return { bytes: new Uint8Array(), reason: 'int out of 64-bit range' };
    const size =
      n >= -128n && n <= 127n
        ? 1
        : n >= -32768n && n <= 32767n
          ? 2
          : n >= -(2n ** 31n) && n < 2n ** 31n
            ? 4
            : 8;
    const mode = size === 1 ? 0 : size === 2 ? 1 : size === 4 ? 2 : 3;
    const out = new Uint8Array(1 + size);
    out[0] = TYPE_INT | (mode << 6);
    const view = new DataView(out.buffer);
    if (size === 1) view.setInt8(1, Number(n));
    else if (size === 2) view.setInt16(1, Number(n), true);
    else if (size === 4) view.setInt32(1, Number(n), true);
    else view.setBigInt64(1, n, true);
    return { bytes: out, reason: '' };
  }
  const encoded = encodeVariant(value, { format: 'godot4' });
  if (encoded.error !== Error.OK) return { bytes: new Uint8Array(), reason: encoded.reason };
  return { bytes: encoded.bytes, reason: '' };
}

/**
 * The argument block of a call: `{ bytes, byteOnly }`. No arguments, or one PackedByteArray
 * (`Uint8Array`), use the "byte only or no args" form (no count byte; the bytes as they are).
 */
export function encodeRpcArgs(args: readonly Variant[]): {
  bytes: Uint8Array;
  byteOnly: boolean;
  reason: string;
} {
  if (args.length === 0) return { bytes: new Uint8Array(), byteOnly: true, reason: '' };
  if (args.length > 255)
    return { bytes: new Uint8Array(), byteOnly: false, reason: 'more than 255 arguments' };
  if (args.length === 1 && args[0] instanceof Uint8Array) {
    return { bytes: args[0], byteOnly: true, reason: '' };
  }
  const parts: Uint8Array[] = [];
  let size = 1;
  for (const arg of args) {
    const one = encodeRpcArg(arg);
    if (one.reason) return { bytes: new Uint8Array(), byteOnly: false, reason: one.reason };
    parts.push(one.bytes);
    size += one.bytes.byteLength;
  }
  const out = new Uint8Array(size);
  out[0] = args.length;
  let at = 1;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return { bytes: out, byteOnly: false, reason: '' };
}

/** Decodes `argc` arguments from `bytes` (the engine's `decode_and_decompress_variants`). */
export function decodeRpcArgs(bytes: Uint8Array, argc: number): ArgsResult {
  const args: Variant[] = [];
  let at = 0;
  for (let i = 0; i < argc; i++) {
    if (at >= bytes.byteLength) return fail(`argument ${i + 1} of ${argc} is missing`);
    const meta = bytes[at]!;
    const type = meta & TYPE_MASK;
    if (type === TYPE_BOOL) {
      args.push((meta & BOOL_TRUE) !== 0);
      at += 1;
    } else if (type === TYPE_INT) {
      const size = 1 << (meta >> 6);
      if (at + 1 + size > bytes.byteLength) return fail(`int argument ${i + 1} is cut short`);
      const view = new DataView(bytes.buffer, bytes.byteOffset + at + 1, size);
      if (size === 1) args.push(view.getInt8(0));
      else if (size === 2) args.push(view.getInt16(0, true));
      else if (size === 4) args.push(view.getInt32(0, true));
      else {
        const n = view.getBigInt64(0, true);
        args.push(
          n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(n)
            : n,
        );
      }
      at += 1 + size;
    } else {
      const decoded = decodeVariant(bytes.subarray(at), { format: 'godot4' });
      if (decoded.error !== Error.OK) return fail(`argument ${i + 1}: ${decoded.reason}`);
      args.push(decoded.value);
      at += decoded.length;
    }
  }
  return { error: Error.OK, args, reason: '' };
}

function fail(reason: string): ArgsResult {
  return { error: Error.ERR_INVALID_DATA, args: [], reason };
}
