// `serve --mode godot3` in a cluster: `--workers 2` on one port (a client that reached the
// wrong worker has its socket handed to the room's worker), and two `--cluster` processes (the
// client's bytes forwarded through Redis); Godot 3 (gd_mp_api) clients relay to each other by id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { freePort, runCli, startServe } from '../../helpers/cli.js';
import { clusterMetric, startCluster } from '../../helpers/cluster-nodes.js';
import { pollUntil } from '../../helpers/poll.js';
import { redisSkip, startRedis } from '../../helpers/redis-server.js';

test('--workers 2: Godot 3 clients of one room on two workers relay to one and to all, by id', {
  skip: redisSkip(),
}, async () => {
  const redis = await startRedis();
  const { cli, url, port } = await startServe(
    ['--mode', 'godot3', '--workers', '2', '--cluster', redis.url],
    60_000,
  ).catch(async (err) => {
    await redis.stop();
    throw err;
  });
  const clients = [new WebSocketClient(), new WebSocketClient(), new WebSocketClient()];
  const poll = () => {
    for (const c of clients) c.poll();
  };
  try {
    assert.match(cli.stdout(), /2 workers on port 0/);
    const banners = () => cli.stdout().match(/mode on ws:/g)?.length ?? 0;
    await pollUntil('both workers to listen', () => banners() === 2, 30_000);
    // One after another: the primary hands new connections to the workers in turn.
    for (const client of clients) {
      assert.equal(client.connectToUrl(`${url}arena`, [], true), 0);
      await pollUntil('an id', () => client.getUniqueId() > 1, poll, 15_000);
    }
    const ids = clients.map((c) => c.getUniqueId());
    assert.equal(new Set(ids).size, 3);
    const [a, b, c] = clients as [WebSocketClient, WebSocketClient, WebSocketClient];
    a.setTargetPeer(ids[1] ?? 0);
    assert.equal(a.putPacket(Uint8Array.of(1)), 0);
    c.setTargetPeer(0);
    assert.equal(c.putPacket(Uint8Array.of(2)), 0);
    const got = new Map<WebSocketClient, string[]>(clients.map((x) => [x, []]));
    const drain = () => {
      poll();
      for (const x of clients) {
        while (x.getAvailablePacketCount() > 0) {
          const from = x.getPacketPeer();
          got.get(x)?.push(`${from}:${[...x.getPacket()].join(',')}`);
        }
      }
    };
    await pollUntil(
      'the packets',
      () => got.get(b)?.length === 2 && got.get(a)?.length === 1,
      drain,
      10_000,
    );
    assert.deepEqual(got.get(b)?.sort(), [`${ids[0]}:1`, `${ids[2]}:2`].sort());
    assert.deepEqual(got.get(a), [`${ids[2]}:2`]);
    assert.deepEqual(got.get(c), []);
    // The client that reached the other worker had its socket handed to the room's worker: the
    // worker that answers this scrape counts it on one side or the other, and nothing of the
    // room was forwarded through Redis.
    const handed =
      (await clusterMetric(port, 'godot_ws_cluster_events_total', 'event="sockets-handed-over"')) +
      (await clusterMetric(port, 'godot_ws_cluster_events_total', 'event="sockets-taken-over"'));
    assert.ok(handed >= 1, 'a socket moved between the workers');
    assert.equal(
      await clusterMetric(port, 'godot_ws_cluster_forwarded_connections', 'role="edge"'),
      0,
    );
    assert.equal(
      await clusterMetric(port, 'godot_ws_cluster_forwarded_connections', 'role="home"'),
      0,
    );
    cli.signal('SIGTERM');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
  } finally {
    for (const client of clients) client.disconnectFromHost();
    cli.kill();
    await redis.stop();
  }
});

test('--cluster with Redis unreachable: one process and --workers 2 exit 1 with one line', async () => {
  const port = await freePort(); // nothing listens there
  for (const extra of [[], ['--workers', '2']]) {
    const result = await runCli(
      ['serve', '--port', '0', '--cluster', `redis://127.0.0.1:${port}`, ...extra],
      {
        deadlineMs: 30_000,
      },
    );
    assert.equal(result.code, 1, `${extra.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /--cluster: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
  }
});

test('two --cluster nodes (processes): Godot 3 clients of one room on both relay by id through Redis', {
  skip: redisSkip(),
}, async () => {
  const cluster = await startCluster(2, ['--mode', 'godot3']);
  const [n1, n2] = cluster.nodes;
  assert.ok(n1 && n2);
  const a = new WebSocketClient();
  const b = new WebSocketClient();
  const poll = () => {
    a.poll();
    b.poll();
  };
  try {
    assert.equal(a.connectToUrl(n1.url('/duel'), [], true), 0);
    await pollUntil('a joined', () => a.getUniqueId() > 1, poll, 15_000);
    assert.equal(b.connectToUrl(n2.url('/duel'), [], true), 0);
    await pollUntil('b joined', () => b.getUniqueId() > 1, poll, 15_000);
    const got: string[] = [];
    b.setTargetPeer(a.getUniqueId());
    assert.equal(b.putPacket(Uint8Array.of(5, 6)), 0);
    a.setTargetPeer(0);
    assert.equal(a.putPacket(Uint8Array.of(7)), 0);
    await pollUntil(
      'both packets',
      () => {
        for (const x of [a, b]) {
          while (x.getAvailablePacketCount() > 0) {
            const from = x.getPacketPeer();
            got.push(`${x === a ? 'a' : 'b'}<${from}:${[...x.getPacket()].join(',')}`);
          }
        }
        return got.length === 2;
      },
      poll,
      10_000,
    );
    assert.deepEqual(got.sort(), [`a<${b.getUniqueId()}:5,6`, `b<${a.getUniqueId()}:7`].sort());
    assert.equal(
      await clusterMetric(n1.port, 'godot_ws_cluster_forwarded_connections', 'role="home"'),
      1,
    );
  } finally {
    a.disconnectFromHost();
    b.disconnectFromHost();
    await cluster.stop();
  }
});
