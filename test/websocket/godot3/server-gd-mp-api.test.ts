// Our Godot 3 WebSocketServer in gd_mp_api mode, byte for byte, with `ws` clients on 127.0.0.1:
// the SYS order, the relay rules (unchanged bytes), the drops and the −1 quirk.
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { Error } from '../../../src/core/error.js';
import {
  encodeGdMpPacket,
  encodeGdMpSys,
  GdMpType,
} from '../../../src/websocket/godot3/gd-mp-api.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { captureLog } from '../../helpers/log.js';
import { pollFor, pollUntil } from '../../helpers/poll.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A `ws` client that records every message as hex. */
async function join(server: WebSocketServer) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.getLocalPort()}/`);
  const got: string[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    assert.ok(isBinary, 'gd_mp_api messages are binary');
    got.push(hex(data));
  });
  await pollUntil(
    'open',
    () => ws.readyState === WebSocket.OPEN,
    () => server.poll(),
  );
  await pollUntil(
    'SYS_ID',
    () => got.length >= 2,
    () => server.poll(),
  );
  const id = Buffer.from(got[0]!, 'hex').readInt32LE(9);
  return { ws, got, id };
}

const send = (ws: WebSocket, type: number, from: number, to: number, payload: number[] = []) =>
  ws.send(encodeGdMpPacket(type, from, to, Uint8Array.from(payload)));

test('gd_mp_api server: SYS_ID, SYS_ADD(1), then SYS_ADD both ways per existing peer; SYS_DEL', async () => {
  const server = new WebSocketServer();
  const events: string[] = [];
  server.peerConnected.connect((id) => events.push(`+${id}`));
  server.peerDisconnected.connect((id) => events.push(`-${id}`));
  assert.equal(server.listen(0, [], true), Error.OK);
  try {
    const a = await join(server);
    assert.deepEqual(a.got, [
      hex(encodeGdMpSys(GdMpType.SYS_ID, a.id)),
      hex(encodeGdMpSys(GdMpType.SYS_ADD, 1)),
    ]);
    assert.equal(a.got[1], '01010000000000000001000000');
    const b = await join(server);
    await pollUntil(
      'SYS_ADD(a) to b',
      () => b.got.length === 3,
      () => server.poll(),
    );
    assert.deepEqual(b.got, [
      hex(encodeGdMpSys(GdMpType.SYS_ID, b.id)),
      hex(encodeGdMpSys(GdMpType.SYS_ADD, 1)),
      hex(encodeGdMpSys(GdMpType.SYS_ADD, a.id)),
    ]);
    await pollUntil(
      'SYS_ADD(b) to a',
      () => a.got.length === 3,
      () => server.poll(),
    );
    assert.equal(a.got[2], hex(encodeGdMpSys(GdMpType.SYS_ADD, b.id)));
    assert.ok(a.id > 1 && b.id > 1 && a.id !== b.id);
    assert.deepEqual(events, [`+${a.id}`, `+${b.id}`]);
    b.ws.close();
    await pollUntil(
      'SYS_DEL(b) to a',
      () => a.got.length === 4,
      () => server.poll(),
    );
    assert.equal(a.got[3], hex(encodeGdMpSys(GdMpType.SYS_DEL, b.id)));
    assert.deepEqual(events, [`+${a.id}`, `+${b.id}`, `-${b.id}`]);
    a.ws.close();
  } finally {
    server.stop();
  }
});

test('gd_mp_api server: relay keeps the bytes; server copies per target; drops; the −1 quirk', async () => {
  const log = captureLog('error');
  const server = new WebSocketServer();
  assert.equal(server.listen(0, [], true), Error.OK);
  const kept: string[] = [];
  server.peerPacket.connect((from) => kept.push(`${from}`));
  const take = () => {
    const out: string[] = [];
    while (server.getAvailablePacketCount() > 0) {
      const from = server.getPacketPeer();
      out.push(`${from}:${hex(server.getPacket())}`);
    }
    return out;
  };
  try {
    const a = await join(server);
    const b = await join(server);
    const c = await join(server);
    await pollUntil(
      'all told',
      () => a.got.length === 4 && b.got.length === 4,
      () => server.poll(),
    );
    for (const p of [a, b, c]) p.got.length = 0;
    const cases: [to: number, payload: number, server: boolean, receivers: string[]][] = [
      [1, 0x11, true, []],
      [0, 0x22, true, ['b', 'c']],
      [-c.id, 0x33, true, ['b']],
      [-1, 0x44, true, ['b', 'c']], // quirk: the server keeps it too
      [b.id, 0x55, false, ['b']],
    ];
    const peers = { a, b, c };
    for (const [to, payload, keep, receivers] of cases) {
      const packet = encodeGdMpPacket(0, a.id, to, Uint8Array.of(payload));
      a.ws.send(packet);
      // Wait for what must arrive (a loaded machine may take a while), then a moment for
      // anything that must not.
      await pollUntil(
        `the packet to ${to}`,
        () =>
          (!keep || server.getAvailablePacketCount() > 0) &&
          receivers.every((name) => peers[name as keyof typeof peers].got.length > 0),
        () => server.poll(),
      );
      await pollFor(30, () => server.poll());
      assert.deepEqual(take(), keep ? [`${a.id}:${payload.toString(16)}`] : [], `to ${to}`);
      for (const [name, p] of Object.entries(peers)) {
        const expected = receivers.includes(name) ? [hex(packet)] : [];
        assert.deepEqual(p.got.splice(0), expected, `to ${to}: ${name}`);
      }
    }
    // A 9-byte packet (empty payload) is relayed as it is.
    send(a.ws, 0, a.id, b.id);
    // Dropped, each with an error: from ≠ sender, a SYS type, < 9 bytes, to itself, to nobody.
    send(a.ws, 0, b.id, 0, [1]);
    send(a.ws, GdMpType.SYS_ADD, a.id, 0, [1]);
    a.ws.send(Uint8Array.of(0, 1, 2));
    send(a.ws, 0, a.id, a.id, [1]);
    send(a.ws, 0, a.id, 12345, [1]);
    await pollFor(80, () => server.poll());
    assert.deepEqual(b.got.splice(0), [hex(encodeGdMpPacket(0, a.id, b.id, new Uint8Array(0)))]);
    assert.deepEqual(c.got, []);
    assert.deepEqual(take(), []);
    assert.equal(
      log.lines.filter((l) => l.includes('gd_mp_api: dropped')).length,
      5,
      log.lines.join('\n'),
    );
    assert.ok(kept.length >= 4);

    // Server sends: from = 1, to = the target.
    server.setTargetPeer(b.id);
    assert.equal(server.putPacket(Uint8Array.of(7)), Error.OK);
    server.setTargetPeer(-b.id);
    assert.equal(server.putPacket(Uint8Array.of(8)), Error.OK);
    server.setTargetPeer(1);
    assert.equal(server.putPacket(Uint8Array.of(9)), Error.OK);
    server.setTargetPeer(4242);
    assert.equal(server.putPacket(Uint8Array.of(9)), Error.ERR_INVALID_PARAMETER);
    await pollFor(60, () => server.poll());
    assert.deepEqual(b.got.splice(0), [hex(encodeGdMpPacket(0, 1, b.id, Uint8Array.of(7)))]);
    const toOthers = hex(encodeGdMpPacket(0, 1, -b.id, Uint8Array.of(8)));
    assert.deepEqual(a.got.splice(0), [toOthers]);
    assert.deepEqual(c.got.splice(0), [toOthers]);
    for (const p of [a, b, c]) p.ws.close();
  } finally {
    server.stop();
    log.restore();
  }
});

test('gd_mp_api server: relays to a peer that does not read are dropped; memory stays bounded', async () => {
  const log = captureLog('error');
  const server = new WebSocketServer();
  assert.equal(server.setBuffers(64, 1024, 4, 1024), Error.OK); // 4 KiB out per peer
  assert.equal(server.listen(0, [], true), Error.OK);
  const ids: number[] = [];
  server.peerConnected.connect((id) => ids.push(id));
  const stalled = createConnection(server.getLocalPort(), '127.0.0.1');
  stalled.on('error', () => {});
  try {
    stalled.write(
      'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    stalled.pause(); // never reads: what the server sends it piles up
    await pollUntil(
      'the stalled peer',
      () => ids.length === 1,
      () => server.poll(),
    );
    const stalledId = ids[0]!;
    const a = await join(server);
    const chunk = new Uint8Array(8000);
    for (let i = 0; i < 2000; i++) a.ws.send(encodeGdMpPacket(0, a.id, stalledId, chunk)); // 16 MB
    let maxBuffered = 0;
    // Not a fixed wait: poll until the limit has been hit (the server says so), however long the
    // 16 MB take to arrive here; only then is the upper bound on what it buffered a test.
    await pollUntil(
      'the stalled peer’s output buffer to fill',
      () => log.lines.some((l) => l.includes('output buffer is full')),
      () => {
        server.poll();
        const peer = server.hasPeer(stalledId) ? server.getPeer(stalledId) : null;
        maxBuffered = Math.max(maxBuffered, peer?.getCurrentOutboundBufferedAmount() ?? 0);
      },
      20_000,
    );
    assert.ok(maxBuffered <= 4096 + 8009 + 16, `buffered ${maxBuffered}`);
    a.ws.close();
  } finally {
    stalled.destroy();
    server.stop();
    log.restore();
  }
});

test('gd_mp_api server: a relay that waits for a slow recipient asks the relay filter once per packet', async () => {
  const server = new WebSocketServer();
  const asked = new Map<number, number>(); // packet number → times the filter saw it
  server.setRelayFilter((_sender, payload) => {
    const n = (payload[0]! << 8) | payload[1]!;
    asked.set(n, (asked.get(n) ?? 0) + 1);
    return true;
  });
  assert.equal(server.listen(0, [], true), Error.OK);
  const COUNT = 300; // of 60,000 bytes: more than the kernel buffers towards c hold
  try {
    const a = await join(server);
    const b = await join(server);
    const c = await join(server);
    await pollFor(50, () => server.poll()); // the SYS_ADDs
    const big = (got: string[]) => got.filter((h) => h.length > 1000).length;
    const socket = (ws: WebSocket) =>
      (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket(c.ws).pause(); // c reads nothing for now
    for (let i = 0; i < COUNT; i++) {
      const payload = new Uint8Array(60_000);
      payload[0] = i >> 8;
      payload[1] = i & 0xff;
      a.ws.send(encodeGdMpPacket(GdMpType.SYS_NONE, a.id, 0, payload));
    }
    // The relay holds a's packets for c (and a behind them), retrying on every poll.
    await pollFor(500, () => server.poll());
    assert.ok(big(b.got) < COUNT, 'the relay held packets back');
    socket(c.ws).resume();
    await pollUntil(
      `all ${COUNT} at b and c`,
      () => big(b.got) === COUNT && big(c.got) === COUNT,
      () => server.poll(),
      20_000,
    );
    const repeated = [...asked].filter(([, n]) => n !== 1);
    assert.deepEqual(repeated, [], 'no packet was asked about twice');
    assert.equal(asked.size, COUNT);
    for (const x of [a, b, c]) x.ws.terminate();
  } finally {
    server.stop();
  }
});
