// `serve --cluster` while Redis restarts: what crossed nodes is cut and counted, never silent;
// the nodes reconnect and resubscribe by themselves and the room works across nodes again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterMetric, startCluster } from '../../helpers/cluster-nodes.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { pollUntil } from '../../helpers/poll.js';
import { redisSkip } from '../../helpers/redis-server.js';

async function join(client: Godot4SceneClient, url: string, poll: () => void): Promise<void> {
  assert.equal(client.connect(url), 0);
  await pollUntil(
    `a join to ${url}`,
    () => client.events.includes('connected_to_server'),
    poll,
    15_000,
  );
}

/**
 * Joins as a game that retries would: right after Redis is back a node answers 503 while the
 * homes put their keys back (RECOVERY_MS), so a refused attempt is tried again.
 */
async function joinRetrying(
  client: Godot4SceneClient,
  url: string,
  poll: () => void,
): Promise<number> {
  let attempts = 0;
  let failures = 0;
  await pollUntil(
    `a join to ${url}, retried`,
    () => {
      const failed = client.events.filter((e) => e === 'connection_failed').length;
      if (attempts === 0 || failed > failures) {
        failures = failed;
        attempts++;
        assert.equal(client.connect(url), 0);
      }
      return client.events.includes('connected_to_server');
    },
    poll,
    15_000,
  );
  return attempts;
}

test('cluster: a Redis restart mid-traffic cuts the cross-node clients (counted), then the cluster recovers', {
  skip: redisSkip(),
}, async () => {
  const cluster = await startCluster(2);
  const [n1, n2] = cluster.nodes;
  assert.ok(n1 && n2);
  const a = new Godot4SceneClient();
  const b = new Godot4SceneClient();
  const c = new Godot4SceneClient();
  const clients = [a, b, c];
  const poll = () => {
    for (const client of clients) client.poll();
  };
  try {
    await join(a, n1.url('/match'), poll); // n1 is the home
    await join(b, n2.url('/match'), poll);
    const ida = a.getUniqueId();
    const idb = b.getUniqueId();
    await pollUntil('a and b to see each other', () => a.connectedPeers.has(idb), poll);
    b.sendBytes(Uint8Array.of(1), ida);
    await pollUntil(
      'a packet across nodes',
      () => a.events.includes(`peer_packet:${idb}:01`),
      poll,
    );

    const wsB = b.mp.getPeer(1);
    assert.ok(wsB);
    await cluster.redis.stop();
    // Traffic while Redis is away: it cannot cross, so b's connection is cut (never a silent loss).
    const sending = setInterval(() => b.sendBytes(Uint8Array.of(2), ida), 20);
    try {
      await pollUntil('b to be cut', () => b.events.includes('server_disconnected'), poll, 10_000);
    } finally {
      clearInterval(sending);
    }
    assert.equal(wsB.getCloseCode(), 1001);
    await cluster.redis.start();
    // The home learns of the gap once the link works again, and b leaves the room for a.
    await pollUntil(
      'b to leave for a',
      () => a.events.includes(`peer_disconnected:${idb}`),
      poll,
      15_000,
    );
    assert.ok(
      (await clusterMetric(n2.port, 'godot_ws_cluster_events_total', 'event="publish-failures"')) >=
        1,
    );
    assert.ok(
      (await clusterMetric(n2.port, 'godot_ws_cluster_events_total', 'event="cut-connections"')) >=
        1,
    );
    const n1Lost =
      (await clusterMetric(n1.port, 'godot_ws_cluster_events_total', 'event="lost-batches"')) +
      (await clusterMetric(n1.port, 'godot_ws_cluster_events_total', 'event="cut-connections"'));
    assert.ok(n1Lost >= 1, 'the home counted what it lost');

    // Recovered: a new client on n2 reaches the same room on n1 (keys re-registered, resubscribed).
    const attempts = await joinRetrying(c, n2.url('/match'), poll);
    assert.ok(attempts <= 10, `joined after ${attempts} attempts`);
    const idc = c.getUniqueId();
    await pollUntil(
      'a and c to see each other',
      () => a.connectedPeers.has(idc) && c.connectedPeers.has(ida),
      poll,
      10_000,
    );
    c.sendBytes(Uint8Array.of(3), ida);
    await pollUntil(
      'a packet across nodes again',
      () => a.events.includes(`peer_packet:${idc}:03`),
      poll,
    );
  } finally {
    for (const client of clients) client.close();
    await cluster.stop();
  }
});
