// `serve --cluster`: three processes on one Redis; Godot-4-like clients of one room on
// different nodes see each other and relay with their own ids; a node killed with SIGKILL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterMetric, startCluster } from '../../helpers/cluster-nodes.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { pollUntil } from '../../helpers/poll.js';
import { redisSkip } from '../../helpers/redis-server.js';

const hex = (bytes: number[]) => Buffer.from(bytes).toString('hex');

async function joinAll(urls: string[], clients: Godot4SceneClient[]): Promise<void> {
  const poll = () => {
    for (const c of clients) c.poll();
  };
  for (const [i, url] of urls.entries()) {
    const client = clients[i];
    assert.ok(client);
    assert.equal(client.connect(url), 0);
    // One after another: the first join makes its node the room's home.
    await pollUntil(
      `client ${i} to join ${url}`,
      () => client.events.includes('connected_to_server'),
      poll,
      10_000,
    );
  }
  await pollUntil(
    'every client to see every other',
    () => clients.every((c) => c.connectedPeers.size === clients.length),
    poll,
    10_000,
  );
}

test('cluster: one room over three nodes — ids, ADD_PEER, relay to one / all / all but one', {
  skip: redisSkip(),
}, async () => {
  const cluster = await startCluster(3);
  const [n1, n2, n3] = cluster.nodes;
  assert.ok(n1 && n2 && n3);
  const clients = [new Godot4SceneClient(), new Godot4SceneClient(), new Godot4SceneClient()];
  const [a, b, c] = clients as [Godot4SceneClient, Godot4SceneClient, Godot4SceneClient];
  const poll = () => {
    for (const client of clients) client.poll();
  };
  try {
    await joinAll([n1.url('/game'), n2.url('/game'), n3.url('/game')], clients);
    const [ida, idb, idc] = clients.map((x) => x.getUniqueId());
    assert.equal(new Set([ida, idb, idc]).size, 3);
    assert.ok(a.connectedPeers.has(idb ?? 0) && a.connectedPeers.has(idc ?? 0));
    // The home (n1) logs every join; the edges forward.
    await n1.cli.waitForLine(new RegExp(`^/game: peer ${idc} joined from 127\\.0\\.0\\.1:\\d+$`));
    assert.equal(b.sendBytes(Uint8Array.from([1, 2]), idc), 0); // to one
    assert.equal(c.sendBytes(Uint8Array.from([3]), 0), 0); // to all
    assert.equal(a.sendBytes(Uint8Array.from([4]), -(idb ?? 0)), 0); // to all but b
    await pollUntil(
      'the relayed packets',
      () =>
        c.events.includes(`peer_packet:${idb}:${hex([1, 2])}`) &&
        a.events.includes(`peer_packet:${idc}:${hex([3])}`) &&
        b.events.includes(`peer_packet:${idc}:${hex([3])}`) &&
        c.events.includes(`peer_packet:${ida}:${hex([4])}`),
      poll,
      10_000,
    );
    assert.ok(!b.events.includes(`peer_packet:${ida}:${hex([4])}`), 'b was excluded');
    assert.ok(!a.events.includes(`peer_packet:${idb}:${hex([1, 2])}`), 'only c was addressed');
    // Order per sender across nodes: 200 numbered packets from c (edge n3) arrive in order at b (edge n2).
    for (let i = 0; i < 200; i++) c.sendBytes(Uint8Array.from([0xee, i]), idb);
    const fromC = () => b.events.filter((e) => e.startsWith(`peer_packet:${idc}:ee`));
    await pollUntil('200 packets in order', () => fromC().length >= 200, poll, 10_000);
    assert.deepEqual(
      fromC().slice(0, 200),
      Array.from({ length: 200 }, (_, i) => `peer_packet:${idc}:${hex([0xee, i])}`),
    );
    assert.equal(
      await clusterMetric(n1.port, 'godot_ws_cluster_forwarded_connections', 'role="home"'),
      2,
    );
    assert.equal(
      await clusterMetric(n2.port, 'godot_ws_cluster_forwarded_connections', 'role="edge"'),
      1,
    );

    // SIGKILL the edge of c: the others see c leave (the home notices n3 is gone within 5 s).
    n3.cli.kill();
    const killedAt = Date.now();
    await pollUntil(
      'c to leave for a and b',
      () =>
        a.events.includes(`peer_disconnected:${idc}`) &&
        b.events.includes(`peer_disconnected:${idc}`),
      poll,
      10_000,
    );
    const noticed = Date.now() - killedAt;
    assert.ok(noticed <= 6000, `noticed after ${noticed} ms`);
    assert.ok(
      (await clusterMetric(n1.port, 'godot_ws_cluster_events_total', 'event="dead-nodes"')) >= 1,
    );
    // SIGKILL the home: b (on n2) gets close 1001 and leaves the room.
    const wsB = b.mp.getPeer(1);
    assert.ok(wsB);
    n1.cli.kill();
    await pollUntil(
      'b to be disconnected',
      () => b.events.includes('server_disconnected'),
      poll,
      10_000,
    );
    assert.equal(wsB.getCloseCode(), 1001);
    assert.equal(wsB.getCloseReason(), "the room's server is gone");
  } finally {
    for (const client of clients) client.close();
    await cluster.stop();
  }
});
