import type { ByteWriter } from './byte-writer.js';
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from './packed-arrays.js';
import { HEADER_FLAG_64, type Kind } from './variant-type.js';

/** The part of the encoder the packed arrays use. */
interface PackedSink {
  readonly w: ByteWriter;
  readonly s: { readonly double: boolean };
  header(kind: Kind, flags?: number): void;
  reals(...values: number[]): void;
}

/** Writes a packed array (header, u32 count, elements) and returns true, or returns false. */
export function writePacked(e: PackedSink, v: object): boolean {
  const { w } = e;
  const typed = (kind: Kind, data: Int32Array | BigInt64Array | Float32Array | Float64Array) => {
    e.header(kind);
    w.u32(data.length);
    w.typed(data);
  };
  const f64 = e.s.double ? HEADER_FLAG_64 : 0;
  if (v instanceof Uint8Array) {
    e.header('PACKED_BYTE_ARRAY');
    w.u32(v.length);
    w.bytes(v);
    w.pad();
  } else if (v instanceof Int32Array) typed('PACKED_INT32_ARRAY', v);
  else if (v instanceof BigInt64Array) typed('PACKED_INT64_ARRAY', v);
  else if (v instanceof Float32Array) typed('PACKED_FLOAT32_ARRAY', v);
  else if (v instanceof Float64Array) typed('PACKED_FLOAT64_ARRAY', v);
  else if (v instanceof PackedStringArray) {
    e.header('PACKED_STRING_ARRAY');
    w.u32(v.values.length);
    for (const s of v.values) w.string(s, true);
  } else if (v instanceof PackedVector2Array) {
    e.header('PACKED_VECTOR2_ARRAY', f64);
    w.u32(v.values.length);
    for (const p of v.values) e.reals(p.x, p.y);
  } else if (v instanceof PackedVector3Array) {
    e.header('PACKED_VECTOR3_ARRAY', f64);
    w.u32(v.values.length);
    for (const p of v.values) e.reals(p.x, p.y, p.z);
  } else if (v instanceof PackedVector4Array) {
    e.header('PACKED_VECTOR4_ARRAY', f64);
    w.u32(v.values.length);
    for (const p of v.values) e.reals(p.x, p.y, p.z, p.w);
  } else if (v instanceof PackedColorArray) {
    e.header('PACKED_COLOR_ARRAY'); // colors are always float32
    w.u32(v.values.length);
    for (const c of v.values) {
      w.f32(c.r);
      w.f32(c.g);
      w.f32(c.b);
      w.f32(c.a);
    }
  } else {
    return false;
  }
  return true;
}
