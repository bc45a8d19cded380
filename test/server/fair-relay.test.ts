// Fair relays: while one client floods its room with 65,000-byte packets, a well-behaved client's
// small packets to a third client all arrive. The rule: a relayed packet waits until every
// recipient can take it, and its sender is not read meanwhile (TCP pushes back on the flooder),
// instead of the packet being dropped for a recipient whose buffer the flooder filled. Before,
// the well-behaved client's packets were the ones dropped ("output buffer full").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { encodeGdMpPacket } from '../../src/websocket/godot3/gd-mp-api.js';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import {
  encodeAuth,
  encodeRelay,
  NetworkCommand,
} from '../../src/websocket/scene-relay/sys-command.js';
import { pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const FLOOD = 300; // packets of 65,000 bytes (19.5 MB), written at once
const GOOD = 164; // packets of 1000 bytes
/** The per-member rate limits would stop the flooder first: this tests the relay's own rule. */
const limits = { messagesPerSecond: 0, bytesPerSecond: 0 };

/** A raw client that writes its whole flood at once (`ws` buffers it), reading nothing. */
function flooder(url: string, packet: (id: number) => Uint8Array, join: (ws: WebSocket) => void) {
  const ws = new WebSocket(url);
  ws.once('message', (data: Buffer) => {
    join(ws);
    const id = data.readInt32LE(data.byteLength === 4 ? 0 : 9);
    const bytes = packet(id);
    for (let i = 0; i < FLOOD; i++) ws.send(bytes);
  });
  ws.on('error', () => {});
  return ws;
}

test('godot4 room: a flooder does not cost a well-behaved client its packets', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'godot4', limits });
  const b = await joinRoom(server, url('/fair'));
  const c = await joinRoom(server, url('/fair'), [b]);
  c.logPackets = false;
  const clients = [b, c];
  const big = new Uint8Array(65_001);
  big[0] = NetworkCommand.RAW;
  const f = flooder(
    url('/fair'),
    () => encodeRelay(0, big),
    (ws) => ws.send(encodeAuth(new Uint8Array(0))),
  );
  t.after(() => {
    f.terminate();
    for (const x of clients) x.close();
    server.close();
  });
  const pump = pumpAll(server, clients);
  await pollUntil(
    'the flood to reach c',
    () => (c.rawFrom.size ?? 0) > 1 || c.rawFrom.size > 0,
    pump,
    30_000,
  );
  const cId = c.getUniqueId();
  let sent = 0;
  const small = new Uint8Array(1000).fill(7);
  await pollUntil(
    `all ${GOOD} packets from b at c`,
    () => (c.rawFrom.get(b.getUniqueId()) ?? 0) >= GOOD,
    () => {
      if (sent < GOOD && b.sendBytes(small, cId) === 0) sent++;
      pump();
    },
    30_000,
  );
  assert.equal(c.rawFrom.get(b.getUniqueId()), GOOD);
});

test('godot3 room: a flooder does not cost a well-behaved client its packets', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'godot3', limits });
  const [b, c] = [new WebSocketClient(), new WebSocketClient()];
  const fromB = { count: 0 };
  let flood = 0;
  // c is a game at 60 frames a second: it reads once per frame (its 64 KiB ring: one big packet).
  let nextFrame = 0;
  const pump = () => {
    server.poll();
    b.poll();
    if (performance.now() < nextFrame) return;
    nextFrame = performance.now() + 16;
    c.poll();
    while (c.getAvailablePacketCount() > 0) {
      const from = c.getPacketPeer();
      c.getPacket();
      if (from === b.getUniqueId()) fromB.count++;
      else flood++;
    }
  };
  assert.equal(b.connectToUrl(url('/fair'), [], true), 0);
  assert.equal(c.connectToUrl(url('/fair'), [], true), 0);
  await pollUntil('b and c joined', () => b.getUniqueId() > 1 && c.getUniqueId() > 1, pump);
  const big = new Uint8Array(65_000);
  big[0] = 4; // Godot 3's NETWORK_COMMAND_RAW (send_bytes): not an RPC, whose size is limited
  const f = flooder(
    url('/fair'),
    (id) => encodeGdMpPacket(0, id, 0, big),
    () => {},
  );
  t.after(() => {
    f.terminate();
    b.disconnectFromHost();
    c.disconnectFromHost();
    server.close();
  });
  await pollUntil('the flood to reach c', () => flood > 0, pump, 30_000);
  const small = new Uint8Array(8).fill(7);
  let sent = 0;
  b.setTargetPeer(c.getUniqueId());
  await pollUntil(
    `all ${GOOD} packets from b at c`,
    () => fromB.count >= GOOD,
    () => {
      if (sent < GOOD && b.putPacket(small) === 0) sent++;
      pump();
    },
    30_000,
  );
  assert.equal(fromB.count, GOOD);
});
