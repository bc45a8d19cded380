// Real Godot 3.2.3 games in two rooms of `godot-ws serve --mode godot3`: each pair sees only its
// own room (network_peer_connected), rpc_id and rpc stay inside the room, and the dashboard's
// /status.json shows the two rooms apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGet, startServe } from '../helpers/cli.js';
import { godot3Available } from '../helpers/godot3.js';
import { assertOnlyMates, numberAfter, startScript } from '../websocket/godot3/gd3-run.js';
import { mpClientScript } from '../websocket/godot3/gd3-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';

test('real Godot 3.2.3 games in two rooms of serve --mode godot3: rpc stays in each room', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const { cli, url, port } = await startServe(['--mode', 'godot3'], 60_000);
  t.after(() => cli.kill());
  const games = {
    a1: startScript(mpClientScript(`${url}alpha`, 'A'), 40_000),
    a2: startScript(mpClientScript(`${url}alpha`, 'B'), 40_000),
    b1: startScript(mpClientScript(`${url}beta`, 'A'), 40_000),
    b2: startScript(mpClientScript(`${url}beta`, 'B'), 40_000),
  };
  t.after(() => {
    for (const g of Object.values(games)) g.kill();
  });
  for (const g of Object.values(games)) await g.waitForLine(/^OK \d+/, 15_000);
  const id = (name: keyof typeof games) => numberAfter(games[name].lines, 'OK ');
  const [a1, a2, b1, b2] = [id('a1'), id('a2'), id('b1'), id('b2')];
  // In each room: A's rpc_id reaches B, B's rpc to everyone reaches A.
  await games.a2.waitForLine(new RegExp(`^HELLO ${a1} from A$`), 10_000);
  await games.a1.waitForLine(new RegExp(`^SHOUT ${a2} from B$`), 10_000);
  await games.b2.waitForLine(new RegExp(`^HELLO ${b1} from A$`), 10_000);
  await games.b1.waitForLine(new RegExp(`^SHOUT ${b2} from B$`), 10_000);
  const status = JSON.parse((await httpGet(port, '/status.json')).body) as {
    rooms: { name: string; peers: number[] }[];
  };
  const rooms = Object.fromEntries(status.rooms.map((r) => [r.name, [...r.peers].sort()]));
  assert.deepEqual(rooms, { '/alpha': [a1, a2].sort(), '/beta': [b1, b2].sort() });
  cli.signal('SIGTERM');
  const result = await cli.exited;
  assert.equal(result.code, 0, result.stderr);
  // No game ever saw a player of the other room.
  assertOnlyMates(games, [
    ['a1', a2],
    ['a2', a1],
    ['b1', b2],
    ['b2', b1],
  ]);
});
