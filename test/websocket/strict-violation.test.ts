// Autobahn's strict cases (3.2–3.4, 4.1.3–4.1.5, 4.2.3–4.2.5, 5.15), on both sides: a valid
// message and a protocol violation in ONE TCP write. The message is delivered, the application's
// answer goes out, and only then the connection fails with 1002. Before, the peer failed in the
// same poll that delivered the message, so the echo was refused ("send: the WebSocket is not
// open"); the testsuite graded our server NON-STRICT in 10 cases, our client in 7.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { echoLoop } from '../helpers/echo-loop.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { type RawEnd, rawClientEnd, rawServerEnd, type WireFrame } from '../helpers/raw-ws-ends.js';

const closeCode = (f: WireFrame | undefined) => (f?.opcode === 8 ? f.payload.readUInt16BE(0) : -1);
const hello = Buffer.from('hello');
const TEXT = 0x81;

const sides: [string, (t: { after(fn: () => void): void }) => Promise<RawEnd>][] = [
  ['server', rawClientEnd],
  ['client', rawServerEnd],
];

for (const [side, open] of sides) {
  for (const [what, first, payload] of [
    ['a reserved opcode (Autobahn 4.1.x)', 0x83, undefined],
    ['a reserved control opcode (4.2.x)', 0x8b, undefined],
    ['a frame with a reserved bit set (3.x)', 0xc1, undefined],
    ['a continuation with no message to continue (5.15)', 0x80, Buffer.from('x')],
  ] as const) {
    test(`${side}: a text message then ${what} in one write: the echo goes out, then close 1002`, async (t) => {
      const log = captureLog('warning');
      try {
        const end = await open(t);
        end.write(Buffer.concat([end.wire(TEXT, hello), end.wire(first, payload)]));
        const loop = echoLoop(end.peer);
        await pollUntil('the close frame', () => end.frames.some((f) => f.opcode === 8), loop);
        assert.deepEqual(
          end.frames.map((f) => [f.opcode, f.opcode === 8 ? closeCode(f) : f.payload.toString()]),
          [
            [1, 'hello'],
            [8, 1002],
          ],
        );
        await pollUntil(
          'CLOSED',
          () => end.peer.getReadyState() === WebSocketPeer.STATE_CLOSED,
          loop,
        );
        assert.equal(end.peer.getCloseCode(), 1002);
        assert.match(end.peer.getLastError()?.code ?? '', /^WS_ERR_/);
        assert.ok(!log.lines.some((l) => l.includes('not open')), log.lines.join('\n'));
      } finally {
        log.restore();
      }
    });
  }
}

test('an application that answers only on a later turn: the close 1002 does not wait for it', async (t) => {
  const log = captureLog('warning');
  try {
    const { peer, frames, write, wire } = await rawClientEnd(t);
    write(Buffer.concat([wire(TEXT, hello), wire(0x83)]));
    // Poll without reading until the message is there; the job ends: the connection fails (the
    // message stays readable, as after any close).
    await pollUntil(
      'the message',
      () => peer.getAvailablePacketCount() > 0,
      () => peer.poll(),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(peer.getAvailablePacketCount(), 1, 'the message is still there to read');
    assert.equal(Buffer.from(peer.getPacket()).toString(), 'hello');
    await pollUntil(
      'the close frame',
      () => frames.some((f) => f.opcode === 8),
      () => peer.poll(),
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
