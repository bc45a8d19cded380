// WebRTC signaling in a cluster: every node hands its signaling clients to the one node that
// holds signaling for the cluster, so a lobby made through one node is joined through another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignalingServer } from '../../../src/server/signaling/signaling-server.js';
import { startInProcessCluster } from '../../helpers/cluster-in-process.js';
import { redisSkip } from '../../helpers/redis-server.js';
import { EmulatedClient, g4 } from '../signaling/emulated-client.js';
import { JOIN, OFFER } from '../signaling/scenarios.js';

test('cluster: a signaling lobby spans nodes (host on one, guest on the other)', {
  skip: redisSkip(),
}, async (t) => {
  const nodes = await startInProcessCluster(t, ['s1', 's2'], (server) =>
    server.attachSignaling(new SignalingServer()),
  );
  const [one, two] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  const host = await EmulatedClient.connect('host', one.url('/signal'));
  t.after(() => host.close());
  host.send(g4(JOIN, 0, ''));
  assert.ok(await host.waitFor(2), host.received.join('\n'));
  const lobby = JSON.parse(host.received.find((l) => JSON.parse(l).type === JOIN) ?? '{}')
    .data as string;
  assert.ok(lobby.length > 0, host.received.join('\n'));
  const guest = await EmulatedClient.connect('guest', two.url('/signal'));
  t.after(() => guest.close());
  guest.send(g4(JOIN, 0, lobby));
  assert.ok(await guest.waitFor(3), guest.received.join('\n'));
  assert.ok(await host.waitFor(3), host.received.join('\n'));
  guest.send(g4(OFFER, 1, 'v=0 offer'));
  assert.ok(await host.waitFor(4));
  assert.match(host.received[3] ?? '', /"data":"v=0 offer"/);
  // The lobby lives on one node: the one that holds signaling for the cluster.
  const lobbies = nodes.map((n) => n.server.getSignaling()?.getLobbies().length ?? 0);
  assert.deepEqual(lobbies.sort(), [0, 1]);
});
