// Godot 4 vectors written by hand from the layout tables (docs/variant-format.md §5.2–5.4), one per
// type. The bytes below were not produced by our encoder.
import { test } from 'node:test';
import { TypedArray, TypedDictionary } from '../../../src/core/variant/containers.js';
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
} from '../../../src/core/variant/math-types.js';
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from '../../../src/core/variant/packed-arrays.js';
import {
  Callable,
  EncodedObjectAsID,
  float,
  GodotObject,
  GodotSignal,
  NodePath,
  RID,
  StringName,
} from '../../../src/core/variant/value-types.js';
import { VariantType } from '../../../src/core/variant/variant-type.js';
import { assertVector } from '../../helpers/variant.js';

// float32 little-endian words used below
const F = {
  '0.25': '0000803e',
  '0.5': '0000003f',
  '1': '0000803f',
  '2': '00000040',
  '3': '00004040',
  '4': '00008040',
  '5': '0000a040',
  '6': '0000c040',
  '7': '0000e040',
  '8': '00000041',
  '9': '00001041',
  '10': '00002041',
  '11': '00003041',
  '12': '00004041',
  '13': '00005041',
  '14': '00006041',
  '15': '00007041',
  '16': '00008041',
};
const f = (...n: (keyof typeof F)[]) => n.map((k) => F[k]).join(' ');

test('NIL (0): header only', () => assertVector(null, '00000000'));

test('BOOL (1): u32 0/1', () => {
  assertVector(true, '01000000 01000000');
  assertVector(false, '01000000 00000000');
});

test('INT (2): int32 when it fits, else flag 1<<16 and int64', () => {
  assertVector(1, '02000000 01000000');
  assertVector(-1, '02000000 ffffffff');
  assertVector(2147483647, '02000000 ffffff7f');
  assertVector(-2147483648, '02000000 00000080');
  assertVector(2147483648, '02000100 00000080 00000000');
  assertVector(-2147483649, '02000100 ffffff7f ffffffff');
  assertVector(2 ** 40, '02000100 00000000 00010000');
  assertVector(9007199254740993n, '02000100 01000000 00002000');
  assertVector(-(2n ** 63n), '02000100 00000000 00000080');
  assertVector(5n, '02000000 05000000', {}, 5);
});

test('FLOAT (3): float32 when exact, else flag 1<<16 and float64 (NaN too)', () => {
  assertVector(0.5, `03000000 ${F['0.5']}`);
  assertVector(float(1), `03000000 ${F['1']}`);
  assertVector(float(-0), '03000000 00000080');
  assertVector(Number.POSITIVE_INFINITY, '03000000 0000807f');
  assertVector(0.1, '03000100 9a999999 9999b93f');
  assertVector(Number.NaN, '03000100 00000000 0000f87f');
  // A number beyond the safe integers is a float: 1e20 has no exact float32.
  assertVector(1e20, '03000100 408cb578 1daf1544');
});

test('STRING (4): u32 length, UTF-8, zero padding', () => {
  assertVector('', '04000000 00000000');
  assertVector('abcd', '04000000 04000000 61626364');
  assertVector('héllo', '04000000 06000000 68c3a96c 6c6f0000');
});

test('VECTOR2 (5), VECTOR2I (6)', () => {
  assertVector(new Vector2(1, 2), `05000000 ${f('1', '2')}`);
  assertVector(new Vector2i(1, -2), '06000000 01000000 feffffff');
});

test('RECT2 (7), RECT2I (8)', () => {
  assertVector(
    new Rect2(new Vector2(1, 2), new Vector2(3, 4)),
    `07000000 ${f('1', '2', '3', '4')}`,
  );
  assertVector(
    new Rect2i(new Vector2i(1, 2), new Vector2i(3, 4)),
    '08000000 01000000 02000000 03000000 04000000',
  );
});

test('VECTOR3 (9), VECTOR3I (10)', () => {
  assertVector(new Vector3(1, 2, 3), `09000000 ${f('1', '2', '3')}`);
  assertVector(new Vector3i(1, 2, -3), '0a000000 01000000 02000000 fdffffff');
});

test('TRANSFORM2D (11): x axis, y axis, origin', () => {
  const t = new Transform2D(new Vector2(1, 2), new Vector2(3, 4), new Vector2(5, 6));
  assertVector(t, `0b000000 ${f('1', '2', '3', '4', '5', '6')}`);
});

test('VECTOR4 (12), VECTOR4I (13)', () => {
  assertVector(new Vector4(1, 2, 3, 4), `0c000000 ${f('1', '2', '3', '4')}`);
  assertVector(new Vector4i(1, 2, 3, 4), '0d000000 01000000 02000000 03000000 04000000');
});

test('PLANE (14): normal then d', () => {
  assertVector(new Plane(new Vector3(1, 2, 3), 4), `0e000000 ${f('1', '2', '3', '4')}`);
});

test('QUATERNION (15): x, y, z, w', () => {
  assertVector(new Quaternion(1, 2, 3, 4), `0f000000 ${f('1', '2', '3', '4')}`);
});

test('AABB (16): position then size', () => {
  const box = new AABB(new Vector3(1, 2, 3), new Vector3(4, 5, 6));
  assertVector(box, `10000000 ${f('1', '2', '3', '4', '5', '6')}`);
});

const basis = new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9));
const rows = f('1', '4', '7', '2', '5', '8', '3', '6', '9');

test('BASIS (17): the matrix row by row (axes are columns)', () => {
  assertVector(basis, `11000000 ${rows}`);
});

test('TRANSFORM3D (18): basis rows then origin', () => {
  const t = new Transform3D(basis, new Vector3(10, 11, 12));
  assertVector(t, `12000000 ${rows} ${f('10', '11', '12')}`);
});

test('PROJECTION (19): 16 floats column by column', () => {
  const p = new Projection(
    new Vector4(1, 2, 3, 4),
    new Vector4(5, 6, 7, 8),
    new Vector4(9, 10, 11, 12),
    new Vector4(13, 14, 15, 16),
  );
  const all = f(
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
    '10',
    '11',
    '12',
    '13',
    '14',
    '15',
    '16',
  );
  assertVector(p, `13000000 ${all}`);
});

test('COLOR (20): r, g, b, a as float32', () => {
  assertVector(new Color(1, 0.5, 0.25, 1), `14000000 ${f('1', '0.5', '0.25', '1')}`);
});

test('STRING_NAME (21): like a String', () => {
  assertVector(new StringName('ab'), '15000000 02000000 61620000');
});

test('NODE_PATH (22): name count | 0x80000000, subname count, flags, names, subnames', () => {
  assertVector(
    new NodePath('/root/a:b'),
    '16000000 02000080 01000000 01000000 04000000 726f6f74 01000000 61000000 01000000 62000000',
  );
  assertVector(new NodePath('a'), '16000000 01000080 00000000 00000000 01000000 61000000');
});

test('RID (23): u64 id', () => {
  assertVector(new RID(5n), '17000000 05000000 00000000');
});

test('OBJECT (24): as id with flag 1<<16; in full with fullObjects/allowObjects', () => {
  assertVector(new EncodedObjectAsID(1288n), '18000100 08050000 00000000');
  const obj = new GodotObject('RefCounted', new Map([['script', null]]));
  assertVector(
    obj,
    '18000000 0a000000 52656643 6f756e74 65640000 01000000 06000000 73637269 70740000 00000000',
    { fullObjects: true, allowObjects: true },
  );
});

test('CALLABLE (25): header only', () => assertVector(new Callable(), '19000000'));

test('SIGNAL (26): name then u64 object id', () => {
  assertVector(new GodotSignal('hit', 7n), '1a000000 03000000 68697400 07000000 00000000');
});

test('DICTIONARY (27): count, then key, value…', () => {
  const bytes = '1b000000 01000000 04000000 01000000 61000000 02000000 01000000';
  assertVector(new Map([['a', 1]]), bytes);
  assertVector({ a: 1 }, bytes, {}, new Map([['a', 1]]));
});

test('typed DICTIONARY: key kind in bits 16–17, value kind in bits 18–19, types before count', () => {
  const d = new TypedDictionary(
    { kind: 'builtin', type: VariantType.STRING },
    { kind: 'builtin', type: VariantType.INT },
    new Map([['a', 1]]),
  );
  assertVector(
    d,
    '1b000500 04000000 02000000 01000000 04000000 01000000 61000000 02000000 01000000',
  );
});

test('ARRAY (28): count then elements', () => {
  assertVector([1, 'a'], '1c000000 02000000 02000000 01000000 04000000 01000000 61000000');
  assertVector([], '1c000000 00000000');
});

test('typed ARRAY: builtin kind + type id; class names sent as EncodedObjectAsID', () => {
  const ints = new TypedArray({ kind: 'builtin', type: VariantType.INT }, [1]);
  assertVector(ints, '1c000100 02000000 01000000 02000000 01000000');
  const nodes = new TypedArray({ kind: 'class', className: 'EncodedObjectAsID' }, []);
  assertVector(nodes, '1c000200 11000000 456e636f 6465644f 626a6563 74417349 44000000 00000000');
});

test('PACKED_BYTE_ARRAY (29): count, bytes, padding', () => {
  assertVector(Uint8Array.of(1, 2, 3), '1d000000 03000000 01020300');
});

test('PACKED_INT32_ARRAY (30), PACKED_INT64_ARRAY (31)', () => {
  assertVector(Int32Array.of(1, -1), '1e000000 02000000 01000000 ffffffff');
  assertVector(BigInt64Array.of(1n, -1n), '1f000000 02000000 01000000 00000000 ffffffff ffffffff');
});

test('PACKED_FLOAT32_ARRAY (32), PACKED_FLOAT64_ARRAY (33)', () => {
  assertVector(Float32Array.of(0.5), `20000000 01000000 ${F['0.5']}`);
  assertVector(Float64Array.of(0.1), '21000000 01000000 9a999999 9999b93f');
});

test('PACKED_STRING_ARRAY (34): each string as length+1, UTF-8, NUL, padding', () => {
  assertVector(
    new PackedStringArray(['ab', '', 'abc']),
    '22000000 03000000 03000000 61620000 01000000 00000000 04000000 61626300',
  );
});

test('PACKED_VECTOR2/3_ARRAY (35, 36), PACKED_COLOR_ARRAY (37), PACKED_VECTOR4_ARRAY (38)', () => {
  assertVector(new PackedVector2Array([new Vector2(1, 2)]), `23000000 01000000 ${f('1', '2')}`);
  assertVector(
    new PackedVector3Array([new Vector3(1, 2, 3)]),
    `24000000 01000000 ${f('1', '2', '3')}`,
  );
  assertVector(
    new PackedColorArray([new Color(1, 0.5, 0.25, 1)]),
    `25000000 01000000 ${f('1', '0.5', '0.25', '1')}`,
  );
  assertVector(
    new PackedVector4Array([new Vector4(1, 2, 3, 4)]),
    `26000000 01000000 ${f('1', '2', '3', '4')}`,
  );
});

test("precision 'double': math types get flag 1<<16 and float64; Color stays float32", () => {
  const opts = { precision: 'double' } as const;
  assertVector(new Vector2(0.1, 2), '05000100 9a999999 9999b93f 00000000 00000040', opts);
  assertVector(
    new PackedVector2Array([new Vector2(0.1, 2)]),
    '23000100 01000000 9a999999 9999b93f 00000000 00000040',
    opts,
  );
  assertVector(new Color(1, 0.5, 0.25, 1), `14000000 ${f('1', '0.5', '0.25', '1')}`, opts);
  assertVector(new Vector2i(1, 2), '06000000 01000000 02000000', opts);
});
