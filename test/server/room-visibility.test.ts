// Godot 4 rooms where members see only some of each other (ADD_PEER / DEL_PEER, relaying),
// with emulated Godot 4 clients (SceneMultiplayer's client side over our multiplayer peer).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import type { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const text = (s: string) => new TextEncoder().encode(s);
const peers = (c: Godot4SceneClient) => [...c.connectedPeers].sort((x, y) => x - y);
const sorted = (...ids: number[]) => ids.sort((x, y) => x - y);
/** RAW payloads `c` got, as "from:text". */
const got = (c: Godot4SceneClient) =>
  c.events
    .filter((e) => e.startsWith('peer_packet:'))
    .map((e) => {
      const [, from, hexed] = e.split(':');
      return `${from}:${Buffer.from(hexed ?? '', 'hex').toString()}`;
    });

test('visibility "groups": members see and reach only their group; moving one tells everyone at once', async (t) => {
  const { server, url } = await startRoomServer({ visibility: 'groups' });
  t.after(() => server.close());
  const teams = ['red', 'blue', 'red'];
  server.peerJoined.connect((name, id) => {
    const room = server.getRoom(name);
    room?.setGroup(id, teams[room.getPeers().length - 1] ?? null);
  });
  const a = await joinRoom(server, url('/v'));
  const b = await joinRoom(server, url('/v'), [a]);
  const c = await joinRoom(server, url('/v'), [a, b]);
  const all = [a, b, c];
  const pump = pumpAll(server, all);
  const [ia, ib, ic] = all.map((x) => x.getUniqueId()) as [number, number, number];
  await pollUntil('a and c to see each other', () => a.connectedPeers.has(ic), pump);
  assert.deepEqual(peers(a), sorted(1, ic));
  assert.deepEqual(peers(b), [1]);
  assert.deepEqual(peers(c), sorted(1, ia));

  a.sendBytes(text('to all'), 0);
  a.sendBytes(text('to b'), ib); // b is not in a's group: not relayed
  a.sendBytes(text('to c'), ic);
  await pollUntil('c to get both', () => got(c).length === 2, pump);
  server.getRoom('/v')?.sendBytes(ib, text('marker')); // after a's packets, in b's stream
  await pollUntil('b to get the marker', () => got(b).length > 0, pump);
  assert.deepEqual(got(b), ['1:marker']);
  assert.deepEqual(got(c), [`${ia}:to all`, `${ia}:to c`]);

  server.getRoom('/v')?.setGroup(ib, 'red');
  await pollUntil('b to join the reds', () => b.connectedPeers.size === 3, pump);
  await pollUntil(
    'the reds to see b',
    () => a.connectedPeers.has(ib) && c.connectedPeers.has(ib),
    pump,
  );
  server.getRoom('/v')?.setGroup(ic, null);
  await pollUntil('c to be alone', () => c.connectedPeers.size === 1, pump);
  await pollUntil(
    'a and b to lose c',
    () => !a.connectedPeers.has(ic) && !b.connectedPeers.has(ic),
    pump,
  );
  assert.deepEqual(peers(a), sorted(1, ib));
  assert.ok(c.events.includes(`peer_disconnected:${ia}`), c.events.join('\n'));

  // A leaver is announced only to those who saw it.
  const parted = () => c.events.filter((e) => e === `peer_disconnected:${ib}`).length;
  const before = parted();
  b.close();
  await pollUntil('a to hear b left', () => !a.connectedPeers.has(ib), pump);
  server.getRoom('/v')?.sendBytes(ic, text('marker 2'));
  await pollUntil('c to get the marker', () => got(c).includes('1:marker 2'), pump);
  assert.equal(parted(), before, 'c, who no longer saw b, got no DEL_PEER for it');
});

test('visibility "none": members see only the server, which still reaches each of them', async (t) => {
  const { server, url } = await startRoomServer({ visibility: 'none' });
  t.after(() => server.close());
  const a = await joinRoom(server, url('/n'));
  const b = await joinRoom(server, url('/n'), [a]);
  const pump = pumpAll(server, [a, b]);
  const at: string[] = [];
  server.peerPacket.connect((_room, from, bytes) => at.push(`${from}:${Buffer.from(bytes)}`));
  a.sendBytes(text('hello'), 0); // to everyone: only the server is there for a
  await pollUntil('the server to get it', () => at.length === 1, pump);
  server.getRoom('/n')?.sendBytes(0, text('from the server'));
  await pollUntil('both to get the server', () => got(a).length === 1 && got(b).length === 1, pump);
  assert.deepEqual(peers(a), [1]);
  assert.deepEqual(peers(b), [1]);
  assert.deepEqual(got(b), ['1:from the server']);
  assert.deepEqual(at, [`${a.getUniqueId()}:hello`]);
});

test('godot3 rooms, visibility "groups": SYS_ADD / SYS_DEL and relaying follow the groups', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'godot3', visibility: 'groups' });
  const teams = ['red', 'blue', 'red'];
  server.peerJoined.connect((name, id) => {
    const room = server.getRoom(name);
    room?.setGroup(id, teams[(room?.getPeers().length ?? 1) - 1] ?? null);
  });
  const clients = [0, 1, 2].map(() => new WebSocketClient());
  t.after(() => {
    for (const c of clients) c.disconnectFromHost();
    server.close();
  });
  const known = new Map(clients.map((c) => [c, new Set<number>()]));
  for (const c of clients) {
    c.peerConnected.connect((id) => known.get(c)?.add(id));
    c.peerDisconnected.connect((id) => known.get(c)?.delete(id));
  }
  const pump = pumpAll(server, clients);
  const [a, b, c] = clients as [WebSocketClient, WebSocketClient, WebSocketClient];
  for (const client of clients) {
    client.connectToUrl(url('/g3v'), [], true);
    await pollUntil('a join', () => known.get(client)?.has(1) ?? false, pump);
  }
  const [ia, ib, ic] = clients.map((x) => x.getUniqueId()) as [number, number, number];
  await pollUntil('a and c to meet', () => known.get(a)?.has(ic) === true, pump);
  assert.deepEqual([...(known.get(a) ?? [])].sort(), sorted(1, ic));
  assert.deepEqual([...(known.get(b) ?? [])], [1]);

  a.setTargetPeer(0);
  a.putPacket(text('to all'));
  a.setTargetPeer(ib);
  a.putPacket(text('to b')); // not relayed
  await pollUntil('c to get it', () => c.getAvailablePacketCount() > 0, pump);
  assert.equal(Buffer.from(c.getPacket()).toString(), 'to all');
  server.getRoom('/g3v')?.sendBytes(ib, text('marker'));
  await pollUntil('b to get the marker', () => b.getAvailablePacketCount() > 0, pump);
  assert.equal(b.getPacketPeer(), 1, 'the first thing b gets is the server’s');

  server.getRoom('/g3v')?.setGroup(ib, 'red');
  await pollUntil('b to meet the reds', () => known.get(b)?.size === 3, pump);
  await pollUntil('the reds to meet b', () => known.get(c)?.has(ib) === true, pump);
  server.getRoom('/g3v')?.setGroup(ia, null);
  await pollUntil('a to be alone', () => known.get(a)?.size === 1, pump);
  assert.deepEqual([...(known.get(c) ?? [])].sort(), sorted(1, ib));
});

test('a rule of your own: pairs follow it on refreshVisibility()', async (t) => {
  const { server, url } = await startRoomServer();
  t.after(() => server.close());
  const a = await joinRoom(server, url('/own'));
  const b = await joinRoom(server, url('/own'), [a]);
  const pump = pumpAll(server, [a, b]);
  await pollUntil('a and b to meet', () => a.connectedPeers.has(b.getUniqueId()), pump);
  const room = server.getRoom('/own');
  let apart = true;
  assert.equal(
    room?.setVisibility(() => !apart),
    0,
  );
  await pollUntil(
    'a and b to part',
    () => a.connectedPeers.size === 1 && b.connectedPeers.size === 1,
    pump,
  );
  apart = false;
  room?.refreshVisibility();
  await pollUntil(
    'a and b to meet again',
    () => a.connectedPeers.size === 2 && b.connectedPeers.size === 2,
    pump,
  );
  assert.equal(room?.setVisibility('all'), 0);
  assert.ok(b.connectedPeers.has(a.getUniqueId()));
});
