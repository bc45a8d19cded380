import { GodotFloat, NodePath, StringName } from '../core/variant/value-types.js';
import type { Variant } from '../core/variant/variant.js';

const TYPED_ARRAYS: [new (...args: never[]) => ArrayBufferView, string][] = [
  [Uint8Array, 'PackedByteArray'],
  [Int32Array, 'PackedInt32Array'],
  [BigInt64Array, 'PackedInt64Array'],
  [Float32Array, 'PackedFloat32Array'],
  [Float64Array, 'PackedFloat64Array'],
];

/**
 * A decoded Variant as one line of GDScript-like text, for `connect --var`: strings quoted,
 * `Vector2(1, 2)`, `[1, "a"]`, `{"k": 1}`, `PackedByteArray(1, 2)`, `&"name"`, `^"path"`.
 */
export function variantToText(value: Variant | unknown, depth = 0): string {
  if (depth > 64) return '…';
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      break;
  }
  const next = (v: unknown) => variantToText(v, depth + 1);
  if (Array.isArray(value)) return `[${value.map(next).join(', ')}]`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${next(k)}: ${next(v)}`).join(', ')}}`;
  }
  for (const [type, name] of TYPED_ARRAYS) {
    if (value instanceof type) {
      return `${name}(${Array.from(value as unknown as ArrayLike<unknown>, next).join(', ')})`;
    }
  }
  if (value instanceof GodotFloat) {
    return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  }
  if (value instanceof StringName) return `&${JSON.stringify(String(value))}`;
  if (value instanceof NodePath) return `^${JSON.stringify(String(value))}`;
  const object = value as object;
  const name = object.constructor?.name ?? 'Object';
  const fields = Object.entries(object);
  if (name === 'Object')
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}: ${next(v)}`).join(', ')}}`;
  return `${name}(${fields.map(([, v]) => next(v)).join(', ')})`;
}

/** Bytes as lowercase hex without separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
