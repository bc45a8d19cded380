// Our WebSocketPeer against `ws` over 127.0.0.1, both roles: flow control and teardown, and
// frames ws would never send (written by hand on ws's own socket) — what we answer to each.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil, tick } from '../helpers/poll.js';
import {
  closedBoth,
  closeLinks,
  type Link,
  link,
  nextPacket,
  ROLES,
  rawFrame,
} from '../helpers/ws-interop.js';

const { STATE_OPEN, STATE_CLOSED } = WebSocketPeer;
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();
const OP = { CONT: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9 } as const;

afterEach(closeLinks);

/** Writes `frames` on ws's socket and expects us to fail the connection with `code`. */
async function expectFailure(l: Link, code: number, ...frames: Buffer[]): Promise<void> {
  for (const f of frames) l.socket.write(f);
  await closedBoth(l);
  assert.equal(l.peer.getCloseCode(), code);
  assert.equal(l.log.close?.code, code, 'ws saw our close frame');
}

for (const role of ROLES) {
  describe(`interop with ws: ${role}, flow and teardown`, () => {
    test('a message sent just before ws closes stays readable after CLOSED', async () => {
      const l = await link(role);
      l.ws.send('last words');
      l.ws.close(1001, 'gone');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 1001);
      assert.equal(l.peer.getAvailablePacketCount(), 1);
      assert.equal(fromUtf8.decode(l.peer.getPacket()), 'last words');
    });

    test('more messages than maxQueuedPackets: reading pauses, nothing is dropped', async () => {
      const l = await link(role, (p) => (p.maxQueuedPackets = 100));
      const sent = 1000;
      for (let i = 0; i < sent; i++) l.ws.send(`m${i}`);
      await pollUntil('ws flushed', () => l.ws.bufferedAmount === 0, l.poll);
      await pollUntil('a full queue', () => l.peer.getAvailablePacketCount() === 100, l.poll);
      const seen: string[] = [];
      await pollUntil(
        `${sent} messages`,
        () => {
          assert.ok(l.peer.getAvailablePacketCount() <= 100);
          while (l.peer.getAvailablePacketCount() > 0)
            seen.push(fromUtf8.decode(l.peer.getPacket()));
          return seen.length >= sent;
        },
        l.poll,
      );
      assert.deepEqual(
        seen,
        Array.from({ length: sent }, (_, i) => `m${i}`),
      );
      assert.equal(l.peer.getReadyState(), WebSocketPeer.STATE_OPEN);
    });

    test('the queue limits are fixed when the peer opens (as in Godot)', async () => {
      const l = await link(role, (p) => (p.maxQueuedPackets = 10));
      l.peer.maxQueuedPackets = 1000; // too late for this connection
      const sent = 50;
      for (let i = 0; i < sent; i++) l.ws.send(`m${i}`);
      await pollUntil('ws flushed', () => l.ws.bufferedAmount === 0, l.poll);
      await pollUntil('a full queue', () => l.peer.getAvailablePacketCount() === 10, l.poll);
      for (let i = 0; i < 5; i++) {
        l.poll();
        await tick(1);
      }
      assert.equal(l.peer.getAvailablePacketCount(), 10);
      let seen = 0;
      await pollUntil(
        `${sent} messages`,
        () => {
          while (l.peer.getAvailablePacketCount() > 0) {
            assert.equal(fromUtf8.decode(l.peer.getPacket()), `m${seen++}`);
          }
          return seen >= sent;
        },
        l.poll,
      );
    });

    test('heartbeat: pongs waiting behind messages we have not read do not drop the link', async () => {
      const l = await link(role, (p) => {
        p.heartbeatInterval = 0.1;
        p.maxQueuedPackets = 100;
      });
      const sent = 1000;
      // In small batches, so the event loop (and ws's pong) is never blocked for an interval.
      for (let i = 0; i < sent; i++) {
        l.ws.send(`m${i}`);
        if (i % 50 === 49) {
          l.poll();
          await tick(1);
        }
      }
      await pollUntil('a full queue', () => l.peer.getAvailablePacketCount() === 100, l.poll).catch(
        (err) => {
          const state = `state ${l.peer.getReadyState()}, ${l.peer.getAvailablePacketCount()} queued`;
          throw new globalThis.Error(`${(err as globalThis.Error).message} (${state})`);
        },
      );
      const end = Date.now() + 600; // six intervals without reading a packet
      await pollUntil('600 ms', () => Date.now() > end, l.poll);
      assert.equal(l.peer.getReadyState(), STATE_OPEN);
      let seen = 0;
      await pollUntil(
        `${sent} messages`,
        () => {
          while (l.peer.getAvailablePacketCount() > 0) {
            assert.equal(fromUtf8.decode(l.peer.getPacket()), `m${seen}`);
            seen++;
          }
          return seen === sent;
        },
        l.poll,
      );
      const later = Date.now() + 300; // and the heartbeat still runs once input flows again
      await pollUntil('300 ms', () => Date.now() > later, l.poll);
      assert.equal(l.peer.getReadyState(), STATE_OPEN);
    });

    test('unread messages over inboundBufferSize in total: held back, none lost', async () => {
      const l = await link(role);
      for (let i = 0; i < 12; i++) l.ws.send(Buffer.alloc(30_000, i));
      await pollUntil('two messages queued', () => l.peer.getAvailablePacketCount() >= 2, l.poll);
      for (let i = 0; i < 20; i++) {
        l.poll();
        await new Promise((r) => setTimeout(r, 2));
      }
      assert.equal(l.peer.getAvailablePacketCount(), 2, '65535 bytes hold two of 30000');
      for (let i = 0; i < 12; i++) {
        const got = await nextPacket(l, `message ${i}`);
        assert.equal(got.byteLength, 30_000);
        assert.equal(got[0], i);
      }
      assert.equal(l.peer.getReadyState(), WebSocketPeer.STATE_OPEN);
    });

    test('ws dropping the TCP connection (terminate) leaves us CLOSED with -1', async () => {
      const l = await link(role);
      l.ws.terminate();
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), -1);
      assert.equal(l.log.close?.code, 1006);
    });

    test('a 123-byte multi-byte close reason goes both ways intact', async () => {
      const reason = '€'.repeat(41); // 123 bytes
      const l = await link(role);
      l.ws.close(4100, reason);
      await closedBoth(l);
      assert.equal(l.peer.getCloseReason(), reason);
      assert.deepEqual(l.log.close, { code: 4100, reason });
      const m = await link(role);
      m.peer.close(4101, reason);
      await closedBoth(m);
      assert.deepEqual(m.log.close, { code: 4101, reason });
    });
  });
}

for (const role of ROLES) {
  describe(`interop with ws: ${role}, frames ws would not send`, () => {
    const quiet = () => captureLog('error');

    test('a close frame with a 1-byte payload counts as "no status": code 0, ws sees 1005', async () => {
      const l = await link(role);
      l.socket.write(rawFrame(OP.CLOSE, Uint8Array.of(0x03), l.wsIsClient));
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 0);
      assert.equal(l.peer.getCloseReason(), '');
      assert.equal(l.log.close?.code, 1005);
    });

    const failures: [string, number, (l: Link) => Buffer[]][] = [
      [
        'a ping over 125 bytes',
        1002,
        (l) => [rawFrame(OP.PING, new Uint8Array(126), l.wsIsClient)],
      ],
      [
        'a fragmented ping',
        1002,
        (l) => [rawFrame(OP.PING, new Uint8Array(1), l.wsIsClient, false)],
      ],
      [
        'a continuation with no message started',
        1002,
        (l) => [rawFrame(OP.CONT, utf8.encode('x'), l.wsIsClient)],
      ],
      [
        'a new text frame inside a fragmented message',
        1002,
        (l) => [
          rawFrame(OP.TEXT, utf8.encode('a'), l.wsIsClient, false),
          rawFrame(OP.TEXT, utf8.encode('b'), l.wsIsClient),
        ],
      ],
      ['a reserved opcode (3)', 1002, (l) => [rawFrame(3, new Uint8Array(0), l.wsIsClient)]],
      [
        'an RSV1 bit (no extension was agreed)',
        1002,
        (l) => {
          const f = rawFrame(OP.TEXT, utf8.encode('z'), l.wsIsClient);
          f[0]! |= 0x40;
          return [f];
        },
      ],
      [
        'a frame masked the wrong way for its direction',
        1002,
        (l) => [rawFrame(OP.BINARY, Uint8Array.of(1), !l.wsIsClient)],
      ],
      [
        'invalid UTF-8 across two fragments',
        1007,
        (l) => [
          rawFrame(OP.TEXT, Uint8Array.of(0x61, 0xe2), l.wsIsClient, false),
          rawFrame(OP.CONT, Uint8Array.of(0x28, 0xa1), l.wsIsClient),
        ],
      ],
      [
        'a close reason that is not UTF-8',
        1007,
        (l) => [rawFrame(OP.CLOSE, Uint8Array.of(0x03, 0xe8, 0xff), l.wsIsClient)],
      ],
    ];
    for (const [what, code, frames] of failures) {
      test(`${what}: we close with ${code}`, async () => {
        const log = quiet();
        try {
          const l = await link(role);
          await expectFailure(l, code, ...frames(l));
        } finally {
          log.restore();
        }
      });
    }

    test('a 64-bit length of 2^52 is refused with 1009 before any payload comes', async () => {
      const log = quiet();
      try {
        const l = await link(role);
        const head = Buffer.from([
          0x82,
          (l.wsIsClient ? 0x80 : 0) | 127,
          0,
          0x10,
          0,
          0,
          0,
          0,
          0,
          0,
        ]);
        await expectFailure(l, 1009, l.wsIsClient ? Buffer.concat([head, Buffer.alloc(4)]) : head);
      } finally {
        log.restore();
      }
    });

    test('a 16-bit length under 126 (not minimal) is a protocol error: 1002', async () => {
      const log = quiet();
      try {
        const l = await link(role);
        const head = Buffer.from([0x82, (l.wsIsClient ? 0x80 : 0) | 126, 0, 5]);
        const key = l.wsIsClient ? Buffer.alloc(4) : Buffer.alloc(0);
        await expectFailure(l, 1002, Buffer.concat([head, key, Buffer.alloc(5)]));
      } finally {
        log.restore();
      }
    });

    test('frames written one byte at a time are parsed across every boundary', async () => {
      const l = await link(role);
      l.socket.setNoDelay(true);
      const text = 'héllo € 😀 '.repeat(12);
      const bytes = Buffer.concat([
        rawFrame(OP.TEXT, utf8.encode(text.slice(0, 40)), l.wsIsClient, false),
        rawFrame(OP.PING, utf8.encode('p'), l.wsIsClient),
        rawFrame(OP.CONT, utf8.encode(text.slice(40)), l.wsIsClient),
        rawFrame(OP.BINARY, new Uint8Array(300).fill(7), l.wsIsClient),
      ]);
      for (const b of bytes) {
        l.socket.write(Uint8Array.of(b));
        l.poll();
        await tick(0);
      }
      assert.equal(fromUtf8.decode(await nextPacket(l, 'the text')), text);
      assert.deepEqual(await nextPacket(l, 'the binary'), new Uint8Array(300).fill(7));
      await pollUntil('the pong', () => l.log.pongs.length === 1, l.poll);
      assert.equal(l.peer.getReadyState(), STATE_OPEN);
    });

    test('a 125-byte ping payload comes back in the pong', async () => {
      const l = await link(role);
      const payload = Buffer.alloc(125, 0x5a);
      l.ws.ping(payload);
      await pollUntil('the pong', () => l.log.pongs.length === 1, l.poll);
      assert.deepEqual(l.log.pongs[0], payload);
    });
  });

  describe(`interop with ws: ${role}, closing races and limits`, () => {
    test('both sides close at the same moment: each reports the other’s code', async () => {
      const l = await link(role);
      l.peer.close(4001, 'mine');
      l.ws.close(4002, 'theirs');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4002);
      assert.equal(l.peer.getCloseReason(), 'theirs');
      assert.deepEqual(l.log.close, { code: 4001, reason: 'mine' });
    });

    test('a reason over 123 bytes is cut at a character boundary before it is sent', async () => {
      const log = captureLog('error');
      try {
        const l = await link(role);
        l.peer.close(4000, 'é'.repeat(100));
        await closedBoth(l);
        assert.deepEqual(l.log.close, { code: 4000, reason: 'é'.repeat(61) });
        assert.equal(log.lines.length, 1, log.lines.join('\n'));
      } finally {
        log.restore();
      }
    });

    test('small fragments adding up past inboundBufferSize: 1009', async () => {
      const log = captureLog();
      try {
        const l = await link(role, (p) => (p.inboundBufferSize = 1000));
        l.ws.send(Buffer.alloc(600), { binary: true, fin: false });
        l.ws.send(Buffer.alloc(600), { binary: true, fin: true });
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1009);
        assert.equal(l.log.close?.code, 1009);
        assert.equal(l.peer.getAvailablePacketCount(), 0);
      } finally {
        log.restore();
      }
    });

    test('our close while ws keeps sending: we stay CLOSING, drop its data, end on its reply', async () => {
      const l = await link(role);
      l.ws.send('before');
      l.peer.close(4006, 'stop');
      assert.equal(l.peer.getAvailablePacketCount(), 0);
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4006);
      assert.equal(l.peer.getAvailablePacketCount(), 0, 'close() discards unread input');
    });
  });

  describe(`interop with ws: ${role}, a ws side that stops reading`, () => {
    test('our heartbeat drops it within two intervals (code -1)', async () => {
      const log = captureLog('error');
      try {
        const l = await link(role, (p) => (p.heartbeatInterval = 0.1));
        // Not a fixed wait: three pings must have been answered (ws pongs by itself) while the
        // peer stayed open, however slowly this machine runs.
        let pings = 0;
        l.ws.on('ping', () => pings++);
        await pollUntil('three answered pings', () => pings >= 3, l.poll, 5000);
        assert.equal(l.peer.getReadyState(), STATE_OPEN, 'pongs keep it open');
        l.socket.pause();
        const paused = Date.now();
        await pollUntil('CLOSED', () => l.peer.getReadyState() === STATE_CLOSED, l.poll, 2000);
        assert.ok(Date.now() - paused <= 500, `dropped after ${Date.now() - paused} ms`);
        assert.equal(l.peer.getCloseCode(), -1);
      } finally {
        log.restore();
      }
    });

    test('outbound: sends are refused past outboundBufferSize, none is lost', async () => {
      const log = captureLog('error');
      try {
        const l = await link(role);
        l.socket.pause();
        const size = 60_000;
        let accepted = 0;
        let refused = false;
        const deadline = Date.now() + 5000;
        while (!refused) {
          assert.ok(Date.now() < deadline, 'the send was never refused');
          const msg = new Uint8Array(size).fill(accepted & 255);
          const err = l.peer.send(msg);
          if (err === Error.OK) accepted++;
          else {
            assert.equal(err, Error.ERR_OUT_OF_MEMORY);
            refused = true;
          }
          l.poll();
          await tick(1);
        }
        const buffered = l.peer.getCurrentOutboundBufferedAmount();
        assert.ok(buffered > 65_535 - size, `honest buffered amount: ${buffered}`);
        assert.ok(
          log.lines.some((s) => s.includes('outboundBufferSize')),
          log.lines.join('\n'),
        );
        l.socket.resume();
        await pollUntil(
          `${accepted} messages at ws`,
          () => l.log.messages.length === accepted,
          l.poll,
        );
        for (const [i, m] of l.log.messages.entries()) {
          assert.equal(m.data.byteLength, size);
          assert.equal(m.data[0], i & 255, `message ${i} in order`);
        }
        await pollUntil(
          'nothing buffered',
          () => l.peer.getCurrentOutboundBufferedAmount() === 0,
          l.poll,
        );
      } finally {
        log.restore();
      }
    });
  });
}

describe('interop with ws: heartbeat after our event loop was blocked', () => {
  test('a pong that waited in the socket while we were blocked still counts', async (t) => {
    // The ws server runs in a child process, so it answers our ping while we are blocked.
    const root = join(import.meta.dirname, '..', '..', '..');
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { WebSocketServer } from 'ws';
         const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
         wss.on('listening', () => console.log(wss.address().port));
         setTimeout(() => process.exit(0), 15000);`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.after(() => child.kill('SIGKILL'));
    let port = 0;
    child.stdout.on('data', (d: Buffer) => (port = Number(String(d).trim())));
    await pollUntil('the child ws server', () => port > 0);
    const peer = new WebSocketPeer();
    peer.heartbeatInterval = 0.1;
    t.after(() => peer.close(-1));
    assert.equal(peer.connectToUrl(`ws://127.0.0.1:${port}/`), Error.OK);
    await pollUntil(
      'OPEN',
      () => peer.getReadyState() === STATE_OPEN,
      () => peer.poll(),
    );
    // The first ping is out; block for three intervals (a long frame, a GC pause…).
    const until = performance.now() + 300;
    while (performance.now() < until) {
      // busy
    }
    peer.poll();
    assert.equal(peer.getReadyState(), STATE_OPEN, 'not dropped before the socket was read');
    const end = Date.now() + 400;
    await pollUntil(
      '400 ms',
      () => Date.now() > end,
      () => peer.poll(),
    );
    assert.equal(peer.getReadyState(), STATE_OPEN);
    assert.equal(peer.getCloseCode(), -1);
  });
});
