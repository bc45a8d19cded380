/**
 * Variant type ids and header bits of Godot's binary serialization (`marshalls.cpp`).
 * The two engine generations number their types differently: Godot 3 has 27 types,
 * Godot 4 has 39 (4.3+), and the same number means different things in each.
 */

/** Which engine generation's type table and rules to use. */
export type VariantFormat = 'godot3' | 'godot4';

/** Godot 4's `Variant.Type` (`@GlobalScope.TYPE_*`), with Godot's numbers. */
export const VariantType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  FLOAT: 3,
  STRING: 4,
  VECTOR2: 5,
  VECTOR2I: 6,
  RECT2: 7,
  RECT2I: 8,
  VECTOR3: 9,
  VECTOR3I: 10,
  TRANSFORM2D: 11,
  VECTOR4: 12,
  VECTOR4I: 13,
  PLANE: 14,
  QUATERNION: 15,
  AABB: 16,
  BASIS: 17,
  TRANSFORM3D: 18,
  PROJECTION: 19,
  COLOR: 20,
  STRING_NAME: 21,
  NODE_PATH: 22,
  RID: 23,
  OBJECT: 24,
  CALLABLE: 25,
  SIGNAL: 26,
  DICTIONARY: 27,
  ARRAY: 28,
  PACKED_BYTE_ARRAY: 29,
  PACKED_INT32_ARRAY: 30,
  PACKED_INT64_ARRAY: 31,
  PACKED_FLOAT32_ARRAY: 32,
  PACKED_FLOAT64_ARRAY: 33,
  PACKED_STRING_ARRAY: 34,
  PACKED_VECTOR2_ARRAY: 35,
  PACKED_VECTOR3_ARRAY: 36,
  PACKED_COLOR_ARRAY: 37,
  PACKED_VECTOR4_ARRAY: 38,
} as const;

/** One of Godot 4's type ids. */
export type VariantType = (typeof VariantType)[keyof typeof VariantType];

/** Godot 3's `Variant.Type` (`TYPE_*` in 3.x), with Godot 3's numbers. */
export const Godot3VariantType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  REAL: 3,
  STRING: 4,
  VECTOR2: 5,
  RECT2: 6,
  VECTOR3: 7,
  TRANSFORM2D: 8,
  PLANE: 9,
  QUAT: 10,
  AABB: 11,
  BASIS: 12,
  TRANSFORM: 13,
  COLOR: 14,
  NODE_PATH: 15,
  _RID: 16,
  OBJECT: 17,
  DICTIONARY: 18,
  ARRAY: 19,
  POOL_BYTE_ARRAY: 20,
  POOL_INT_ARRAY: 21,
  POOL_REAL_ARRAY: 22,
  POOL_STRING_ARRAY: 23,
  POOL_VECTOR2_ARRAY: 24,
  POOL_VECTOR3_ARRAY: 25,
  POOL_COLOR_ARRAY: 26,
} as const;

/** One of Godot 3's type ids. */
export type Godot3VariantType = (typeof Godot3VariantType)[keyof typeof Godot3VariantType];

/** Number of types (`Variant::VARIANT_MAX`): ids at or above it are invalid. */
export const VARIANT_MAX = { godot3: 27, godot4: 39 } as const;

/** Bits 0–7 of the header: the type id. */
export const HEADER_TYPE_MASK = 0xff;
/** INT, FLOAT and (4.x double builds) math types: the payload is 64-bit. */
export const HEADER_FLAG_64 = 1 << 16;
/** OBJECT: the payload is a u64 instance id instead of a full object. */
export const HEADER_FLAG_OBJECT_AS_ID = 1 << 16;
/** 4.x ARRAY: element type kind (bits 16–17); DICTIONARY: key type kind. */
export const HEADER_TYPED_SHIFT = 16;
/** 4.x DICTIONARY: value type kind (bits 18–19). */
export const HEADER_TYPED_VALUE_SHIFT = 18;
/** Container type kinds stored in those 2-bit fields. */
export const ContainerTypeKind = { NONE: 0, BUILTIN: 1, CLASS_NAME: 2, SCRIPT: 3 } as const;

/** Godot's `Variant::MAX_RECURSION_DEPTH`: deeper values fail with ERR_OUT_OF_MEMORY. */
export const MAX_RECURSION_DEPTH = 1024;

/**
 * The types this codec knows, named once (Godot 4 names). `TYPE_IDS[format][kind]` is the
 * wire id, or `undefined` where that engine generation has no such type.
 */
export type Kind = keyof typeof VariantType;

const godot3Ids: Partial<Record<Kind, number>> = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  FLOAT: 3,
  STRING: 4,
  VECTOR2: 5,
  RECT2: 6,
  VECTOR3: 7,
  TRANSFORM2D: 8,
  PLANE: 9,
  QUATERNION: 10,
  AABB: 11,
  BASIS: 12,
  TRANSFORM3D: 13,
  COLOR: 14,
  NODE_PATH: 15,
  RID: 16,
  OBJECT: 17,
  DICTIONARY: 18,
  ARRAY: 19,
  PACKED_BYTE_ARRAY: 20,
  PACKED_INT32_ARRAY: 21,
  PACKED_FLOAT32_ARRAY: 22,
  PACKED_STRING_ARRAY: 23,
  PACKED_VECTOR2_ARRAY: 24,
  PACKED_VECTOR3_ARRAY: 25,
  PACKED_COLOR_ARRAY: 26,
};

export const TYPE_IDS: Record<VariantFormat, Partial<Record<Kind, number>>> = {
  godot3: godot3Ids,
  godot4: VariantType,
};

function invert(ids: Partial<Record<Kind, number>>): Kind[] {
  const out: Kind[] = [];
  for (const [kind, id] of Object.entries(ids)) out[id] = kind as Kind;
  return out;
}

/** `KINDS[format][id]`: the type a wire id stands for. */
export const KINDS: Record<VariantFormat, readonly Kind[]> = {
  godot3: invert(godot3Ids),
  godot4: invert(VariantType),
};
