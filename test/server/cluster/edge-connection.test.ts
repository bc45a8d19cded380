// An edge's client gets the home's bytes only once they begin with the home's HTTP answer: a
// stream whose start was lost (a batch that never arrived) is answered 503 instead of passing
// WebSocket frames to a client still waiting for its handshake.
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { ClusterBus } from '../../../src/server/cluster/cluster-bus.js';
import { RecordKind } from '../../../src/server/cluster/cluster-frames.js';
import { EdgeConnection } from '../../../src/server/cluster/edge-connection.js';
import { connectRedis } from '../../../src/server/cluster/redis-client.js';
import { redisSkip, startRedis } from '../../helpers/redis-server.js';

/** A connected pair of loopback sockets: [the client's end, the server's end]. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect(address.port, '127.0.0.1');
  const serverSide = await accepted;
  server.close();
  return [client, serverSide];
}

/** Everything the client receives until its connection closes. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (s: string) => {
      text += s;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
  });
}

test('edge: home bytes that do not begin with its HTTP answer end the client with 503; an answer passes', {
  skip: redisSkip(),
}, async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const connections = await connectRedis(redis.url);
  assert.ok(typeof connections !== 'string', String(connections));
  t.after(() => {
    connections.cmd.disconnect();
    connections.sub.disconnect();
  });
  const bus = new ClusterBus('edge', 'gws-test:', connections);

  const [lostClient, lostSocket] = await socketPair();
  const lostText = readAll(lostClient);
  const lost = new EdgeConnection(bus, 'home', 1, lostSocket, () => {});
  lost.fromHome(RecordKind.DATA, Uint8Array.of(0x82, 0x01, 0x2a)); // a frame, no answer first
  assert.match(await lostText, /^HTTP\/1\.1 503 .*\r\n[\s\S]*answer was lost/);
  assert.equal(lost.answered, false);

  const [client, socket] = await socketPair();
  const text = readAll(client);
  const edge = new EdgeConnection(bus, 'home', 2, socket, () => {});
  const head = 'HTTP/1.1 101 Switching Protocols\r\n\r\n';
  edge.fromHome(RecordKind.DATA, new TextEncoder().encode(head));
  edge.fromHome(RecordKind.DATA, Uint8Array.of(0x82, 0x01, 0x2a));
  assert.equal(edge.answered, true);
  edge.fromHome(RecordKind.END, new Uint8Array(0));
  assert.equal(await text, `${head}\x82\x01\x2a`);
});
