// Issue 9, scenario 3 (Node side): every value the real Godot 4.6 engine printed with
// var_to_bytes (test/fixtures/godot4-variants.json) decodes with our decoder into the value
// written by hand in godot4-cases.ts, and our encoder gives back the same bytes (NodePath
// padding aside: Godot leaves it uninitialized). Runs without the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readGodot4Variants } from '../../helpers/godot4/variant-fixture.js';
import { assertGodotBytes, hex } from '../../helpers/variant.js';
import { GODOT4_CASES } from './godot4-cases.js';

const fixture = readGodot4Variants();

test('every fixture value has a hand-written case, and no case is left over', () => {
  assert.deepEqual(Object.keys(GODOT4_CASES), Object.keys(fixture.variants));
});

for (const [name, bytes] of Object.entries(fixture.variants)) {
  test(`Godot 4 var_to_bytes: ${name} (${fixture.text[name]?.split('\n').join(' ')})`, () => {
    assert.ok(name in GODOT4_CASES, `no case for ${name}`);
    assertGodotBytes(hex(bytes), GODOT4_CASES[name], { format: 'godot4' });
  });
}
