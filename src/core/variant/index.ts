/**
 * Godot's Variant binary serialization (`var_to_bytes`, `put_var`) for Godot 3 and Godot 4.
 * Every call takes `format: 'godot3' | 'godot4'`; the default is `'godot4'`.
 */
export { type ContainerType, TypedArray, TypedDictionary } from './containers.js';
export { decodeVariant } from './decode.js';
export { encodeVariant } from './encode.js';
export {
  bytes2var,
  bytesToVar,
  bytesToVarWithObjects,
  var2bytes,
  varToBytes,
  varToBytesWithObjects,
} from './gdscript.js';
export {
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
export {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from './packed-arrays.js';
export {
  Callable,
  EncodedObjectAsID,
  float,
  GodotFloat,
  GodotObject,
  GodotSignal,
  NodePath,
  RID,
  StringName,
} from './value-types.js';
export type {
  DecodeOptions,
  DecodeResult,
  EncodeOptions,
  EncodeResult,
  Variant,
  VariantRecord,
} from './variant.js';
export { Godot3VariantType, type VariantFormat, VariantType } from './variant-type.js';
