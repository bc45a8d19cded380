// Real Godot 4.6 games (the Web engine in Chromium) in one room whose players sit on two
// cluster nodes (two RoomServers joined through a real redis-server): they see each other,
// rpc() each other with the right sender ids, and reach the room's home server.
import assert from 'node:assert/strict';
import { test } from '../../helpers/browser-test.js';
import { startInProcessCluster } from '../../helpers/cluster-in-process.js';
import {
  expectLines,
  type Godot4Instance,
  loadScenario,
  startGodot4,
} from '../../helpers/godot4/engine.js';
import { captureLog } from '../../helpers/log.js';
import { redisSkip } from '../../helpers/redis-server.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

test('real Godot 4 games on two cluster nodes share a room: rpc() across nodes, greetings reach the home', {
  timeout: 120_000,
  skip: redisSkip(),
}, async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const nodes = await startInProcessCluster(t, ['n1', 'n2']);
  const [home, edge] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  const greetings: string[] = [];
  home.server.peerPacket.connect((room, from, bytes) =>
    greetings.push(`${room} ${from} ${decoder.decode(bytes)}`),
  );
  const games: Record<string, Godot4Instance> = {};
  // G1 joins the first node (which becomes the room's home), then G2 the second.
  for (const [name, node] of [
    ['G1', home],
    ['G2', edge],
  ] as const) {
    games[name] = await startGodot4(loadScenario('rooms'), {
      vars: { URL: node.url('/shared'), NAME: name },
    });
    t.after(() => games[name]?.kill());
    await home.driver.until(
      `${name} to join`,
      () => (home.server.getRoom('/shared')?.getPeers().length ?? 0) >= (name === 'G1' ? 1 : 2),
      60_000,
    );
  }
  t.after(() => {
    for (const [name, g] of Object.entries(games)) {
      t.diagnostic(`${name}:\n${g.lines.join('\n')}\n${g.errors.join('\n')}`);
    }
    t.diagnostic(`home: ${greetings.join('\n')}\n${log.lines.join('\n')}`);
  });
  const idOf = (name: string) =>
    Number(games[name]?.lines.find((l) => l.startsWith('connected '))?.split(' ')[1]);
  // A game's console lines reach the test on their own path: wait for both ids as well.
  await home.driver.until(
    'two greetings and both ids',
    () => greetings.length === 2 && Number.isInteger(idOf('G1')) && Number.isInteger(idOf('G2')),
    60_000,
  );
  const [g1, g2] = [idOf('G1'), idOf('G2')];
  assert.deepEqual(
    greetings.sort(),
    [`/shared ${g1} greeted by G2 ${g2}`, `/shared ${g2} greeted by G1 ${g1}`].sort(),
  );
  assert.equal(edge.server.getRoom('/shared'), undefined, 'the room lives on its home only');
  assert.deepEqual(edge.node.forwardedConnections(), { edge: 1, home: 0 });
  home.server.getRoom('/shared')?.sendBytes(0, encoder.encode('bye'));
  const [r1, r2] = await Promise.all([
    games.G1!.waitForExit(30_000),
    games.G2!.waitForExit(30_000),
  ]);
  const sorted = (...ids: number[]) => `[${ids.sort((x, y) => x - y).join(', ')}]`;
  expectLines(
    r1.lines,
    ['create_client 0', `connected ${g1}`, `peers ${sorted(1, g2)}`, `hello from G2 ${g2}`],
    'G1',
  );
  expectLines(
    r2.lines,
    ['create_client 0', `connected ${g2}`, `peers ${sorted(1, g1)}`, `hello from G1 ${g1}`],
    'G2',
  );
  assert.deepEqual([r1.exitCode, r2.exitCode], [0, 0]);
});
