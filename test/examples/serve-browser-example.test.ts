/**
 * examples/serve-browser-example.ts serves examples/browser-client.html and the browser bundle;
 * the page imports only names the browser entry has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExampleServer } from '../../examples/serve-browser-example.js';
import * as browser from '../../src/index.browser.js';

test('the example server hands out the page and the bundle; the page imports names the browser entry has', async () => {
  const server = await startExampleServer(0);
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    const page = await fetch(`${origin}/`, { signal: AbortSignal.timeout(5000) });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    const imported = /import \{([^}]*)\} from '\.\/godot-websocket\.js'/.exec(html);
    assert.ok(imported?.[1], 'the page imports ./godot-websocket.js');
    for (const name of imported[1].split(',').map((n) => n.trim())) {
      assert.ok(name in browser, `the browser entry has ${name}`);
    }
    const bundle = await fetch(`${origin}/godot-websocket.js`, {
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(await bundle.text(), /WebSocketPeer/);
    const missing = await fetch(`${origin}/nothing`, { signal: AbortSignal.timeout(5000) });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.stop();
  }
});
