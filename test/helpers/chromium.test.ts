import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from './browser-test.js';
import { openChromiumPage, pidsWithMarker } from './chromium.js';

test('a page that never reports: the wait times out, close() leaves no Chromium process or profile', async () => {
  const page = await openChromiumPage('<!doctype html><title>silent</title><p>nothing to say');
  try {
    assert.ok(pidsWithMarker(page.profileDir).length > 0, 'Chromium is running');
    await assert.rejects(
      page.waitForReport('a report that never comes', () => true, 1500),
      /timed out after 1500 ms/,
    );
  } finally {
    await page.close();
  }
  assert.deepEqual(pidsWithMarker(page.profileDir), []);
  assert.equal(existsSync(page.profileDir), false);
});

test('the page server hands out files and collects POSTed reports in order', async () => {
  const html = `<!doctype html><script type="module">
    import { n } from '/n.js';
    for (const i of [n, n + 1]) await fetch('/report', { method: 'POST', body: JSON.stringify({ i }) });
  </script>`;
  const page = await openChromiumPage(html, {
    '/n.js': { contentType: 'text/javascript', body: 'export const n = 41;' },
  });
  try {
    await page.waitForReport('the second report', (r) => (r as { i?: number }).i === 42);
    assert.deepEqual(page.reports, [{ i: 41 }, { i: 42 }]);
  } finally {
    await page.close();
  }
});
