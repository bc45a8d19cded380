import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

/** Sends a WebSocket upgrade request for `path` and returns the status line and body. */
function upgrade(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    setTimeout(() => socket.end(), 3000).unref();
  });
}

/** A Godot-4-like client that must fail to connect (never connected_to_server). */
async function mustFail(server: Parameters<typeof pumpAll>[0], url: string) {
  const client = new Godot4SceneClient();
  assert.equal(client.connect(url), 0);
  await pollUntil(
    'the client to give up',
    () => client.mp.getConnectionStatus() === MultiplayerPeer.CONNECTION_DISCONNECTED,
    pumpAll(server, [client]),
  );
  assert.ok(!client.events.includes('connected_to_server'), client.events.join());
}

test('refusals happen in the handshake: bad name 400, unknown room 404, full room 403, server full 503', async (t) => {
  const { server, port, url } = await startRoomServer({
    rooms: 'fixed',
    fixedRooms: [{ name: '/duel', capacity: 2 }, { name: '/big' }],
    maxPeers: 3,
  });
  t.after(() => server.close());
  const refused: string[] = [];
  server.peerRefused.connect((_address, status, reason) => refused.push(`${status} ${reason}`));

  assert.deepEqual(await upgrade(port, '/a//b'), {
    status: 400,
    body: 'the room name has an empty segment (//)\n',
  });
  assert.deepEqual(await upgrade(port, '/nowhere'), { status: 404, body: 'no room /nowhere\n' });
  await mustFail(server, url('/nowhere'));

  const first = await joinRoom(server, url('/duel'));
  const second = await joinRoom(server, url('/DUEL'), [first]);
  assert.deepEqual(await upgrade(port, '/duel'), { status: 403, body: 'room /duel is full\n' });
  await mustFail(server, url('/duel'));

  const third = await joinRoom(server, url('/big'), [first, second]);
  assert.deepEqual(await upgrade(port, '/big'), { status: 503, body: 'the server is full\n' });
  server.poll();
  assert.equal(server.peerCount(), 3);
  assert.ok(refused.includes('404 no room /nowhere'), refused.join('\n'));
  assert.equal(server.stats.refused.get('room-full'), 2);
  assert.equal(server.stats.refused.get('server-full'), 1);
  for (const c of [first, second, third]) c.close();
});

test('a room in auto mode is made by its first join; max-rooms refuses the next with 503', async (t) => {
  const { server, port, url } = await startRoomServer({ maxRooms: 1 });
  t.after(() => server.close());
  const a = await joinRoom(server, url('/one'));
  assert.deepEqual(await upgrade(port, '/two'), {
    status: 503,
    body: 'the server has no room for another room\n',
  });
  a.close();
});

test('closeAll: members get 1001 and new joins get 503 "shutting down"', async (t) => {
  const { server, port, url } = await startRoomServer();
  t.after(() => server.close());
  const a = await joinRoom(server, url('/x'));
  const id = a.getUniqueId();
  const left: string[] = [];
  server.peerLeft.connect((room, id, code) => left.push(`${room} ${id} ${code}`));
  server.closeAll(1001, 'server shutting down');
  assert.deepEqual(await upgrade(port, '/x'), {
    status: 503,
    body: 'the server is shutting down\n',
  });
  await pollUntil('a to leave', () => left.length === 1, pumpAll(server, [a]));
  assert.deepEqual(left, [`/x ${id} 1001`]);
  assert.equal(a.mp.getConnectionStatus(), MultiplayerPeer.CONNECTION_DISCONNECTED);
});
