// Issue 9, scenario 3 (hostile bytes): the real Godot 4.6 engine's bytes_to_var verdicts on
// malformed input (test/fixtures/godot4-hostile-variants.json; the engine re-checks them live in
// test/interop/godot4/bytes-to-var.test.ts) against our decoder: what the engine rejects we
// reject, what it accepts we accept, using as many bytes. Runs without the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { TypedArray } from '../../../src/core/variant/containers.js';
import { decodeVariant } from '../../../src/core/variant/decode.js';
import { Vector2 } from '../../../src/core/variant/math-types.js';
import { EncodedObjectAsID } from '../../../src/core/variant/value-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';
import { hex } from '../../helpers/variant.js';

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
  array_typed_wrong_element: new TypedArray({ kind: 'builtin', type: 2 }, ['a']),
  dictionary_duplicate_key: new Map([[1, 20]]), // the last value wins, as in the engine
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
