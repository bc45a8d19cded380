// Real Godot 4.6 games (the Web engine in Chromium) in two rooms of one RoomServer: each sees
// only its own room's players, rpc() stays inside the room, a refused join fails the game's
// connection (connection_failed), and the server's own bytes reach one room only.
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

test('real Godot 4 games in two rooms: each sees only its room-mate; rpc and send_bytes stay in the room', {
  timeout: 120_000,
}, async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { server, url, driver } = await startPolledRoomServer(t, {
    rooms: 'fixed',
    fixedRooms: [
      { name: '/alpha', capacity: 2 },
      { name: '/beta', capacity: 2 },
    ],
  });
  const joined: string[] = [];
  const greetings: string[] = [];
  server.peerJoined.connect((room, id) => joined.push(`${room} ${id}`));
  server.peerPacket.connect((room, from, bytes) =>
    greetings.push(`${room} ${from} ${decoder.decode(bytes)}`),
  );

  const plan = [
    ['A1', '/alpha'],
    ['A2', '/alpha'],
    ['B1', '/beta'],
    ['B2', '/beta'],
    ['X', '/nowhere'], // not a room of this server: refused with 404 in the handshake
  ] as const;
  const games: Record<string, Godot4Instance> = {};
  for (const [name, room] of plan) {
    games[name] = await startGodot4(loadScenario('rooms'), {
      vars: { URL: url(room), NAME: name },
    });
    t.after(() => games[name]?.kill());
  }
  t.after(() => {
    for (const [name, g] of Object.entries(games)) {
      t.diagnostic(`${name}:\n${g.lines.join('\n')}\n${g.errors.join('\n')}`);
    }
    t.diagnostic(`server: ${joined.join(', ')}\n${greetings.join('\n')}\n${log.lines.join('\n')}`);
  });

  const connectedLine = (name: string) =>
    games[name]?.lines.find((l) => l.startsWith('connected '));
  // A game's console lines reach the test on their own path: wait for each game's id as well.
  const players = ['A1', 'A2', 'B1', 'B2'];
  await driver.until(
    'four greetings and four ids',
    () => greetings.length === 4 && players.every((n) => connectedLine(n) !== undefined),
    60_000,
  );
  const idOf = (name: string) => Number(connectedLine(name)?.split(' ')[1]);
  const [a1, a2, b1, b2] = players.map(idOf) as [number, number, number, number];
  assert.notEqual(a1, a2);
  assert.notEqual(b1, b2);
  assert.deepEqual(
    greetings.sort(),
    [
      `/alpha ${a1} greeted by A2 ${a2}`,
      `/alpha ${a2} greeted by A1 ${a1}`,
      `/beta ${b1} greeted by B2 ${b2}`,
      `/beta ${b2} greeted by B1 ${b1}`,
    ].sort(),
  );
  assert.deepEqual(
    server.getRooms().map((r) => [r.name, r.getPeers().sort()]),
    [
      ['/alpha', [a1, a2].sort()],
      ['/beta', [b1, b2].sort()],
    ],
  );

  // The server's bytes to one room end that room's games only; then the other room's.
  server.getRoom('/alpha')?.sendBytes(0, encoder.encode('bye'));
  const [ra1, ra2] = await Promise.all([
    games.A1!.waitForExit(30_000),
    games.A2!.waitForExit(30_000),
  ]);
  assert.equal(games.B1?.exited, false);
  server.getRoom('/beta')?.sendBytes(0, encoder.encode('bye'));
  const [rb1, rb2, rx] = await Promise.all([
    games.B1!.waitForExit(30_000),
    games.B2!.waitForExit(30_000),
    games.X!.waitForExit(30_000),
  ]);
  const sorted = (...ids: number[]) => `[${ids.sort((x, y) => x - y).join(', ')}]`;
  const expected = (self: number, mate: number, mateName: string) => [
    'create_client 0',
    `connected ${self}`,
    `peers ${sorted(1, mate)}`,
    `hello from ${mateName} ${mate}`,
  ];
  expectLines(ra1.lines, expected(a1, a2, 'A2'), 'A1');
  expectLines(ra2.lines, expected(a2, a1, 'A1'), 'A2');
  expectLines(rb1.lines, expected(b1, b2, 'B2'), 'B1');
  expectLines(rb2.lines, expected(b2, b1, 'B1'), 'B2');
  expectLines(rx.lines, ['create_client 0', 'connection_failed'], 'X');
  assert.deepEqual(
    [ra1, ra2, rb1, rb2, rx].map((r) => r.exitCode),
    [0, 0, 0, 0, 1],
  );
  assert.equal(server.stats.refused.get('unknown-room'), 1);
});
