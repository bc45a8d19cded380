import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomServer } from '../../src/server/room-server.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const enc = new TextEncoder();

function peersOf(client: Godot4SceneClient): number[] {
  return [...client.connectedPeers].sort((a, b) => a - b);
}

async function settle(server: RoomServer, clients: Godot4SceneClient[], done: () => boolean) {
  await pollUntil('the rooms to settle', done, pumpAll(server, clients));
}

test('godot4 rooms: each client sees only its own room, and packets stay inside it', async (t) => {
  const { server, url } = await startRoomServer();
  t.after(() => server.close());
  const log: string[] = [];
  server.roomCreated.connect((room) => log.push(`created ${room}`));
  server.peerJoined.connect((room, id) => log.push(`joined ${room} ${id}`));
  server.peerPacket.connect((room, from, bytes) =>
    log.push(`packet ${room} ${from} ${new TextDecoder().decode(bytes)}`),
  );

  const a1 = await joinRoom(server, url('/match/alpha'));
  const a2 = await joinRoom(server, url('/match/alpha'), [a1]);
  const b1 = await joinRoom(server, url('/match/beta'), [a1, a2]);
  const b2 = await joinRoom(server, url('/Match/Beta/'), [a1, a2, b1]); // same room, folded
  const all = [a1, a2, b1, b2];
  await settle(server, all, () => all.every((c) => c.connectedPeers.size === 2));

  // Each sees the server (1) and its room-mate, never the other room.
  assert.deepEqual(
    peersOf(a1),
    [1, a2.getUniqueId()].sort((x, y) => x - y),
  );
  assert.deepEqual(
    peersOf(a2),
    [1, a1.getUniqueId()].sort((x, y) => x - y),
  );
  assert.deepEqual(
    peersOf(b1),
    [1, b2.getUniqueId()].sort((x, y) => x - y),
  );
  assert.deepEqual(
    peersOf(b2),
    [1, b1.getUniqueId()].sort((x, y) => x - y),
  );
  assert.deepEqual(
    server.getRooms().map((r) => [r.name, r.getPeers().length]),
    [
      ['/match/alpha', 2],
      ['/match/beta', 2],
    ],
  );

  // A broadcast (relay to 0) from a1 reaches a2 only; send_bytes to 1 reaches the server.
  a1.sendBytes(enc.encode('to everyone'), 0);
  b1.sendBytes(enc.encode('for the server'), 1);
  await settle(server, all, () => a2.events.some((e) => e.startsWith('peer_packet:')));
  await pollFor(100, pumpAll(server, all));
  assert.equal(a2.events.filter((e) => e.startsWith('peer_packet:')).length, 1);
  for (const other of [b1, b2]) {
    assert.equal(other.events.filter((e) => e.startsWith('peer_packet:')).length, 0);
  }
  assert.ok(log.includes(`packet /match/beta ${b1.getUniqueId()} for the server`), log.join('\n'));
  assert.ok(log.includes('created /match/alpha') && log.includes('created /match/beta'));
});

test('godot4 rooms: ids are unique inside a room and the room closes after its linger', async (t) => {
  const { server, url } = await startRoomServer({ lingerSeconds: 0.2 });
  t.after(() => server.close());
  const closed: string[] = [];
  server.roomClosed.connect((room) => closed.push(room));
  const clients: Godot4SceneClient[] = [];
  for (let i = 0; i < 6; i++) clients.push(await joinRoom(server, url('/r'), clients));
  const ids = new Set(clients.map((c) => c.getUniqueId()));
  assert.equal(ids.size, 6);
  for (const id of ids) assert.ok(id >= 2 && id < 2 ** 31, `id ${id}`);
  for (const c of clients) c.close();
  await pollUntil(
    'the room to close',
    () => closed.includes('/r'),
    () => server.poll(),
  );
  assert.equal(server.getRoom('/r'), undefined);
  assert.equal(server.peerCount(), 0);
});

test('godot4 rooms: authentication per room (the callback is told the room); a refused client never joins', async (t) => {
  const seen: string[] = [];
  const { server, url } = await startRoomServer({
    auth: (room, id, data) => {
      const token = new TextDecoder().decode(data);
      seen.push(`${room} ${id} ${token}`);
      return token === `key for ${room}` ? 'complete' : 'refuse';
    },
  });
  t.after(() => server.close());
  const failed: string[] = [];
  const joinWith = async (room: string, token: string) => {
    const client = new Godot4SceneClient();
    client.authCallback = () => {};
    client.connect(url(room));
    const pump = pumpAll(server, [client]);
    await pollUntil('authenticating', () => client.pending.has(1), pump);
    client.sendAuth(1, enc.encode(token));
    client.completeAuth(1);
    await pollUntil(
      'an outcome',
      () => client.events.includes('connected_to_server') || client.mp.getConnectionStatus() === 0,
      pump,
    );
    return client;
  };
  const good = await joinWith('/vault', 'key for /vault');
  assert.ok(good.events.includes('connected_to_server'));
  server.peerLeft.connect((room, id) => failed.push(`left ${room} ${id}`));
  const bad = await joinWith('/vault', 'key for /other');
  assert.ok(!bad.events.includes('connected_to_server'));
  await pollFor(50, pumpAll(server, [good, bad]));
  assert.deepEqual(server.getRoom('/vault')?.getPeers(), [good.getUniqueId()]);
  assert.equal(server.peerCount(), 1);
  assert.equal(server.stats.failed, 1);
  assert.deepEqual(failed, []);
  assert.match(seen[0] ?? '', /^\/vault \d+ key for \/vault$/);
  good.close();
});
