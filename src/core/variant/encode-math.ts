import type { ByteWriter } from './byte-writer.js';
import {
  AABB,
  Basis,
  Color,
  Plane,
  Projection,
  Quaternion,
  Rect2,
  Rect2i,
  Transform2D,
  Transform3D,
  Vector2,
  Vector2i,
  Vector3,
  Vector3i,
  Vector4,
  Vector4i,
} from './math-types.js';
import { HEADER_FLAG_64, type Kind } from './variant-type.js';

/** The part of the encoder the math types use. */
interface MathSink {
  readonly w: ByteWriter;
  readonly s: { readonly double: boolean };
  header(kind: Kind, flags?: number): void;
  reals(...values: number[]): void;
}

/** Basis rows as Godot stores them: row i holds component i of the x, y and z axes. */
function basisRows(b: Basis): number[] {
  return [b.x.x, b.y.x, b.z.x, b.x.y, b.y.y, b.z.y, b.x.z, b.y.z, b.z.z];
}

/**
 * Writes a math type (header + payload, docs/variant-format.md §5.4) and returns true, or returns
 * false.
 */
export function writeMath(e: MathSink, v: object): boolean {
  const f64 = e.s.double ? HEADER_FLAG_64 : 0;
  const ints = (kind: Kind, values: number[]): true => {
    e.header(kind);
    for (const x of values) e.w.i32(x);
    return true;
  };
  const reals = (kind: Kind, values: number[]): true => {
    e.header(kind, f64);
    e.reals(...values);
    return true;
  };
  if (v instanceof Vector2) return reals('VECTOR2', [v.x, v.y]);
  if (v instanceof Vector3) return reals('VECTOR3', [v.x, v.y, v.z]);
  if (v instanceof Vector4) return reals('VECTOR4', [v.x, v.y, v.z, v.w]);
  if (v instanceof Vector2i) return ints('VECTOR2I', [v.x, v.y]);
  if (v instanceof Vector3i) return ints('VECTOR3I', [v.x, v.y, v.z]);
  if (v instanceof Vector4i) return ints('VECTOR4I', [v.x, v.y, v.z, v.w]);
  if (v instanceof Rect2) {
    return reals('RECT2', [v.position.x, v.position.y, v.size.x, v.size.y]);
  }
  if (v instanceof Rect2i) {
    return ints('RECT2I', [v.position.x, v.position.y, v.size.x, v.size.y]);
  }
  if (v instanceof Transform2D) {
    return reals('TRANSFORM2D', [v.x.x, v.x.y, v.y.x, v.y.y, v.origin.x, v.origin.y]);
  }
  if (v instanceof Plane) return reals('PLANE', [v.normal.x, v.normal.y, v.normal.z, v.d]);
  if (v instanceof Quaternion) return reals('QUATERNION', [v.x, v.y, v.z, v.w]);
  if (v instanceof AABB) {
    const { position: p, size: s } = v;
    return reals('AABB', [p.x, p.y, p.z, s.x, s.y, s.z]);
  }
  if (v instanceof Basis) return reals('BASIS', basisRows(v));
  if (v instanceof Transform3D) {
    return reals('TRANSFORM3D', [...basisRows(v.basis), v.origin.x, v.origin.y, v.origin.z]);
  }
  if (v instanceof Projection) {
    const cols = [v.x, v.y, v.z, v.w];
    return reals(
      'PROJECTION',
      cols.flatMap((c) => [c.x, c.y, c.z, c.w]),
    );
  }
  if (v instanceof Color) {
    e.header('COLOR');
    for (const x of [v.r, v.g, v.b, v.a]) e.w.f32(x);
    return true;
  }
  return false;
}
