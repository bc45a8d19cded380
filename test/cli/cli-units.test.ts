// The CLI's pure pieces: Variant text, close descriptions, the status page's HTML, stats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeClose } from '../../src/cli/describe-close.js';
import { formatBytes, formatDuration, ServeStats } from '../../src/cli/serve-stats.js';
import { escapeHtml, renderStatusPage, statusPageHook } from '../../src/cli/status-page.js';
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

test('status page: escaped addresses, counters, the hook lets upgrades through', () => {
  const stats = new ServeStats();
  stats.joined(7, '<b>&"\'');
  stats.received(10);
  const html = renderStatusPage(stats, { mode: 'echo', url: 'ws://x/' });
  assert.match(html, /<td>&#60;b&#62;&#38;&#34;&#39;<\/td>/);
  assert.ok(!html.includes('<b>&'));
  assert.match(html, /<td id="bytes">10 \(10 B\)<\/td>/);
  assert.equal(escapeHtml('a<b'), 'a&#60;b');
  const hook = statusPageHook(stats, { mode: 'echo', url: 'ws://x/' });
  const request = (path: string, headers: [string, string][]) => ({
    method: 'GET',
    path,
    version: 'HTTP/1.1',
    headers: new Map(headers),
  });
  assert.equal(hook(request('/', [['upgrade', 'WebSocket']])), undefined);
  assert.equal(hook(request('/?x=1', []))?.status, 200);
  assert.equal(hook(request('/favicon.ico', []))?.status, 404);
});

test('stats: rates per second, byte and duration formats', () => {
  const stats = new ServeStats();
  const t0 = Math.ceil(performance.now()) + 1; // whole ms: (t0 + 2000) - t0 is exactly 2000
  stats.sample(t0);
  stats.received(1000);
  stats.received(1048);
  stats.sample(t0 + 2000);
  assert.equal(stats.messageRate, 1);
  assert.equal(stats.byteRate, 1024);
  assert.equal(stats.statusLine(), '0 peers · 1 msg/s · 1.0 KiB/s');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
  assert.equal(formatDuration(3725_000), '1h 2m 5s');
  assert.equal(formatDuration(65_000), '1m 5s');
});
