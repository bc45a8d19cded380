// Bytes captured from Godot 3.2.3's var2bytes (test/fixtures/godot3-var2bytes.tsv, made by
// godot3-var2bytes.gd; refresh with UPDATE_FIXTURES=1). Runs without the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGodotBytes, hex } from '../../helpers/variant.js';
import { godot3Cases } from './godot3-cases.js';

const file = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'godot3-var2bytes.tsv',
);
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => l.split('\t'));

test('the fixture covers every case', () => {
  assert.deepEqual(
    rows.map(([gd]) => gd),
    godot3Cases.map((c) => c.gd),
  );
});

for (const [gd = '', bytes = ''] of rows) {
  const c = godot3Cases.find((x) => x.gd === gd);
  test(`Godot 3 var2bytes(${gd})`, () => {
    assert.ok(c, `no case for ${gd}`);
    assertGodotBytes(hex(bytes), c.value, { format: 'godot3', objects: c.objects ?? false });
  });
}
