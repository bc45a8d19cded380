// Autobahn's strict cases (3.2–3.4, 4.1.3–4.1.5, 4.2.3–4.2.5, 5.15): a valid message and a
// protocol violation in ONE TCP write. The message is delivered, the application's answer goes
// out, and only then the connection fails with 1002. Before, the peer failed in the same poll that
// delivered the message, so the echo was refused ("send: the WebSocket is not open").
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { frame, rawClient } from '../helpers/raw-ws-client.js';
import { listenLoopback } from '../helpers/ws-pair.js';

interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** A raw client and the server-side peer it is open with; `frames` are what the server sent. */
async function openRaw(t: { after(fn: () => void): void }) {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const socket: Socket = rawClient(tcp.getLocalPort());
  let bytes = Buffer.alloc(0);
  let headDone = false;
  const frames: ServerFrame[] = [];
  socket.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    if (!headDone) {
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) return;
      headDone = true;
      bytes = bytes.subarray(end + 4);
    }
    // Server frames are unmasked; these tests only see payloads under 126 bytes.
    while (bytes.length >= 2 && bytes.length >= 2 + (bytes[1]! & 0x7f)) {
      const n = bytes[1]! & 0x7f;
      frames.push({ opcode: bytes[0]! & 0x0f, payload: bytes.subarray(2, 2 + n) });
      bytes = bytes.subarray(2 + n);
    }
  });
  const server = new WebSocketPeer();
  t.after(() => {
    socket.destroy();
    server.close(-1);
    tcp.stop();
  });
  await pollUntil('a connection', () => tcp.isConnectionAvailable());
  assert.equal(server.acceptStream(tcp.takeConnection()), 0);
  await pollUntil(
    'the handshake',
    () => headDone && server.getReadyState() === WebSocketPeer.STATE_OPEN,
    () => server.poll(),
  );
  return { socket, server, frames };
}

/** The application: Godot's loop, poll() then answer every packet at once. */
function echoLoop(server: WebSocketPeer): () => void {
  return () => {
    server.poll();
    while (server.getAvailablePacketCount() > 0) {
      const packet = server.getPacket();
      const text = server.wasStringPacket();
      server.send(packet, text ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY);
    }
  };
}

const closeCode = (f: ServerFrame | undefined) =>
  f?.opcode === 8 ? f.payload.readUInt16BE(0) : -1;
const hello = Buffer.from('hello');

for (const [what, bad] of [
  ['a reserved opcode (Autobahn 4.1.x)', frame(3)],
  ['a frame with a reserved bit set (3.x)', Buffer.from([0xc1, 0x80, 0, 0, 0, 0])],
  ['a continuation with no message to continue (5.15)', frame(0, Buffer.from('x'))],
] as const) {
  test(`a text message then ${what} in one write: the echo arrives, then close 1002`, async (t) => {
    const log = captureLog('warning');
    try {
      const { socket, server, frames } = await openRaw(t);
      socket.write(Buffer.concat([frame(1, hello), bad]));
      const loop = echoLoop(server);
      await pollUntil('the close frame', () => frames.some((f) => f.opcode === 8), loop);
      assert.deepEqual(
        frames.map((f) => [f.opcode, f.opcode === 8 ? closeCode(f) : f.payload.toString()]),
        [
          [1, 'hello'],
          [8, 1002],
        ],
      );
      await pollUntil('CLOSED', () => server.getReadyState() === WebSocketPeer.STATE_CLOSED, loop);
      assert.equal(server.getCloseCode(), 1002);
      assert.match(server.getLastError()?.code ?? '', /^WS_ERR_/);
      assert.ok(!log.lines.some((l) => l.includes('not open')), log.lines.join('\n'));
    } finally {
      log.restore();
    }
  });
}

test('an application that answers only on a later turn: the close 1002 does not wait for it', async (t) => {
  const log = captureLog('warning');
  try {
    const { socket, server, frames } = await openRaw(t);
    socket.write(Buffer.concat([frame(1, hello), frame(3)]));
    // Poll without reading until the message is there; the job ends: the connection fails (the
    // message stays readable, as after any close).
    await pollUntil(
      'the message',
      () => server.getAvailablePacketCount() > 0,
      () => server.poll(),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(server.getAvailablePacketCount(), 1, 'the message is still there to read');
    assert.equal(Buffer.from(server.getPacket()).toString(), 'hello');
    await pollUntil(
      'the close frame',
      () => frames.some((f) => f.opcode === 8),
      () => server.poll(),
    );
    assert.deepEqual(
      frames.map((f) => f.opcode),
      [8],
    );
    assert.equal(closeCode(frames[0]), 1002);
  } finally {
    log.restore();
  }
});
