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
import type { Kind } from './variant-type.js';

/** The part of the decoder the math types use; both calls check the bytes are there first. */
interface MathSource {
  /** `n` float components: float64 when `wide` (flag bit 16 in 4.x), else float32. */
  reals(n: number, wide: boolean): number[];
  /** `n` int32 components. */
  ints(n: number): number[];
}

type MathType =
  | Vector2
  | Vector2i
  | Vector3
  | Vector3i
  | Vector4
  | Vector4i
  | Rect2
  | Rect2i
  | Transform2D
  | Plane
  | Quaternion
  | AABB
  | Basis
  | Transform3D
  | Projection
  | Color;

/** Godot stores a Basis by rows; the class holds the axes (columns). */
function basisFromRows(r: number[], at = 0): Basis {
  const m = (i: number) => r[at + i] ?? 0;
  return new Basis(
    new Vector3(m(0), m(3), m(6)),
    new Vector3(m(1), m(4), m(7)),
    new Vector3(m(2), m(5), m(8)),
  );
}

/** Reads the payload of a math type, or returns undefined if `kind` is not one. */
export function readMath(d: MathSource, kind: Kind, wide: boolean): MathType | undefined {
  const f = (n: number) => d.reals(n, wide);
  switch (kind) {
    case 'VECTOR2': {
      const [x = 0, y = 0] = f(2);
      return new Vector2(x, y);
    }
    case 'VECTOR2I': {
      const [x = 0, y = 0] = d.ints(2);
      return new Vector2i(x, y);
    }
    case 'VECTOR3': {
      const [x = 0, y = 0, z = 0] = f(3);
      return new Vector3(x, y, z);
    }
    case 'VECTOR3I': {
      const [x = 0, y = 0, z = 0] = d.ints(3);
      return new Vector3i(x, y, z);
    }
    case 'VECTOR4': {
      const [x = 0, y = 0, z = 0, w = 0] = f(4);
      return new Vector4(x, y, z, w);
    }
    case 'VECTOR4I': {
      const [x = 0, y = 0, z = 0, w = 0] = d.ints(4);
      return new Vector4i(x, y, z, w);
    }
    case 'RECT2': {
      const [x = 0, y = 0, w = 0, h = 0] = f(4);
      return new Rect2(new Vector2(x, y), new Vector2(w, h));
    }
    case 'RECT2I': {
      const [x = 0, y = 0, w = 0, h = 0] = d.ints(4);
      return new Rect2i(new Vector2i(x, y), new Vector2i(w, h));
    }
    case 'TRANSFORM2D': {
      const [a = 0, b = 0, c = 0, e = 0, ox = 0, oy = 0] = f(6);
      return new Transform2D(new Vector2(a, b), new Vector2(c, e), new Vector2(ox, oy));
    }
    case 'PLANE': {
      const [x = 0, y = 0, z = 0, dist = 0] = f(4);
      return new Plane(new Vector3(x, y, z), dist);
    }
    case 'QUATERNION': {
      const [x = 0, y = 0, z = 0, w = 0] = f(4);
      return new Quaternion(x, y, z, w);
    }
    case 'AABB': {
      const [x = 0, y = 0, z = 0, w = 0, h = 0, dd = 0] = f(6);
      return new AABB(new Vector3(x, y, z), new Vector3(w, h, dd));
    }
    case 'BASIS':
      return basisFromRows(f(9));
    case 'TRANSFORM3D': {
      const r = f(12);
      return new Transform3D(basisFromRows(r), new Vector3(r[9], r[10], r[11]));
    }
    case 'PROJECTION': {
      const r = f(16);
      const col = (i: number) => new Vector4(r[i * 4], r[i * 4 + 1], r[i * 4 + 2], r[i * 4 + 3]);
      return new Projection(col(0), col(1), col(2), col(3));
    }
    case 'COLOR': {
      const [r = 0, g = 0, b = 0, a = 0] = d.reals(4, false);
      return new Color(r, g, b, a);
    }
    default:
      return undefined;
  }
}
