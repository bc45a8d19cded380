// The committed Godot 4 Variant fixture is what the real engine prints today, and it covers
// every Variant type except Object (whose bytes hold a per-run instance id).
import assert from 'node:assert/strict';
import { test } from '../../helpers/browser-test.js';
import { readGodot4Variants } from '../../helpers/godot4/variant-fixture.js';
import { captureVariants } from './variant-capture.js';

/** Godot 4 Variant.Type ids: NIL (0) … PACKED_VECTOR4_ARRAY (38); OBJECT is 24. */
const ALL_TYPES = Array.from({ length: 39 }, (_, i) => i);
const OBJECT = 24;

test('the fixture covers every Godot 4 Variant type but Object', () => {
  const fixture = readGodot4Variants();
  const covered = new Set(Object.values(fixture.types));
  assert.deepEqual(
    ALL_TYPES.filter((t) => !covered.has(t)),
    [OBJECT],
  );
  assert.deepEqual(Object.keys(fixture.types), Object.keys(fixture.variants));
  assert.deepEqual(Object.keys(fixture.text), Object.keys(fixture.variants));
  for (const [name, hex] of Object.entries(fixture.variants)) {
    assert.match(hex, /^([0-9a-f]{8})+$/, name); // whole 4-byte words
    assert.equal(Number.parseInt(hex.slice(0, 2), 16), fixture.types[name], name);
  }
});

test('re-running the capture in the engine gives the committed fixture', async (t) => {
  const begin = performance.now();
  const live = await captureVariants();
  const fixture = readGodot4Variants();
  assert.deepEqual(live.variants, fixture.variants);
  assert.deepEqual(live.types, fixture.types);
  assert.deepEqual(live.text, fixture.text);
  assert.equal(live.engine, fixture.engine);
  t.diagnostic(
    `capture of ${Object.keys(live.variants).length} values: ${Math.round(performance.now() - begin)} ms`,
  );
});
