import { Error } from '../error.js';
import { type ByteReader, fail } from './byte-reader.js';
import { Color, Vector2, Vector3, Vector4 } from './math-types.js';
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from './packed-arrays.js';
import type { Variant } from './variant.js';
import type { Kind } from './variant-type.js';

/** Reads the payload of a packed array (after its header), or fails. */
export function readPacked(r: ByteReader, kind: Kind, wide: boolean): Variant {
  const raw = r.i32('packed array count');
  const real = wide ? 8 : 4;
  const vectors = (n: number) => {
    const count = r.count(raw, n * real, kind);
    const out: number[][] = [];
    for (let i = 0; i < count; i++) out.push(r.reals(n, wide));
    return out;
  };
  switch (kind) {
    case 'PACKED_BYTE_ARRAY': {
      const count = r.count(raw, 1, kind);
      const data = r.bytes.slice(r.pos, r.pos + count);
      // Godot does not require the padding to be present; never step past the end.
      r.pos = Math.min(r.pos + count + ((4 - (count % 4)) % 4), r.bytes.byteLength);
      return data;
    }
    case 'PACKED_INT32_ARRAY':
      return r.typed(Int32Array, r.count(raw, 4, kind), (at) => r.view.getInt32(at, true));
    case 'PACKED_INT64_ARRAY':
      return r.typed(BigInt64Array, r.count(raw, 8, kind), (at) => r.view.getBigInt64(at, true));
    case 'PACKED_FLOAT32_ARRAY':
      return r.typed(Float32Array, r.count(raw, 4, kind), (at) => r.view.getFloat32(at, true));
    case 'PACKED_FLOAT64_ARRAY':
      return r.typed(Float64Array, r.count(raw, 8, kind), (at) => r.view.getFloat64(at, true));
    case 'PACKED_STRING_ARRAY': {
      const count = r.count(Math.max(0, raw), 4, kind);
      const out: string[] = [];
      for (let i = 0; i < count; i++) out.push(r.string());
      return new PackedStringArray(out);
    }
    case 'PACKED_VECTOR2_ARRAY':
      return new PackedVector2Array(vectors(2).map(([x, y]) => new Vector2(x, y)));
    case 'PACKED_VECTOR3_ARRAY':
      return new PackedVector3Array(vectors(3).map(([x, y, z]) => new Vector3(x, y, z)));
    case 'PACKED_VECTOR4_ARRAY':
      return new PackedVector4Array(vectors(4).map(([x, y, z, w]) => new Vector4(x, y, z, w)));
    case 'PACKED_COLOR_ARRAY': {
      const count = r.count(raw, 16, kind);
      const out: Color[] = [];
      for (let i = 0; i < count; i++) {
        const [red, g, b, a] = r.reals(4, false);
        out.push(new Color(red, g, b, a));
      }
      return new PackedColorArray(out);
    }
    default:
      return fail(Error.ERR_BUG, `no decoder for ${kind}`);
  }
}
