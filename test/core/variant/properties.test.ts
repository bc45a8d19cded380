// Property tests: decode ∘ encode = identity for generated values of both formats, and any
// bytes (random or mangled encodings) decode without throwing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Error } from '../../../src/core/error.js';
import { TypedArray, TypedDictionary } from '../../../src/core/variant/containers.js';
import { decodeVariant } from '../../../src/core/variant/decode.js';
import { encodeVariant } from '../../../src/core/variant/encode.js';
import * as M from '../../../src/core/variant/math-types.js';
import * as P from '../../../src/core/variant/packed-arrays.js';
import * as V from '../../../src/core/variant/value-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';
import type { VariantFormat } from '../../../src/core/variant/variant-type.js';

const f32 = fc.float();
const f64 = fc.double();
const i32 = fc.integer();
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0'));
const v2 = fc.tuple(f32, f32).map(([x, y]) => new M.Vector2(x, y));
const v3 = fc.tuple(f32, f32, f32).map(([x, y, z]) => new M.Vector3(x, y, z));
const v4 = fc.tuple(f32, f32, f32, f32).map(([x, y, z, w]) => new M.Vector4(x, y, z, w));
const color = fc.tuple(f32, f32, f32, f32).map(([r, g, b, a]) => new M.Color(r, g, b, a));
const basis = fc.tuple(v3, v3, v3).map(([x, y, z]) => new M.Basis(x, y, z));

/** Leaves both engine generations share (Godot 3 math types are always float32). */
const commonLeaves: fc.Arbitrary<Variant>[] = [
  fc.constant(null),
  fc.boolean(),
  i32,
  fc.maxSafeInteger(),
  fc
    .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
    .filter((b) => !Number.isSafeInteger(Number(b))),
  f64.map((d) => (Number.isSafeInteger(d) ? V.float(d) : d)),
  text,
  v2,
  v3,
  color,
  basis,
  fc.tuple(v2, v2).map(([p, s]) => new M.Rect2(p, s)),
  fc.tuple(v2, v2, v2).map(([x, y, o]) => new M.Transform2D(x, y, o)),
  fc.tuple(v3, f32).map(([n, d]) => new M.Plane(n, d)),
  fc.tuple(f32, f32, f32, f32).map(([x, y, z, w]) => new M.Quaternion(x, y, z, w)),
  fc.tuple(v3, v3).map(([p, s]) => new M.AABB(p, s)),
  fc.tuple(basis, v3).map(([b, o]) => new M.Transform3D(b, o)),
  fc
    .tuple(fc.array(text, { maxLength: 3 }), fc.array(text, { maxLength: 3 }), fc.boolean())
    .map(([n, s, a]) => V.NodePath.fromParts(n, s, a)),
  u64.map((id) => new V.EncodedObjectAsID(id)),
  fc.uint8Array({ maxLength: 9 }),
  fc.int32Array({ maxLength: 4 }),
  fc.float32Array({ maxLength: 4 }),
  fc.array(text, { maxLength: 4 }).map((s) => new P.PackedStringArray(s)),
  fc.array(v2, { maxLength: 3 }).map((a) => new P.PackedVector2Array(a)),
  fc.array(v3, { maxLength: 3 }).map((a) => new P.PackedVector3Array(a)),
  fc.array(color, { maxLength: 3 }).map((a) => new P.PackedColorArray(a)),
];

const containerType = fc.oneof(
  fc.integer({ min: 1, max: 38 }).map((type) => ({ kind: 'builtin' as const, type })),
  text.map((className) => ({ kind: 'class' as const, className })),
  text.map((path) => ({ kind: 'script' as const, path })),
);

const godot4Leaves: fc.Arbitrary<Variant>[] = [
  ...commonLeaves,
  fc.tuple(i32, i32).map(([x, y]) => new M.Vector2i(x, y)),
  fc.tuple(i32, i32, i32).map(([x, y, z]) => new M.Vector3i(x, y, z)),
  fc.tuple(i32, i32, i32, i32).map(([x, y, z, w]) => new M.Vector4i(x, y, z, w)),
  fc
    .tuple(i32, i32, i32, i32)
    .map(([a, b, c, d]) => new M.Rect2i(new M.Vector2i(a, b), new M.Vector2i(c, d))),
  v4,
  fc.tuple(v4, v4, v4, v4).map(([x, y, z, w]) => new M.Projection(x, y, z, w)),
  text.map((s) => new V.StringName(s)),
  u64.map((id) => new V.RID(id)),
  fc.constant(new V.Callable()),
  fc.tuple(text, u64).map(([n, id]) => new V.GodotSignal(n, id)),
  fc.bigInt64Array({ maxLength: 3 }),
  fc.float64Array({ maxLength: 3 }),
  fc.array(v4, { maxLength: 3 }).map((a) => new P.PackedVector4Array(a)),
];

function variants(format: VariantFormat): fc.Arbitrary<Variant> {
  const leaves = format === 'godot4' ? godot4Leaves : [...commonLeaves, fc.constant(new V.RID())];
  return fc.letrec<{ value: Variant }>((tie) => {
    const value = tie('value');
    const entries = fc.array(fc.tuple(value, value), { maxLength: 3 });
    const branches: fc.Arbitrary<Variant>[] = [
      fc.array(value, { maxLength: 4 }),
      entries.map((e) => new Map(e)),
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 8 }),
          fc.array(fc.tuple(text, value), { maxLength: 3 }),
        )
        .map(([cls, props]) => new V.GodotObject(cls, new Map(props))),
    ];
    if (format === 'godot4') {
      branches.push(
        fc
          .tuple(containerType, fc.array(value, { maxLength: 3 }))
          .map(([t, v]) => new TypedArray(t, v)),
        fc
          .tuple(fc.option(containerType), fc.option(containerType), entries)
          .filter(([k, v]) => k !== null || v !== null)
          .map(([k, v, e]) => new TypedDictionary(k, v, new Map(e))),
      );
    }
    return {
      value: fc.oneof({ depthSize: 'medium', withCrossShrink: true }, ...leaves, ...branches),
    };
  }).value;
}

for (const format of ['godot3', 'godot4'] as const) {
  test(`${format}: decode(encode(v)) deep-equals v and uses every byte`, () => {
    fc.assert(
      fc.property(variants(format), (v) => {
        const enc = encodeVariant(v, { format, fullObjects: true });
        assert.equal(enc.error, Error.OK, enc.reason);
        assert.equal(enc.bytes.byteLength % 4, 0);
        const dec = decodeVariant(enc.bytes, { format, allowObjects: true });
        assert.equal(dec.error, Error.OK, dec.reason);
        assert.equal(dec.length, enc.bytes.byteLength);
        assert.deepEqual(dec.value, v);
      }),
      { numRuns: 400 },
    );
  });

  test(`${format}: random and mangled bytes never throw; what decodes re-encodes`, () => {
    const check = (bytes: Uint8Array, allowObjects: boolean) => {
      const dec = decodeVariant(bytes, { format, allowObjects });
      assert.notEqual(dec.error, Error.ERR_BUG, dec.reason);
      if (dec.error !== Error.OK) return;
      assert.ok(dec.length <= bytes.byteLength);
      // Re-encoded in double precision: mangled bytes may carry 64-bit math types (a
      // double-precision Godot build's), whose values float32 cannot hold. Decoded values do
      // not remember their width (see the closing note of the Variant issue).
      const again = encodeVariant(dec.value, { format, fullObjects: true, precision: 'double' });
      assert.equal(again.error, Error.OK, again.reason);
      const twice = decodeVariant(again.bytes, { format, allowObjects: true });
      assert.deepEqual(twice.value, dec.value);
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (b, allow) => check(b, allow)),
      { numRuns: 2000 },
    );
    const mangled = fc.tuple(
      variants(format),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(),
    );
    fc.assert(
      fc.property(mangled, fc.boolean(), ([v, edits, cut], allow) => {
        const bytes = encodeVariant(v, { format, fullObjects: true }).bytes.slice();
        for (const [at, b] of edits) if (bytes.length > 0) bytes[at % bytes.length] = b;
        check(bytes.subarray(0, bytes.length - (cut % (bytes.length + 1))), allow);
      }),
      { numRuns: 1000 },
    );
  });
}

test('strings are UTF-8 as TextEncoder writes them (lone surrogates become U+FFFD)', () => {
  const te = new TextEncoder();
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const bytes = encodeVariant(s).bytes;
      const utf8 = te.encode(s);
      assert.equal(new DataView(bytes.buffer).getUint32(4, true), utf8.byteLength);
      assert.deepEqual(bytes.subarray(8, 8 + utf8.byteLength), utf8);
      assert.ok(bytes.subarray(8 + utf8.byteLength).every((b) => b === 0));
    }),
    { numRuns: 1000 },
  );
});
