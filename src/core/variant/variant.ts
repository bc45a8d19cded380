import type { Error } from '../error.js';
import type { TypedArray, TypedDictionary } from './containers.js';
import type {
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
import type {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from './packed-arrays.js';
import type {
  Callable,
  EncodedObjectAsID,
  GodotFloat,
  GodotObject,
  GodotSignal,
  NodePath,
  RID,
  StringName,
} from './value-types.js';
import type { VariantFormat } from './variant-type.js';

/**
 * A value Godot can serialize, as this library represents it:
 *
 * | Godot | TypeScript |
 * |---|---|
 * | null | `null` (`undefined` also encodes as null) |
 * | bool | `boolean` |
 * | int | `number` (safe integer) or `bigint` (beyond ±2^53) |
 * | float | `number` (not a safe integer: 0.5, NaN, ±Infinity, 1e20), `GodotFloat` (1.0, -0.0: `float(1)`) |
 * | String | `string` |
 * | math types | `Vector2`, `Vector2i`, `Rect2`, … classes |
 * | StringName / NodePath / RID | `StringName` / `NodePath` / `RID` |
 * | Object | `EncodedObjectAsID` (id) or `GodotObject` (full) |
 * | Callable / Signal | `Callable` / `GodotSignal` |
 * | Array | `Variant[]`; typed: `TypedArray` |
 * | Dictionary | `Map<Variant, Variant>` (decoded), or a plain object (String keys) to encode; typed: `TypedDictionary` |
 * | Packed*Array | `Uint8Array`, `Int32Array`, `BigInt64Array`, `Float32Array`, `Float64Array`, `Packed…Array` |
 */
export type Variant =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | GodotFloat
  | Vector2
  | Vector2i
  | Rect2
  | Rect2i
  | Vector3
  | Vector3i
  | Transform2D
  | Vector4
  | Vector4i
  | Plane
  | Quaternion
  | AABB
  | Basis
  | Transform3D
  | Projection
  | Color
  | StringName
  | NodePath
  | RID
  | EncodedObjectAsID
  | GodotObject
  | Callable
  | GodotSignal
  | Variant[]
  | TypedArray
  | Map<Variant, Variant>
  | TypedDictionary
  | VariantRecord
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | PackedStringArray
  | PackedVector2Array
  | PackedVector3Array
  | PackedVector4Array
  | PackedColorArray;

/** A plain object encoded as a Dictionary with String keys. */
export interface VariantRecord {
  [key: string]: Variant;
}

/** Options of `encodeVariant`. */
export interface EncodeOptions {
  /** Engine generation whose type table to use. Default `'godot4'`. */
  format?: VariantFormat;
  /** Send `GodotObject`s in full (Godot's `full_objects`). Default false: they are refused. */
  fullObjects?: boolean;
  /**
   * Float size of math types in Godot 4 (`Vector2`, `Transform3D`, packed vectors…): `'single'`
   * (float32, every official build; the default) or `'double'` (float64 with flag bit 16, as a
   * `precision=double` engine build sends). Ignored for Godot 3, which always uses float32.
   */
  precision?: 'single' | 'double';
  /** Fail with ERR_OUT_OF_MEMORY once the encoding would exceed this many bytes. */
  maxSize?: number;
}

/** Options of `decodeVariant`. */
export interface DecodeOptions {
  /** Engine generation whose type table to use. Default `'godot4'`. */
  format?: VariantFormat;
  /** Accept full objects (Godot's `allow_objects`). Default false: they fail with ERR_UNAUTHORIZED. */
  allowObjects?: boolean;
}

/** What `encodeVariant` returns: the bytes (empty on error) and a Godot `Error`. */
export interface EncodeResult {
  error: Error;
  bytes: Uint8Array;
  /** Why it failed ('' when OK), for logs. */
  reason: string;
}

/** What `decodeVariant` returns: the value (null on error), the bytes it used, and a Godot `Error`. */
export interface DecodeResult {
  error: Error;
  value: Variant;
  length: number;
  /** Why it failed ('' when OK), for logs. */
  reason: string;
}
