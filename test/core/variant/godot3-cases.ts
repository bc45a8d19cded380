// Values covering every Godot 3 Variant type, each written twice: as a GDScript 3 expression
// (the engine builds it) and as the TypeScript value our codec maps it to.
import {
  AABB,
  Basis,
  Color,
  Plane,
  Quaternion,
  Rect2,
  Transform2D,
  Transform3D,
  Vector2,
  Vector3,
} from '../../../src/core/variant/math-types.js';
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
} from '../../../src/core/variant/packed-arrays.js';
import {
  EncodedObjectAsID,
  float,
  GodotObject,
  NodePath,
  RID,
} from '../../../src/core/variant/value-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';

export interface Godot3Case {
  /** GDScript 3 expression building the value. */
  gd: string;
  /** What our decoder returns for Godot's bytes, and what we encode for Godot to check. */
  value: Variant;
  /** GDScript condition on `v` (the value Godot decoded from our bytes); default deep equality. */
  check?: string;
  /** Encode/decode with full objects. */
  objects?: boolean;
}

const v3 = (x: number, y: number, z: number) => new Vector3(x, y, z);
const basis = new Basis(v3(1, 2, 3), v3(4, 5, 6), v3(7, 8, 9));
const basisGd = 'Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9))';

export const godot3Cases: Godot3Case[] = [
  { gd: 'null', value: null },
  { gd: 'true', value: true },
  { gd: 'false', value: false },
  { gd: '0', value: 0 },
  { gd: '-1', value: -1 },
  { gd: '2147483647', value: 2147483647 },
  { gd: '-2147483648', value: -2147483648 },
  { gd: '2147483648', value: 2147483648 },
  { gd: '-2147483649', value: -2147483649 },
  { gd: '9007199254740993', value: 9007199254740993n },
  { gd: '9223372036854775807', value: 9223372036854775807n },
  { gd: '1.0', value: float(1) },
  { gd: '-0.0', value: float(-0) },
  { gd: '0.5', value: 0.5 },
  { gd: '0.1', value: 0.1 },
  { gd: '-1234.5678', value: -1234.5678 },
  { gd: '1e20', value: 1e20 },
  { gd: 'INF', value: Number.POSITIVE_INFINITY },
  { gd: '-INF', value: Number.NEGATIVE_INFINITY },
  { gd: 'NAN', value: Number.NaN },
  { gd: '""', value: '' },
  { gd: '"abcd"', value: 'abcd' },
  { gd: '"h\u00e9llo \u2713 \u{1f600}"', value: 'h\u00e9llo \u2713 \u{1f600}' },
  { gd: 'Vector2(1.5, -2)', value: new Vector2(1.5, -2) },
  { gd: 'Vector2(0.1, 0)', value: new Vector2(Math.fround(0.1), 0) },
  { gd: 'Rect2(1, 2, 3, 4)', value: new Rect2(new Vector2(1, 2), new Vector2(3, 4)) },
  { gd: 'Vector3(1, 2, 3)', value: v3(1, 2, 3) },
  {
    gd: 'Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))',
    value: new Transform2D(new Vector2(1, 2), new Vector2(3, 4), new Vector2(5, 6)),
  },
  { gd: 'Plane(1, 2, 3, 4)', value: new Plane(v3(1, 2, 3), 4) },
  { gd: 'Quat(1, 2, 3, 4)', value: new Quaternion(1, 2, 3, 4) },
  { gd: 'AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))', value: new AABB(v3(1, 2, 3), v3(4, 5, 6)) },
  { gd: basisGd, value: basis },
  {
    gd: `Transform(${basisGd}, Vector3(10, 11, 12))`,
    value: new Transform3D(basis, v3(10, 11, 12)),
  },
  { gd: 'Color(0.25, 0.5, 0.75, 1)', value: new Color(0.25, 0.5, 0.75, 1) },
  { gd: 'NodePath("/root/a:b:c")', value: new NodePath('/root/a:b:c') },
  { gd: 'NodePath("a/bc")', value: new NodePath('a/bc') },
  { gd: 'NodePath("")', value: new NodePath('') },
  { gd: 'RID()', value: new RID() },
  {
    gd: 'Reference.new()',
    value: new GodotObject('Reference', new Map([['script', null]])),
    check: 'v is Reference and v.get_class() == "Reference"',
    objects: true,
  },
  {
    gd: '{1: "a", "b": [1, 2.5], Vector2(1, 2): null}',
    value: new Map<Variant, Variant>([
      [1, 'a'],
      ['b', [1, 2.5]],
      [new Vector2(1, 2), null],
    ]),
  },
  { gd: '{}', value: new Map() },
  { gd: '[1, "two", [3.5, null], {}]', value: [1, 'two', [3.5, null], new Map()] },
  { gd: '[[[[]]]]', value: [[[[]]]] },
  { gd: 'PoolByteArray([1, 2, 3, 255])', value: Uint8Array.of(1, 2, 3, 255) },
  { gd: 'PoolByteArray([7])', value: Uint8Array.of(7) },
  { gd: 'PoolByteArray()', value: new Uint8Array(0) },
  { gd: 'PoolIntArray([1, -2, 2147483647])', value: Int32Array.of(1, -2, 2147483647) },
  { gd: 'PoolRealArray([0.5, -1.25])', value: Float32Array.of(0.5, -1.25) },
  {
    gd: 'PoolStringArray(["ab", "", "h\u00e9llo"])',
    value: new PackedStringArray(['ab', '', 'h\u00e9llo']),
  },
  {
    gd: 'PoolVector2Array([Vector2(1, 2), Vector2(-0.5, 4)])',
    value: new PackedVector2Array([new Vector2(1, 2), new Vector2(-0.5, 4)]),
  },
  { gd: 'PoolVector3Array([Vector3(1, 2, 3)])', value: new PackedVector3Array([v3(1, 2, 3)]) },
  {
    gd: 'PoolColorArray([Color(1, 0, 0, 1), Color(0, 0.5, 1, 0.25)])',
    value: new PackedColorArray([new Color(1, 0, 0, 1), new Color(0, 0.5, 1, 0.25)]),
  },
];

/** An object sent as its id: Godot's instance ids vary, so this one is built at run time. */
export function objectAsId(id: bigint): Godot3Case {
  return {
    gd: '',
    value: new EncodedObjectAsID(id),
    check: `v is EncodedObjectAsID and v.get_object_id() == ${id}`,
  };
}
