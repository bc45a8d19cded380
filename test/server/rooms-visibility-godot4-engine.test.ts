// Real Godot 4.6 games (the Web engine in Chromium) in one room with visibility "groups": the
// server puts each game in the team its URL names (onConnect data → room.setGroup in
// peerJoined); each game meets only its team-mate (ADD_PEER), and its rpc() to everyone reaches
// only that mate. A game alone in its team sees only the server, which still reaches it.
import assert from 'node:assert/strict';
import { test } from '../helpers/browser-test.js';
import {
  expectLines,
  type Godot4Instance,
  loadScenario,
  startGodot4,
} from '../helpers/godot4/engine.js';
import { captureLog } from '../helpers/log.js';
import { startPolledRoomServer } from '../helpers/room-server-setup.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

test('real Godot 4 games, visibility "groups": each meets and reaches only its team-mate', {
  timeout: 150_000,
}, async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { server, url, driver } = await startPolledRoomServer(t, { visibility: 'groups' });
  server.onConnect = (request) => ({ data: { team: request.query.team ?? '' } });
  server.peerJoined.connect((name, id) => {
    const room = server.getRoom(name);
    const team = (room?.getPeerData(id) as { team: string } | undefined)?.team ?? '';
    room?.setGroup(id, team === '' ? null : team);
  });
  const greetings: string[] = [];
  server.peerPacket.connect((_room, from, bytes) =>
    greetings.push(`${from} ${decoder.decode(bytes)}`),
  );
  const plan = [
    ['R1', 'red'],
    ['B1', 'blue'],
    ['R2', 'red'],
    ['B2', 'blue'],
    ['G', 'green'], // alone in its team
  ] as const;
  const games: Record<string, Godot4Instance> = {};
  for (const [name, team] of plan) {
    games[name] = await startGodot4(loadScenario('rooms'), {
      vars: { URL: `${url('/match')}?team=${team}`, NAME: name },
    });
    t.after(() => games[name]?.kill());
  }
  t.after(() => {
    for (const [name, g] of Object.entries(games)) {
      t.diagnostic(`${name}:\n${g.lines.join('\n')}\n${g.errors.join('\n')}`);
    }
    t.diagnostic(`server: ${greetings.join('\n')}\n${log.lines.join('\n')}`);
  });
  const idOf = (name: string) =>
    Number(games[name]?.lines.find((l) => l.startsWith('connected '))?.split(' ')[1]);
  // The server admits a member before its game has read the id, so wait for each game's line.
  await driver.until(
    'five games know their ids',
    () => plan.every(([name]) => Number.isInteger(idOf(name))),
    90_000,
  );
  await driver.until('four greetings', () => greetings.length === 4, 90_000);
  await driver.until('five members', () => server.getRoom('/match')?.getPeers().length === 5);
  const [r1, b1, r2, b2, g] = plan.map(([name]) => idOf(name)) as number[];
  assert.deepEqual(
    greetings.sort(),
    [
      `${r1} greeted by R2 ${r2}`,
      `${r2} greeted by R1 ${r1}`,
      `${b1} greeted by B2 ${b2}`,
      `${b2} greeted by B1 ${b1}`,
    ].sort(),
  );
  server.getRoom('/match')?.sendBytes(0, encoder.encode('bye'));
  const results = await Promise.all(plan.map(([name]) => games[name]!.waitForExit(30_000)));
  const sorted = (...ids: number[]) => `[${ids.sort((x, y) => x - y).join(', ')}]`;
  const expected = (self: number, mate: number, mateName: string) => [
    'create_client 0',
    `connected ${self}`,
    `peers ${sorted(1, mate)}`,
    `hello from ${mateName} ${mate}`,
  ];
  expectLines(results[0]!.lines, expected(r1!, r2!, 'R2'), 'R1');
  expectLines(results[1]!.lines, expected(b1!, b2!, 'B2'), 'B1');
  expectLines(results[2]!.lines, expected(r2!, r1!, 'R1'), 'R2');
  expectLines(results[3]!.lines, expected(b2!, b1!, 'B1'), 'B2');
  expectLines(results[4]!.lines, ['create_client 0', `connected ${g}`], 'G');
  assert.deepEqual(
    results.map((r) => r.exitCode),
    [0, 0, 0, 0, 0],
  );
});
