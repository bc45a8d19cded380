// The cluster soak: 300 rooms × 4 emulated Godot 4 clients spread over three `serve --cluster`
// processes (the players of a room on different nodes), each client sending a numbered packet
// to its room every 300 ms for about a minute (SOAK_SECONDS to change it). While Redis is up
// nothing may be lost and every sender's packets must arrive in order at every room-mate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterMetric, startCluster } from '../../helpers/cluster-nodes.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { tick } from '../../helpers/poll.js';
import { redisSkip } from '../../helpers/redis-server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const ROOMS = 300;
const PER_ROOM = 4;
const SEND_EVERY_MS = 300;

interface Player {
  room: string;
  client: Godot4SceneClient;
  sent: number;
  nextSend: number;
  seen: number;
  /** The last number received from each sender. */
  last: Map<number, number>;
  received: number;
}

test('cluster soak: 300 rooms × 4 clients over three nodes for a minute, nothing lost, order kept', {
  skip: redisSkip(),
  timeout: (SECONDS + 120) * 1000,
}, async (t) => {
  const cluster = await startCluster(3, ['--max-peers', '5000']);
  t.after(() => cluster.stop());
  const players: Player[] = [];
  for (let r = 0; r < ROOMS; r++) {
    for (let i = 0; i < PER_ROOM; i++) {
      players.push({
        room: `/soak/r${r}`,
        client: new Godot4SceneClient(),
        sent: 0,
        nextSend: 0,
        seen: 0,
        last: new Map(),
        received: 0,
      });
    }
  }
  t.after(() => {
    for (const p of players) p.client.close();
  });
  const problems: string[] = [];
  const pollAll = () => {
    for (const p of players) {
      const c = p.client;
      c.poll();
      for (; p.seen < c.events.length; p.seen++) {
        const event = c.events[p.seen] ?? '';
        if (!event.startsWith('peer_packet:')) continue;
        const [, fromText, data] = event.split(':');
        const from = Number(fromText);
        const [room, seqText] = Buffer.from(data ?? '', 'hex')
          .toString()
          .split('|');
        const seq = Number(seqText);
        if (room !== p.room) problems.push(`${p.room} got a packet of ${room}`);
        const expected = (p.last.get(from) ?? 0) + 1;
        if (seq !== expected && problems.length < 20) {
          problems.push(`${p.room}: from ${from} got #${seq}, expected #${expected}`);
        }
        p.last.set(from, seq);
        p.received++;
      }
    }
  };
  // Joins: room r's players go to nodes r, r+1, r+2, r+3 (mod 3), a room at a time in waves.
  const started = performance.now();
  for (let at = 0; at < players.length; at += 60) {
    for (const [k, p] of players.slice(at, at + 60).entries()) {
      const node = cluster.nodes[(Math.floor((at + k) / PER_ROOM) + k) % 3];
      assert.ok(node);
      assert.equal(p.client.connect(node.url(p.room)), 0);
    }
    const wave = players.slice(0, at + 60);
    for (
      let i = 0;
      i < 2000 &&
      !wave.every(
        (p) =>
          p.client.connectedPeers.size === PER_ROOM ||
          p.client.events.includes('connection_failed'),
      );
      i++
    ) {
      pollAll();
      await tick(2);
    }
  }
  const joined = players.filter((p) => p.client.connectedPeers.size === PER_ROOM).length;
  t.diagnostic(
    `${joined}/${players.length} joined and saw their room in ${Math.round(performance.now() - started)} ms`,
  );
  assert.equal(joined, players.length, 'every client joined and saw its three room-mates');

  const end = performance.now() + SECONDS * 1000;
  let now = performance.now();
  while (now < end) {
    for (const p of players) {
      if (now < p.nextSend) continue;
      p.nextSend = now + SEND_EVERY_MS * (0.5 + Math.random());
      p.sent++;
      p.client.sendBytes(Buffer.from(`${p.room}|${p.sent}`), 0);
    }
    pollAll();
    await tick(1);
    now = performance.now();
  }
  const sent = players.reduce((sum, p) => sum + p.sent, 0);
  const expected = sent * (PER_ROOM - 1);
  const drainEnd = performance.now() + 15_000;
  let received = 0;
  while (performance.now() < drainEnd) {
    pollAll();
    received = players.reduce((sum, p) => sum + p.received, 0);
    if (received >= expected) break;
    await tick(2);
  }
  const crossing = await Promise.all(
    cluster.nodes.map((n) =>
      clusterMetric(n.port, 'godot_ws_cluster_forwarded_connections', 'role="home"'),
    ),
  );
  const lost = await Promise.all(
    cluster.nodes.map((n) =>
      clusterMetric(n.port, 'godot_ws_cluster_events_total', 'event="lost-batches"'),
    ),
  );
  t.diagnostic(
    `sent ${sent} packets, ${received}/${expected} deliveries arrived; clients forwarded to homes: ${crossing.join(' / ')}; lost batches: ${lost.join(' / ')}`,
  );
  assert.deepEqual(problems, []);
  assert.equal(received, expected, 'nothing lost');
  assert.ok(crossing.reduce((a, b) => a + b, 0) >= ROOMS, 'most rooms had players on other nodes');
  assert.deepEqual(lost, [0, 0, 0]);
});
