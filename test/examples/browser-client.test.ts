/**
 * examples/browser-client.html in real headless Chromium, as a user would run it: the page and
 * the bundle served side by side, the example echo server as the other end. A driver script
 * appended to the page fills in the URL and clicks the buttons, then reports the page's log.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoServer, startEchoServer } from '../../examples/echo-server.js';
import { test } from '../helpers/browser-test.js';
import { buildBundle } from '../helpers/bundle-page.js';
import { openChromiumPage } from '../helpers/chromium.js';

const root = join(import.meta.dirname, '..', '..', '..');

function driver(echoUrl: string): string {
  return `<script type="module">
const post = (v) => fetch('/report', { method: 'POST', body: JSON.stringify(v) });
const $ = (id) => document.getElementById(id);
const until = async (what, ok) => {
  const end = Date.now() + 10000;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 10));
  }
};
try {
  await until('the page script', () => typeof $('connect').onclick === 'function');
  $('url').value = ${JSON.stringify(echoUrl)};
  $('connect').click();
  await until('open', () => $('state').textContent === 'OPEN');
  $('send').click();
  await until('the text echo', () => $('log').textContent.includes('← text: Hello from the browser'));
  $('sendVar').click();
  await until('the Variant echo', () => /← \\d+ bytes/.test($('log').textContent));
  $('close').click();
  await until('closed', () => $('state').textContent === 'CLOSED');
  await post({ kind: 'done', log: $('log').textContent });
} catch (e) {
  await post({ kind: 'error', message: String(e), log: $('log').textContent });
}
</script>`;
}

test('Chromium: the example page connects to the example echo server, echoes text and a Variant, closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-example-'));
  const started = startEchoServer(0);
  assert.notEqual(typeof started, 'number');
  const echo = started as EchoServer;
  try {
    const bundle = buildBundle(dir);
    const html = readFileSync(join(root, 'examples', 'browser-client.html'), 'utf8');
    const page = await openChromiumPage(html + driver(`ws://127.0.0.1:${echo.port}/`), {
      '/godot-websocket.js': { contentType: 'text/javascript', body: readFileSync(bundle) },
    });
    try {
      const report = (await page.waitForReport('the driver', () => true, 30_000)) as {
        kind: string;
        message?: string;
        log: string;
      };
      assert.equal(report.kind, 'done', `${report.message}\n${report.log}`);
      const lines = report.log.trim().split('\n');
      assert.deepEqual(lines.slice(0, 3), [
        'open (subprotocol "")',
        '→ text: Hello from the browser',
        '← text: Hello from the browser',
      ]);
      assert.equal(lines[3], '→ Variant (Dictionary)');
      assert.match(lines[4] ?? '', /^← \d+ bytes: 27 0 0 0 2 0 0 0 /); // Godot 4 DICTIONARY (27), 2 entries
      assert.equal(lines.at(-1), 'closed: code 1000, reason "bye from the page"');
    } finally {
      await page.close();
    }
  } finally {
    echo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
