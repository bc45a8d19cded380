// The limits the demo does not have (or has as constants): lobbies, peers, peers per lobby,
// message size, message rate (drop and count, or kick), the close grace, each counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pollUntil } from '../../helpers/poll.js';
import { rawUpgrade, startSignaling } from './drive.js';
import { EmulatedClient, g4 } from './emulated-client.js';
import { JOIN, OFFER } from './scenarios.js';

async function host(url: string, name = 'h'): Promise<{ client: EmulatedClient; lobby: string }> {
  const client = await EmulatedClient.connect(name, url);
  client.send(g4(JOIN, 0, ''));
  assert.ok(await client.waitFor(2));
  return { client, lobby: JSON.parse(client.received[1]!).data };
}

async function join(url: string, lobby: string, name = 'p'): Promise<EmulatedClient> {
  const client = await EmulatedClient.connect(name, url);
  client.send(g4(JOIN, 0, lobby));
  await client.waitFor(2);
  return client;
}

test('maxLobbies: creating one more closes with the demo reason; joining still works', async (t) => {
  const s = await startSignaling({ maxLobbies: 1 });
  t.after(() => s.stop());
  const { client: h, lobby } = await host(s.url);
  const second = await EmulatedClient.connect('x', s.url);
  second.send(g4(JOIN, 0, ''));
  assert.ok(await second.waitClosed());
  assert.deepEqual(second.closed, { code: 4000, reason: 'Too many lobbies open, disconnecting' });
  const p = await join(s.url, lobby);
  assert.ok(await p.waitFor(3));
  assert.equal(s.server.getCounters().joinsRefused, 1);
  assert.equal(s.server.getCounters().lobbies, 1);
  h.terminate();
  p.terminate();
});

test('maxPeersPerLobby: the next joiner gets 4000 "Lobby is full", the members hear nothing', async (t) => {
  const s = await startSignaling({ maxPeersPerLobby: 2 });
  t.after(() => s.stop());
  const { client: h, lobby } = await host(s.url);
  const p = await join(s.url, lobby);
  assert.ok(await p.waitFor(3));
  assert.ok(await h.waitFor(3));
  const full = await join(s.url, lobby);
  assert.ok(await full.waitClosed());
  assert.deepEqual(full.closed, { code: 4000, reason: 'Lobby is full' });
  assert.deepEqual(full.received, []);
  assert.equal(h.received.length, 3);
  assert.deepEqual(s.server.getLobbyPeers(lobby), [1, JSON.parse(p.received[0]!).id]);
  h.terminate();
  p.terminate();
});

test('maxPeers: one connection too many is closed with 4000 "Too many peers connected"', async (t) => {
  const s = await startSignaling({ maxPeers: 2 });
  t.after(() => s.stop());
  const a = await EmulatedClient.connect('a', s.url);
  const b = await EmulatedClient.connect('b', s.url);
  const c = await EmulatedClient.connect('c', s.url);
  assert.ok(await c.waitClosed());
  assert.deepEqual(c.closed, { code: 4000, reason: 'Too many peers connected' });
  assert.equal(a.closed, null);
  assert.equal(s.server.getCounters().peersRefused, 1);
  a.terminate();
  b.terminate();
});

test('maxMessage: a bigger message closes its sender with 1009; others go on', async (t) => {
  const s = await startSignaling({ maxMessage: 1024 });
  t.after(() => s.stop());
  const { client: h, lobby } = await host(s.url);
  const p = await join(s.url, lobby);
  assert.ok(await p.waitFor(3));
  p.send(g4(OFFER, 1, 'x'.repeat(2000)));
  assert.ok(await p.waitClosed());
  assert.equal(p.closed?.code, 1009);
  const q = await join(s.url, lobby, 'q');
  assert.ok(await q.waitFor(3));
  q.send(g4(OFFER, 1, 'y'.repeat(900)));
  assert.ok(await h.waitFor(6)); // PEER_CONNECT p, PEER_DISCONNECT p, PEER_CONNECT q, OFFER
  assert.equal(JSON.parse(h.received[5]!).data.length, 900);
  h.terminate();
  q.terminate();
});

test('rate limit, drop: messages over the burst are dropped and counted, the peer stays', async (t) => {
  const s = await startSignaling({ messagesPerSecond: 0.001, messageBurst: 4 });
  t.after(() => s.stop());
  const { client: h, lobby } = await host(s.url);
  const p = await join(s.url, lobby); // its JOIN took one token
  assert.ok(await p.waitFor(3));
  for (let i = 0; i < 10; i++) p.send(g4(OFFER, 1, `o${i}`));
  await pollUntil('ten messages read', () => s.server.getCounters().messagesIn >= 12, 5000);
  assert.ok(await h.waitFor(6));
  const offers = h.received.slice(3).map((m) => JSON.parse(m).data);
  assert.deepEqual(offers, ['o0', 'o1', 'o2']);
  assert.equal(s.server.getCounters().rateLimited, 7);
  assert.equal(p.closed, null);
  h.terminate();
  p.terminate();
});

test('rate limit, kick: the first message over it closes with 4000 "Too many messages"', async (t) => {
  const s = await startSignaling({ messagesPerSecond: 0.001, messageBurst: 2, rateAction: 'kick' });
  t.after(() => s.stop());
  const { client: h, lobby } = await host(s.url);
  const p = await join(s.url, lobby);
  assert.ok(await p.waitFor(3));
  for (let i = 0; i < 5; i++) p.send(g4(OFFER, 1, `o${i}`));
  assert.ok(await p.waitClosed());
  assert.deepEqual(p.closed, { code: 4000, reason: 'Too many messages' });
  assert.ok(await h.waitFor(5)); // PEER_CONNECT, o0, PEER_DISCONNECT
  assert.deepEqual(
    h.received.slice(2).map((m) => JSON.parse(m).type),
    [2, 4, 3],
  );
  h.terminate();
});

test('a peer that never answers our close frame is dropped after closeGraceMs', async (t) => {
  const s = await startSignaling({ joinTimeoutMs: 100, closeGraceMs: 200 });
  t.after(() => s.stop());
  const raw = await rawUpgrade(s.port);
  t.after(() => raw.destroy());
  let ended = false;
  raw.resume(); // read (and ignore) what comes, so the end is seen
  raw.on('close', () => {
    ended = true;
  });
  await pollUntil('the server to drop the silent socket', () => ended, 5000);
  const c = s.server.getCounters();
  assert.equal(c.joinTimeouts, 1);
  assert.equal(c.closeTimeouts, 1);
  assert.deepEqual(s.server.getPeers(), []);
});
