// The README's path: `godot-ws serve` with no flags (what `npm start` runs) and a real Godot 4.6
// game (the web engine in Chromium) running examples/godot4-game.gd as it is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/browser-test.js';
import { startServe } from '../helpers/cli.js';
import { startGodot4 } from '../helpers/godot4/engine.js';
import { REPO_ROOT, scenarioFromScript } from '../helpers/godot4/scenario.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';

test('a real Godot 4 game (examples/godot4-game.gd) joins godot-ws serve, meets a peer, gets its bytes', {
  timeout: 60_000,
}, async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { cli, url } = await startServe([], 60_000);
  t.after(() => cli.kill());
  const script = readFileSync(join(REPO_ROOT, 'examples', 'godot4-game.gd'), 'utf8');
  assert.ok(script.includes('"ws://127.0.0.1:9080"'));
  const game = await startGodot4(
    scenarioFromScript('cli-godot4-game', script.replace('ws://127.0.0.1:9080', url.slice(0, -1))),
  );
  t.after(() => game.kill());
  const joined = await game.waitForLine(/^joined as \d+$/, 30_000);
  const gameId = Number(joined.split(' ')[2]);
  await cli.waitForLine(new RegExp(`^/: peer ${gameId} joined from `));
  const node = new Godot4SceneClient();
  t.after(() => node.close());
  assert.equal(node.connect(url), 0);
  await pollUntil(
    'the node client to see the game',
    () => node.connectedPeers.has(gameId),
    () => node.poll(),
    10_000,
  );
  await game.waitForLine(new RegExp(`^peer ${node.getUniqueId()} is here$`), 10_000);
  assert.equal(node.sendBytes(new TextEncoder().encode('hi from Node'), gameId), 0);
  await game.waitForLine(new RegExp(`^bytes from ${node.getUniqueId()}: hi from Node$`), 10_000);
  cli.signal('SIGTERM');
  await game.waitForLine(/^server left$/, 10_000);
  const result = await cli.exited;
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    new RegExp(`/: peer ${gameId} left \\([^)]+\\): close 1001 "server shutting down"`),
  );
});
