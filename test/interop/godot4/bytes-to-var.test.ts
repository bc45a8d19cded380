// The engine's bytes_to_var as a checker: the committed Variant fixture decodes and re-encodes
// exactly, and the engine's verdicts on hostile bytes are still the committed ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from '../../helpers/browser-test.js';
import { bytesToVarInEngine } from '../../helpers/godot4/bytes-to-var.js';
import { readGodot4Variants } from '../../helpers/godot4/variant-fixture.js';
import {
  captureHostileVerdicts,
  HOSTILE_FIXTURE,
  type HostileFixture,
} from './hostile-variants.js';

test('every captured value decodes in the engine and re-encodes to the same bytes', async () => {
  const fixture = readGodot4Variants();
  const verdicts = await bytesToVarInEngine(fixture.variants);
  for (const [name, v] of Object.entries(verdicts)) {
    assert.equal(v.ok, true, name);
    assert.equal(v.roundTrip, true, name);
    assert.equal(v.used, fixture.variants[name]!.length / 2, name);
    assert.deepEqual(v.errors, [], name);
    // Without objects, a typed Array[Node] comes back typed by EncodedObjectAsID.
    const expected =
      name === 'array_typed_node_empty' ? 'Array[EncodedObjectAsID]([])' : fixture.text[name];
    assert.equal(v.text, expected, name);
  }
});

test('the engine still gives the committed verdicts on hostile bytes', async () => {
  const committed = JSON.parse(readFileSync(HOSTILE_FIXTURE, 'utf8')) as HostileFixture;
  const live = await captureHostileVerdicts();
  assert.deepEqual(live.cases, committed.cases);
  const rejected = Object.entries(live.cases).filter(([, c]) => c.verdict === 'REJECT');
  assert.ok(rejected.length > 20);
});
