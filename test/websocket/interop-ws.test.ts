// Our WebSocketPeer against the `ws` library over real 127.0.0.1 sockets, in both roles:
// our client ↔ a ws server, and a ws client ↔ our server-side peer (from our TCPServer).
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import {
  closedBoth,
  closeLinks,
  echo,
  link,
  nextPacket,
  ROLES,
  rawFrame,
} from '../helpers/ws-interop.js';

const { WRITE_MODE_TEXT, WRITE_MODE_BINARY } = WebSocketPeer;
const MiB = 1 << 20;
const SIZES = [0, 1, 125, 126, 65535, 65536, MiB];
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

afterEach(closeLinks);

function bigLimits(peer: WebSocketPeer): void {
  peer.inboundBufferSize = MiB + 1024;
  peer.outboundBufferSize = 4 * MiB;
}

/** A string of exactly `n` UTF-8 bytes mixing 1- to 4-byte characters. */
function textOf(n: number): string {
  return 'a€é😀'.repeat(Math.floor(n / 10)) + 'a'.repeat(n % 10);
}

function binaryOf(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >> 8)) & 255;
  return out;
}

for (const role of ROLES) {
  describe(`interop with ws: ${role}`, () => {
    test('text and binary of 0 B … 1 MiB echo intact with their kind', async () => {
      const l = await link(role, bigLimits);
      echo(l.ws);
      for (const size of SIZES) {
        const text = textOf(size);
        assert.equal(l.peer.sendText(text), Error.OK, `sendText ${size}`);
        const gotText = await nextPacket(l, `${size} B text back`);
        assert.equal(l.peer.wasStringPacket(), true, `${size} B text kind`);
        assert.equal(gotText.byteLength, size);
        assert.equal(fromUtf8.decode(gotText), text);
        const bin = binaryOf(size);
        assert.equal(l.peer.send(bin, WRITE_MODE_BINARY), Error.OK, `send ${size}`);
        const gotBin = await nextPacket(l, `${size} B binary back`);
        assert.equal(l.peer.wasStringPacket(), false, `${size} B binary kind`);
        assert.deepEqual(gotBin, bin);
      }
      assert.equal(l.log.messages.length, 2 * SIZES.length);
      for (const [i, m] of l.log.messages.entries()) assert.equal(m.binary, i % 2 === 1);
    });

    test('fragmented messages from ws, with a ping in between, arrive as one packet', async () => {
      const l = await link(role, bigLimits);
      const euro = utf8.encode('€'); // split across two fragments
      l.ws.send(Buffer.from([0x61, euro[0]!]), { binary: false, fin: false });
      l.ws.ping(Buffer.from('mid'));
      l.ws.send(Buffer.from([euro[1]!, euro[2]!, 0x62]), { binary: false, fin: false });
      l.ws.send(Buffer.alloc(0), { binary: false, fin: true });
      const text = await nextPacket(l, 'the reassembled text');
      assert.equal(fromUtf8.decode(text), 'a€b');
      assert.equal(l.peer.wasStringPacket(), true);
      await pollUntil('the pong', () => l.log.pongs.length > 0, l.poll);
      assert.equal(l.log.pongs[0]?.toString(), 'mid');

      const big = binaryOf(300_000);
      l.ws.send(big.subarray(0, 1), { binary: true, fin: false });
      l.ws.send(big.subarray(1, 70_000), { binary: true, fin: false });
      l.ws.ping();
      l.ws.send(big.subarray(70_000), { binary: true, fin: true });
      l.ws.send('after');
      assert.deepEqual(await nextPacket(l, 'the reassembled binary'), big);
      assert.equal(l.peer.wasStringPacket(), false);
      assert.equal(fromUtf8.decode(await nextPacket(l, 'the next message')), 'after');
      assert.equal(l.peer.getAvailablePacketCount(), 0);
    });

    test('ws close(4001, "x") is seen by us and echoed', async () => {
      const l = await link(role);
      l.ws.close(4001, 'x');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4001);
      assert.equal(l.peer.getCloseReason(), 'x');
      assert.deepEqual(l.log.close, { code: 4001, reason: 'x' });
    });

    test('a close reason with one trailing NUL (Godot 3 style) is reported without it', async () => {
      const l = await link(role);
      l.ws.close(4001, 'bye\0');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4001);
      assert.equal(l.peer.getCloseReason(), 'bye');
      assert.deepEqual(l.log.close, { code: 4001, reason: 'bye\0' }, 'echoed byte for byte');
      const m = await link(role);
      m.ws.close(4001, 'a\0b\0\0');
      await closedBoth(m);
      assert.equal(m.peer.getCloseReason(), 'a\0b\0', 'only one trailing NUL goes');
    });

    test('our close(4002, "y") is seen by ws; its echo closes us cleanly', async () => {
      const l = await link(role);
      l.peer.close(4002, 'y');
      assert.equal(l.peer.getReadyState(), WebSocketPeer.STATE_CLOSING);
      await closedBoth(l);
      assert.deepEqual(l.log.close, { code: 4002, reason: 'y' });
      assert.equal(l.peer.getCloseCode(), 4002);
      assert.equal(l.peer.getCloseReason(), 'y');
    });

    test('our close(0) sends no status: ws sees 1005, we report 0', async () => {
      const l = await link(role);
      l.peer.close(0);
      await closedBoth(l);
      assert.deepEqual(l.log.close, { code: 1005, reason: '' });
      assert.equal(l.peer.getCloseCode(), 0);
    });

    test('an invalid close code from ws (1004) makes us close with 1002', async () => {
      const log = captureLog();
      try {
        const l = await link(role);
        l.socket.write(rawFrame(0x8, Uint8Array.of(0x03, 0xec), l.wsIsClient));
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1002);
        assert.equal(l.peer.getCloseReason(), 'Protocol error');
        assert.equal(l.log.close?.code, 1002);
      } finally {
        log.restore();
      }
    });

    test('a message over our inboundBufferSize: we close 1009, ws sees 1009', async () => {
      const log = captureLog();
      try {
        const l = await link(role, (p) => (p.inboundBufferSize = 1000));
        l.ws.send(Buffer.alloc(1000, 1));
        assert.equal((await nextPacket(l, 'the 1000 B message')).byteLength, 1000);
        l.ws.send(Buffer.alloc(1001, 2));
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1009);
        assert.equal(l.peer.getCloseReason(), 'Message too big');
        assert.equal(l.log.close?.code, 1009);
      } finally {
        log.restore();
      }
    });

    test('invalid UTF-8 in a text message from ws: we close 1007, ws sees 1007', async () => {
      const log = captureLog();
      try {
        const l = await link(role);
        l.ws.send(Buffer.from([0x68, 0xff, 0x69]), { binary: false });
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1007);
        assert.equal(l.peer.getCloseReason(), 'Invalid frame payload data');
        assert.equal(l.log.close?.code, 1007);
        assert.equal(l.peer.getAvailablePacketCount(), 0);
      } finally {
        log.restore();
      }
    });

    test('text sent with send(…, WRITE_MODE_TEXT) reaches ws as text', async () => {
      const l = await link(role);
      assert.equal(l.peer.send(utf8.encode('hé'), WRITE_MODE_TEXT), Error.OK);
      assert.equal(l.peer.putPacket(Uint8Array.of(9)), Error.OK);
      await pollUntil('two messages at ws', () => l.log.messages.length === 2, l.poll);
      assert.deepEqual(l.log.messages[0], { data: Buffer.from('hé'), binary: false });
      assert.deepEqual(l.log.messages[1], { data: Buffer.of(9), binary: true });
    });
  });
}
