// Issue 9, scenario 3 (hostile bytes): the real Godot 4.6 engine's bytes_to_var verdicts on
// malformed input (test/fixtures/godot4-hostile-variants.json; the engine re-checks them live in
// test/interop/godot4/bytes-to-var.test.ts) against our decoder: what the engine rejects we
// reject, what it accepts we accept, using as many bytes. Runs without the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import {
  type ContainerType,
  TypedArray,
  TypedDictionary,
} from '../../../src/core/variant/containers.js';
import { decodeVariant } from '../../../src/core/variant/decode.js';
import { Vector2 } from '../../../src/core/variant/math-types.js';
import { EncodedObjectAsID, float, StringName } from '../../../src/core/variant/value-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';
import { hex } from '../../helpers/variant.js';

const builtin = (type: number): ContainerType => ({ kind: 'builtin', type });

interface HostileCase {
  why: string;
  hex: string;
  verdict: 'ACCEPT' | 'REJECT';
  used?: number;
  text?: string;
}

const cases = (
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'godot4-hostile-variants.json'), 'utf8'),
  ) as { cases: Record<string, HostileCase> }
).cases;

/**
 * What we decode the accepted inputs to. Where the engine's value differs, the comment says how
 * (the engine's var_to_str is in the fixture).
 */
const ACCEPTED_VALUES: Record<string, Variant> = {
  string_nul_inside: 'a', // cut at the NUL, as the engine does
  vector2_64bit_flag: new Vector2(1, 2),
  object_as_id: new EncodedObjectAsID(1n),
  // Engine: null. We keep the id so the bytes re-encode unchanged (documented in value-types).
  object_as_id_0: new EncodedObjectAsID(0n),
  array_count_bit31: [],
  dictionary_count_bit31: new Map([[1, 2]]),
  // Engine: Array[int]([]) (push_back refuses the String, with an error). We keep the element.
  array_typed_wrong_element: new TypedArray(builtin(2), ['a']),
  dictionary_duplicate_key: new Map([[1, 20]]), // the last value wins, as in the engine
  // Typed containers holding other types: we keep every element as sent (a lossless transport
  // codec); the engine converts or drops them (its var_to_str in the fixture says how).
  // Engine: Array[float]([1.0, 2.5]).
  array_typed_float_holding_int: new TypedArray(builtin(3), [1, 2.5]),
  // Engine: Array[int]([1, 2]).
  array_typed_int_holding_float: new TypedArray(builtin(2), [float(1), 2]),
  // Engine: Array[int]([1]).
  array_typed_int_holding_bool: new TypedArray(builtin(2), [true]),
  // Engine: Array[int]([3]) (the null is dropped, with an error).
  array_typed_int_holding_null: new TypedArray(builtin(2), [null, 3]),
  // Engine: Array[StringName]([&"a"]).
  array_typed_string_name_holding_string: new TypedArray(builtin(21), ['a']),
  // Engine: Array[String](["b"]).
  array_typed_string_holding_string_name: new TypedArray(builtin(4), [new StringName('b')]),
  // Engine: Array[EncodedObjectAsID]([null]) (the int is dropped, with an error).
  array_typed_class_holding_int: new TypedArray({ kind: 'class', className: 'Node' }, [null, 5]),
  // Engine: Dictionary[String, int]({"k": 3}) (the int key is dropped, with an error).
  dictionary_typed_bad_key: new TypedDictionary(
    builtin(4),
    builtin(2),
    new Map<Variant, Variant>([
      [1, 2],
      ['k', 3],
    ]),
  ),
  // Engine: the same (a value of the wrong type is kept).
  dictionary_typed_bad_value: new TypedDictionary(builtin(4), builtin(2), new Map([['k', 'v']])),
  // Engine: the same (the int stays an int).
  dictionary_typed_float_holding_int: new TypedDictionary(
    builtin(4),
    builtin(3),
    new Map([['k', 7]]),
  ),

  trailing_bytes: 1,
  header_unknown_flags: 1,
  nil_with_payload: null,
};

test('the hostile fixture has both verdicts', () => {
  const verdicts = Object.values(cases).map((c) => c.verdict);
  assert.ok(verdicts.filter((v) => v === 'REJECT').length > 20);
  assert.ok(verdicts.filter((v) => v === 'ACCEPT').length > 10);
});

for (const [name, c] of Object.entries(cases)) {
  test(`hostile Godot 4 bytes: ${name} (${c.why}): engine ${c.verdict}, we agree`, () => {
    const r = decodeVariant(hex(c.hex), { format: 'godot4' });
    if (c.verdict === 'REJECT') {
      assert.notEqual(r.error, Error.OK, `we accepted what the engine rejects: ${name}`);
      assert.notEqual(r.error, Error.ERR_BUG, r.reason);
      assert.equal(r.value, null);
      return;
    }
    assert.equal(r.error, Error.OK, `we rejected what the engine accepts: ${r.reason}`);
    assert.equal(r.length, c.used, 'bytes used');
    if (name.startsWith('array_nested_')) {
      let depth = 0;
      for (let v: Variant = r.value; Array.isArray(v); v = v[0]) depth++;
      assert.equal(depth, Number(name.slice('array_nested_'.length)));
      return;
    }
    assert.ok(name in ACCEPTED_VALUES, `no expected value for ${name}`);
    assert.deepEqual(r.value, ACCEPTED_VALUES[name]);
  });
}
