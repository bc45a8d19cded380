import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

test('godot3 rooms: gd_mp_api clients see only their room; relays and send_bytes stay inside it', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'godot3' });
  const clients = [0, 1, 2, 3].map(() => new WebSocketClient());
  t.after(() => {
    for (const c of clients) c.disconnectFromHost();
    server.close();
  });
  const [a1, a2, b1, b2] = clients as [
    WebSocketClient,
    WebSocketClient,
    WebSocketClient,
    WebSocketClient,
  ];
  const joined = new Map<WebSocketClient, number[]>(clients.map((c) => [c, []]));
  for (const c of clients) c.peerConnected.connect((id) => joined.get(c)?.push(id));
  const packets: string[] = [];
  server.peerPacket.connect((room, from, bytes) => packets.push(`${room} ${from} ${[...bytes]}`));
  assert.equal(a1.connectToUrl(url('/alpha'), [], true), 0);
  assert.equal(a2.connectToUrl(url('/alpha'), [], true), 0);
  assert.equal(b1.connectToUrl(url('/beta'), [], true), 0);
  assert.equal(b2.connectToUrl(url('/beta'), [], true), 0);
  const pump = pumpAll(server, clients);
  await pollUntil(
    'every client to see its room-mate',
    () => clients.every((c) => (joined.get(c)?.length ?? 0) === 2),
    pump,
  );
  assert.deepEqual(joined.get(a1)?.sort(), [1, a2.getUniqueId()].sort());
  assert.deepEqual(joined.get(b2)?.sort(), [1, b1.getUniqueId()].sort());

  // To all (0): only the room-mate gets it.
  a1.setTargetPeer(0);
  assert.equal(a1.putPacket(Uint8Array.of(1, 2, 3)), 0);
  await pollUntil('the relayed packet', () => a2.getAvailablePacketCount() > 0, pump);
  await pollFor(100, pump);
  assert.equal(a2.getPacketPeer(), a1.getUniqueId());
  assert.deepEqual([...a2.getPacket()], [1, 2, 3]);
  assert.equal(b1.getAvailablePacketCount() + b2.getAvailablePacketCount(), 0);

  // A room's server packets: Node sends to one room, a client's send_bytes-style packet arrives.
  const beta = server.getRoom('/beta');
  assert.ok(beta);
  assert.equal(beta.sendBytes(0, Uint8Array.of(9, 9)), 0);
  await pollUntil('the server packet', () => b1.getAvailablePacketCount() > 0, pump);
  assert.equal(b1.getPacketPeer(), 1);
  assert.deepEqual([...b1.getPacket()], [4, 9, 9]);
  await pollFor(50, pump);
  assert.equal(a1.getAvailablePacketCount(), 0);
  b2.setTargetPeer(1);
  b2.putPacket(Uint8Array.of(4, 42));
  await pollUntil('a packet for the server', () => packets.length > 0, pump);
  assert.deepEqual(packets, [`/beta ${b2.getUniqueId()} 42`]);
});
