// scripts/api-docs.js: an API reference page per package entry, made from the doc comments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

test('every entry gets a page; classes carry their doc comments and members', () => {
  const out = mkdtempSync(join(tmpdir(), 'gw-api-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'api-docs.js'), '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const index = readFileSync(join(out, 'README.md'), 'utf8');
    for (const page of ['index.md', 'godot3.md', 'protocol.md', 'browser.md']) {
      assert.match(index, new RegExp(`\\]\\(${page}\\)`), page);
    }
    const main = readFileSync(join(out, 'index.md'), 'utf8');
    assert.match(main, /^# `godot-websocket`$/m);
    // A class: its doc comment as text, its members with theirs in the declaration block.
    assert.match(main, /^## TCPServer\n\nGodot's `TCPServer` over `node:net`/m);
    assert.match(main, /getLastError\(\): LastError \| null;/);
    assert.match(main, /^## GodotError$/m);
    assert.match(
      main,
      /^## Godot3WebSocketPeer\n\n\(`WebSocketPeer`, exported as `Godot3WebSocketPeer`\)/m,
    );
    assert.doesNotMatch(main, /#private/);
    // Every section has its declaration (a name that could not be found would have none).
    const sections = main.split('\n## ').slice(1);
    assert.ok(sections.length > 80, `${sections.length} names`);
    assert.deepEqual(
      sections.filter((s) => !s.includes('```ts')).map((s) => s.split('\n')[0]),
      [],
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
