// Right after Redis comes back (a restart loses every key), a node takes no room it is not
// already home to for a short while: joins for such rooms get 503 "recovering" instead of
// making a second home for a room whose home has not put its key back yet.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { RECOVERY_MS } from '../../../src/server/cluster/cluster-node.js';
import { startInProcessCluster } from '../../helpers/cluster-in-process.js';
import { tick } from '../../helpers/poll.js';
import { redisSkip, startRedis } from '../../helpers/redis-server.js';

/** The first line and body of the server's answer to a WebSocket upgrade for `path`. */
function answer(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      socket.destroy();
      resolve(text);
    };
    socket.setEncoding('latin1');
    socket.on('data', (s: string) => {
      text += s;
      if (text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.setTimeout(5000, done);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

test('cluster: after a Redis restart a node refuses rooms it is not home to (503, recovering), then takes them', {
  skip: redisSkip(),
}, async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = await startInProcessCluster(t, ['one', 'two'], () => {}, redis);
  const two = nodes[1];
  assert.ok(two);
  assert.match(await answer(two.port, '/before'), /^HTTP\/1\.1 101/);
  await redis.stop();
  await redis.start();
  const answers: string[] = [];
  const end = performance.now() + 10_000 + RECOVERY_MS;
  while (performance.now() < end) {
    const text = await answer(two.port, '/fresh');
    answers.push(text.split('\r\n')[0] + (text.includes('recovering') ? ' recovering' : ''));
    if (text.startsWith('HTTP/1.1 101')) break;
    await tick(50);
  }
  assert.match(answers.at(-1) ?? '', /^HTTP\/1\.1 101/, answers.join('\n'));
  assert.ok(
    answers.some((a) => a === 'HTTP/1.1 503 Service Unavailable recovering'),
    answers.join('\n'),
  );
  // Its own room it takes back at once; the refusals were counted.
  assert.match(await answer(two.port, '/before'), /^HTTP\/1\.1 101/);
  assert.ok(two.node.counters.unroutedJoins >= 1);
});
