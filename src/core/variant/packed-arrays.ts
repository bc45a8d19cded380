import type { Color, Vector2, Vector3, Vector4 } from './math-types.js';

/*
 * Packed arrays. Numeric ones are JS typed arrays:
 *   Uint8Array    ↔ PackedByteArray    (3.x PoolByteArray)
 *   Int32Array    ↔ PackedInt32Array   (3.x PoolIntArray)
 *   BigInt64Array ↔ PackedInt64Array   (4.x only)
 *   Float32Array  ↔ PackedFloat32Array (3.x PoolRealArray)
 *   Float64Array  ↔ PackedFloat64Array (4.x only)
 * The others are the small wrapper classes below, holding arrays of the element class.
 */

/** `PackedStringArray` (3.x `PoolStringArray`). Strings end at their first NUL on the wire. */
export class PackedStringArray {
  values: string[];
  constructor(values: string[] = []) {
    this.values = values;
  }
}

/** `PackedVector2Array` (3.x `PoolVector2Array`). */
export class PackedVector2Array {
  values: Vector2[];
  constructor(values: Vector2[] = []) {
    this.values = values;
  }
}

/** `PackedVector3Array` (3.x `PoolVector3Array`). */
export class PackedVector3Array {
  values: Vector3[];
  constructor(values: Vector3[] = []) {
    this.values = values;
  }
}

/** `PackedVector4Array` (Godot 4.3+ only). */
export class PackedVector4Array {
  values: Vector4[];
  constructor(values: Vector4[] = []) {
    this.values = values;
  }
}

/** `PackedColorArray` (3.x `PoolColorArray`); colors are always float32. */
export class PackedColorArray {
  values: Color[];
  constructor(values: Color[] = []) {
    this.values = values;
  }
}
