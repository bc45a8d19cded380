// The Godot 3 WebSocketServer polled only from its onActivity callback (no timer at all): a join
// and a 20,000-packet relay burst complete, in its own listening mode and hosted (acceptPeer),
// because accepts and reads are wired to socket activity and a poll that leaves input behind
// (a client queue that filled up) asks for the next one itself. Before, nothing announced the
// held input, so the rest waited for a timer sweep (here: forever).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { Error } from '../../../src/core/error.js';
import { TCPServer } from '../../../src/net/tcp-server.js';
import { encodeGdMpPacket } from '../../../src/websocket/godot3/gd-mp-api.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { activityOnly } from '../../helpers/activity-only.js';
import { startRoomServer } from '../../helpers/room-server-setup.js';

const BURST = 20_000;
async function joinAndBurst(
  drops: () => Record<string, number>,
  url: string,
  driver: ReturnType<typeof activityOnly>,
) {
  const open = (): Promise<{ ws: WebSocket; got: Buffer[] }> => {
    const ws = new WebSocket(url);
    const got: Buffer[] = [];
    ws.on('message', (data: Buffer) => got.push(data));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ ws, got }));
      ws.once('error', reject);
    });
  };
  const a = await open();
  await driver.until('SYS_ID to the first client', () => a.got.length >= 2);
  const b = await open();
  await driver.until('SYS_ID to the second client', () => b.got.length >= 3);
  const idOf = (c: { got: Buffer[] }) => c.got[0]!.readInt32LE(9);
  const [aId, bId] = [idOf(a), idOf(b)];
  const payload = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const base = b.got.length;
  for (let i = 0; i < BURST; i++) a.ws.send(encodeGdMpPacket(0, aId, bId, payload));
  await driver.until(`${BURST} relayed packets`, () => b.got.length - base >= BURST);
  assert.equal(b.got.length - base, BURST);
  assert.deepEqual(drops(), {});
  a.ws.close();
  b.ws.close();
}

test('godot3 server (listen): join and a 20k-packet burst with polls only on activity', async () => {
  const server = new WebSocketServer();
  assert.equal(await server.listenAsync(0, [], true), Error.OK);
  const driver = activityOnly(server);
  try {
    await joinAndBurst(
      () => server.getDropCounts(),
      `ws://127.0.0.1:${server.getLocalPort()}/`,
      driver,
    );
  } finally {
    server.onActivity = null;
    server.stop();
  }
});

test('godot3 server (listenHosted + acceptPeer): the same, clients handed in by another listener', async () => {
  const server = new WebSocketServer();
  assert.equal(server.listenHosted(true), Error.OK);
  const tcp = new TCPServer();
  assert.equal(tcp.listen(0, '127.0.0.1'), Error.OK);
  assert.equal(await tcp.whenBound(), Error.OK);
  // The other listener hands connections in when it is polled (on its own activity).
  const handIn = () => {
    while (tcp.isConnectionAvailable()) {
      const ws = new WebSocketPeer();
      assert.equal(ws.acceptStream(tcp.takeConnection()), Error.OK);
      assert.equal(server.acceptPeer(ws), Error.OK);
    }
  };
  const driver = activityOnly(server, handIn);
  tcp.onConnection = server.onActivity;
  try {
    await joinAndBurst(
      () => server.getDropCounts(),
      `ws://127.0.0.1:${tcp.getLocalPort()}/`,
      driver,
    );
  } finally {
    server.onActivity = null;
    tcp.onConnection = null;
    tcp.stop();
    server.stop();
  }
});

test('serve --kind godot3 (RoomServer room): the same, the room server polled only on activity', async () => {
  const { server, url } = await startRoomServer({
    kind: 'godot3',
    // a 20k burst is over the per-member rate limit (on by default): not what this tests
    limits: { messagesPerSecond: 0, bytesPerSecond: 0 },
  });
  const driver = activityOnly(server);
  try {
    await joinAndBurst(() => ({}), url('/burst'), driver);
  } finally {
    server.onActivity = null;
    server.close();
  }
});
