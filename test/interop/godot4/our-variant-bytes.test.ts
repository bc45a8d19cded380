// Issue 9, scenario 3 (engine side): bytes written by OUR encoder, handed to the real Godot 4.6
// engine's bytes_to_var, come back as the value we meant: the engine prints a verdict per value
// (decoded or not, bytes used, var_to_str, its own var_to_bytes). Every fixture value, plus
// values the capture does not hold (double-precision math types, large and deep containers).
import assert from 'node:assert/strict';
import { encodeVariant } from '../../../src/core/variant/encode.js';
import { Basis, Transform3D, Vector2, Vector3 } from '../../../src/core/variant/math-types.js';
import { PackedVector3Array } from '../../../src/core/variant/packed-arrays.js';
import { float, StringName } from '../../../src/core/variant/value-types.js';
import type { EncodeOptions, Variant } from '../../../src/core/variant/variant.js';
import { GODOT4_CASES } from '../../core/variant/godot4-cases.js';
import { test } from '../../helpers/browser-test.js';
import { bytesToVarInEngine } from '../../helpers/godot4/bytes-to-var.js';
import { readGodot4Variants } from '../../helpers/godot4/variant-fixture.js';

interface Extra {
  value: Variant;
  options?: EncodeOptions;
  /** The engine's var_to_str of the decoded value (undefined: not compared). */
  text: string | undefined;
  /** Whether the engine's var_to_bytes gives our bytes back (false: it re-encodes differently). */
  roundTrip: boolean;
  /** Engine error lines expected while decoding and printing it (default none). */
  errors?: string[];
}

const DOUBLE: EncodeOptions = { precision: 'double' };
const deep = (depth: number): Variant => (depth === 0 ? [] : [deep(depth - 1)]);

/** Values the capture does not hold. */
const EXTRAS: Record<string, Extra> = {
  // A precision=double build's math types (flag 1<<16): this single-precision engine reads them
  // and writes them back as float32.
  double_vector2: {
    value: new Vector2(1.5, -2.25),
    options: DOUBLE,
    text: 'Vector2(1.5, -2.25)',
    roundTrip: false,
  },
  double_transform3d: {
    value: new Transform3D(
      new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9)),
      new Vector3(10, 11, 12),
    ),
    options: DOUBLE,
    text: 'Transform3D(1, 4, 7, 2, 5, 8, 3, 6, 9, 10, 11, 12)',
    roundTrip: false,
  },
  double_packed_vector3: {
    value: new PackedVector3Array([new Vector3(1, 2, 3), new Vector3(-0.5, 0.25, 8)]),
    options: DOUBLE,
    text: 'PackedVector3Array(1, 2, 3, -0.5, 0.25, 8)',
    roundTrip: false,
  },
  float_integral: { value: float(1), text: '1.0', roundTrip: true },
  int_2pow53_plus1: { value: 9007199254740993n, text: '9007199254740993', roundTrip: true },
  record_as_dictionary: {
    value: { b: 1, a: [float(2), new StringName('x')] },
    // var_to_str sorts keys; the bytes keep our order.
    text: '{\n"a": [2.0, &"x"],\n"b": 1\n}',
    roundTrip: true,
  },
  long_unicode_string: {
    value: 'ü✓🎮'.repeat(500),
    text: JSON.stringify('ü✓🎮'.repeat(500)),
    roundTrip: true,
  },
  // bytes_to_var takes 1024 levels, but var_to_str gives up after about 100 (with an error):
  // the round trip is the check here.
  arrays_nested_1024: {
    value: deep(1023),
    text: undefined,
    roundTrip: true,
    errors: ['ERROR: Max recursion reached', '   at: write (core/variant/variant_parser.cpp:2373)'],
  },
};

const hexOf = (value: Variant, options: EncodeOptions = {}): string => {
  const r = encodeVariant(value, { format: 'godot4', ...options });
  assert.equal(r.error, 0, r.reason);
  return Buffer.from(r.bytes).toString('hex');
};

test('bytes from our encoder: the engine decodes each value as meant', async (t) => {
  const fixture = readGodot4Variants();
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(GODOT4_CASES)) inputs[name] = hexOf(value);
  for (const [name, extra] of Object.entries(EXTRAS)) {
    inputs[`extra_${name}`] = hexOf(extra.value, extra.options);
  }
  const verdicts = await bytesToVarInEngine(inputs);
  const failed: string[] = [];
  for (const [name, hex] of Object.entries(inputs)) {
    const v = verdicts[name]!;
    const extra = name.startsWith('extra_') ? EXTRAS[name.slice(6)] : undefined;
    // Without objects, a typed Array[Node] comes back typed by EncodedObjectAsID.
    const text = extra
      ? extra.text
      : name === 'array_typed_node_empty'
        ? 'Array[EncodedObjectAsID]([])'
        : fixture.text[name];
    const want = { ok: true, used: hex.length / 2, text, roundTrip: extra?.roundTrip ?? true };
    const got = {
      ok: v.ok,
      used: v.used,
      text: text === undefined ? undefined : v.text,
      roundTrip: v.roundTrip,
    };
    try {
      assert.deepEqual(got, want, name);
      assert.deepEqual(v.errors, extra?.errors ?? [], `${name}: engine errors`);
    } catch (err) {
      failed.push(`${name}: ${(err as Error).message}`);
    }
  }
  t.diagnostic(`${Object.keys(inputs).length} values handed to the engine`);
  assert.deepEqual(failed, []);
});
