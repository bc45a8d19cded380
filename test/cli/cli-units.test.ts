// The CLI's pure pieces: Variant text, close descriptions, the status page's HTML, stats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsoleOutput } from '../../src/cli/console-output.js';
import { describeClose } from '../../src/cli/describe-close.js';
import { ServeLog } from '../../src/cli/serve-log.js';
import { formatBytes } from '../../src/cli/units.js';
import { toHex, variantToText } from '../../src/cli/variant-text.js';
import { decodeVariant } from '../../src/core/variant/decode.js';
import { encodeVariant } from '../../src/core/variant/encode.js';
import { Vector2, Vector3i } from '../../src/core/variant/math-types.js';
import { GodotFloat, NodePath, StringName } from '../../src/core/variant/value-types.js';

test('variantToText: GDScript-like one-liners', () => {
  assert.equal(variantToText(null), 'null');
  assert.equal(variantToText('a"b'), '"a\\"b"');
  assert.equal(variantToText(new GodotFloat(2)), '2.0');
  assert.equal(variantToText(new Vector2(1, 2.5)), 'Vector2(1, 2.5)');
  assert.equal(variantToText(new StringName('n')), '&"n"');
  assert.equal(variantToText(new NodePath('a/b')), '^"a/b"');
  assert.equal(variantToText(Uint8Array.of(1, 2)), 'PackedByteArray(1, 2)');
  assert.equal(
    variantToText(new Map<unknown, unknown>([['k', [1, true]]]) as never),
    '{"k": [1, true]}',
  );
  const round = decodeVariant(encodeVariant([new Vector3i(1, 2, 3), 10n ** 18n], {}).bytes);
  assert.equal(variantToText(round.value), '[Vector3i(1, 2, 3), 1000000000000000000]');
  assert.equal(toHex(Uint8Array.of(0, 255, 16)), '00ff10');
});

test('describeClose', () => {
  assert.equal(describeClose(-1, ''), 'dropped without a close frame');
  assert.equal(describeClose(0, ''), 'close without a status code');
  assert.equal(describeClose(1000, ''), 'close 1000');
  assert.equal(describeClose(4000, 'bye\0'), 'close 4000 "bye"');
});

test('ServeLog: event lines as text or JSON; past 50 a second only a count', () => {
  const lines: string[] = [];
  const out = { line: (text: string) => lines.push(text) } as unknown as ConsoleOutput;
  const text = new ServeLog(out, 'text');
  text.joined('/lobby', 7, '127.0.0.1:5');
  text.left('/lobby', 7, '127.0.0.1:5', 4000, 'bye\0');
  text.refused('10.0.0.1:9', 403, 'room /duel is full');
  assert.deepEqual(lines, [
    '/lobby: peer 7 joined from 127.0.0.1:5',
    '/lobby: peer 7 left (127.0.0.1:5): close 4000 "bye"',
    'refused 10.0.0.1:9: 403 room /duel is full',
  ]);
  lines.length = 0;
  const json = new ServeLog(out, 'json');
  for (let i = 0; i < 1000; i++) json.joined('/r', i, 'a');
  assert.equal(lines.length, 50);
  assert.deepEqual(Object.keys(JSON.parse(lines[0] ?? '{}')), [
    'time',
    'event',
    'room',
    'id',
    'address',
  ]);
  json.flush(true);
  assert.equal(lines.length, 51);
  assert.deepEqual(
    { ...JSON.parse(lines[50] ?? '{}'), time: 0 },
    { time: 0, event: 'suppressed', join: 950 },
  );
});

test('ServeLog with events off (--log-level error): no event lines, notices still', () => {
  const lines: string[] = [];
  const out = { line: (text: string) => lines.push(text) } as unknown as ConsoleOutput;
  const quiet = new ServeLog(out, 'text', false);
  quiet.joined('/lobby', 7, '127.0.0.1:5');
  quiet.left('/lobby', 7, '127.0.0.1:5', 1000, '');
  quiet.refused('10.0.0.1:9', 403, 'full');
  quiet.room('/lobby', true);
  quiet.notice('godot-ws serve: stopped');
  quiet.flush(true);
  assert.deepEqual(lines, ['godot-ws serve: stopped']);
});

test('formatBytes', () => {
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(12), '12 B');
});
