// Real Godot 3.2.3 games in one room of `godot-ws serve --mode godot3 --visibility groups`, in
// two teams by ?team= (a script puts them in groups): each sees only its team-mate
// (network_peer_connected), and rpc_id / rpc reach only that mate.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServe } from '../helpers/cli.js';
import { godot3Available } from '../helpers/godot3.js';
import { REPO_ROOT } from '../helpers/godot4/scenario.js';
import { assertOnlyMates, numberAfter, startScript } from '../websocket/godot3/gd3-run.js';
import { mpClientScript } from '../websocket/godot3/gd3-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
const TEAMS = join(REPO_ROOT, 'test', 'fixtures', 'scripts', 'teams.mjs');

test('real Godot 3.2.3 games, visibility "groups": each meets and reaches only its team-mate', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const { cli, url } = await startServe(
    ['--mode', 'godot3', '--visibility', 'groups', '--script', TEAMS],
    60_000,
  );
  t.after(() => cli.kill());
  const games = {
    r1: startScript(mpClientScript(`${url}match?team=red`, 'A'), 40_000),
    u1: startScript(mpClientScript(`${url}match?team=blue`, 'A'), 40_000),
    r2: startScript(mpClientScript(`${url}match?team=red`, 'B'), 40_000),
    u2: startScript(mpClientScript(`${url}match?team=blue`, 'B'), 40_000),
  };
  t.after(() => {
    for (const g of Object.values(games)) g.kill();
  });
  for (const g of Object.values(games)) await g.waitForLine(/^OK \d+/, 15_000);
  const id = (name: keyof typeof games) => numberAfter(games[name].lines, 'OK ');
  const [r1, u1, r2, u2] = [id('r1'), id('u1'), id('r2'), id('u2')];
  await games.r2.waitForLine(new RegExp(`^HELLO ${r1} from A$`), 10_000);
  await games.r1.waitForLine(new RegExp(`^SHOUT ${r2} from B$`), 10_000);
  await games.u2.waitForLine(new RegExp(`^HELLO ${u1} from A$`), 10_000);
  await games.u1.waitForLine(new RegExp(`^SHOUT ${u2} from B$`), 10_000);
  cli.signal('SIGTERM');
  const result = await cli.exited;
  assert.equal(result.code, 0, result.stderr);
  assertOnlyMates(games, [
    ['r1', r2],
    ['r2', r1],
    ['u1', u2],
    ['u2', u1],
  ]);
});
