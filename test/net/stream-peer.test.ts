import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import type { StreamPeerTCP } from '../../src/net/stream-peer-tcp.js';
import type { TCPServer } from '../../src/net/tcp-server.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { connectedPair, listeningServer } from './tcp-pair.js';

let server: TCPServer;
let writer: StreamPeerTCP;
let reader: StreamPeerTCP;

before(async () => {
  server = await listeningServer();
  [writer, reader] = await connectedPair(server);
});
after(() => {
  writer.disconnectFromHost();
  reader.disconnectFromHost();
  server.stop();
});

async function arrived(bytes: number): Promise<void> {
  await pollUntil(`${bytes} bytes`, () => reader.getAvailableBytes() >= bytes);
}

for (const bigEndian of [false, true]) {
  test(`typed put/get round trip (bigEndian ${bigEndian})`, async () => {
    writer.bigEndian = bigEndian;
    reader.setBigEndian(bigEndian);
    assert.equal(reader.isBigEndianEnabled(), bigEndian);
    writer.put8(-5);
    writer.putU8(250);
    writer.put16(-30000);
    writer.putU16(65000);
    writer.put32(-2_000_000_000);
    writer.putU32(4_000_000_000);
    writer.put64(-9_007_199_254_740_993n);
    writer.putU64(18_446_744_073_709_551_615n);
    writer.putHalf(-2.5);
    writer.putFloat(1.5);
    writer.putDouble(Math.PI);
    writer.putString('ascii');
    writer.putUtf8String('ünïcødé ✓');
    const total = 1 + 1 + 2 + 2 + 4 + 4 + 8 + 8 + 2 + 4 + 8 + (4 + 5) + (4 + 15);
    await arrived(total);
    assert.equal(reader.getAvailableBytes(), total);
    assert.equal(reader.get8(), -5);
    assert.equal(reader.getU8(), 250);
    assert.equal(reader.get16(), -30000);
    assert.equal(reader.getU16(), 65000);
    assert.equal(reader.get32(), -2_000_000_000);
    assert.equal(reader.getU32(), 4_000_000_000);
    assert.equal(reader.get64(), -9_007_199_254_740_993n);
    assert.equal(reader.getU64(), 18_446_744_073_709_551_615n);
    assert.equal(reader.getHalf(), -2.5);
    assert.equal(reader.getFloat(), 1.5);
    assert.equal(reader.getDouble(), Math.PI);
    assert.equal(reader.getString(), 'ascii');
    assert.equal(reader.getUtf8String(), 'ünïcødé ✓');
    assert.equal(reader.getAvailableBytes(), 0);
  });
}

test('little-endian layout on the wire matches Godot (u32 1 = 01 00 00 00)', async () => {
  writer.bigEndian = false;
  writer.putU32(1);
  writer.putString('ab');
  await arrived(10);
  const [err, bytes] = reader.getData(10);
  assert.equal(err, Error.OK);
  assert.deepEqual([...bytes], [1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x62]);
});

test('getString(n) reads n bytes, stops at NUL, decodes Latin-1; putString sends non-ASCII as spaces', async () => {
  const log = captureLog();
  writer.bigEndian = false;
  writer.putData(new Uint8Array([0x41, 0xe9, 0x00, 0x42]));
  writer.putString('é😀!');
  await arrived(11);
  assert.equal(reader.getString(4), 'Aé');
  const [, rest] = reader.getData(7);
  assert.deepEqual([...rest], [3, 0, 0, 0, 0x20, 0x20, 0x21]);
  assert.equal(log.lines.length, 1);
  log.restore();
});

test('reads are all or nothing: a partial value consumes nothing', async () => {
  const log = captureLog();
  writer.bigEndian = false;
  reader.bigEndian = false;
  try {
    writer.putData(new Uint8Array([1, 0]));
    await arrived(2);
    assert.equal(reader.get32(), 0);
    assert.deepEqual(reader.getData(4), [Error.ERR_UNAVAILABLE, new Uint8Array(0)]);
    writer.putData(new Uint8Array([0, 0]));
    await arrived(4);
    assert.equal(reader.getU32(), 1);
    writer.putU32(6); // a string header whose body has not arrived
    await arrived(4);
    assert.equal(reader.getUtf8String(), '');
    assert.equal(reader.getAvailableBytes(), 4, 'the length prefix stays');
    writer.putData(new TextEncoder().encode('godot!'));
    await arrived(10);
    assert.equal(reader.getUtf8String(), 'godot!');
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});

test('getPartialData returns what has arrived; putPartialData reports what it sent', async () => {
  assert.deepEqual(reader.getPartialData(10), [Error.OK, new Uint8Array(0)]);
  const [err, sent] = writer.putPartialData(new Uint8Array([7, 8, 9]));
  assert.equal(err, Error.OK);
  assert.equal(sent, 3);
  await arrived(3);
  assert.deepEqual(reader.getPartialData(2), [Error.OK, new Uint8Array([7, 8])]);
  assert.deepEqual(reader.getPartialData(10), [Error.OK, new Uint8Array([9])]);
});

test('putData copies: changing the array afterwards does not change what is sent', async () => {
  const data = new Uint8Array([1, 2, 3]);
  writer.putData(data);
  data.fill(0);
  await arrived(3);
  assert.deepEqual([...reader.getData(3)[1]], [1, 2, 3]);
});

test('negative counts are ERR_INVALID_PARAMETER', () => {
  const log = captureLog();
  try {
    assert.equal(reader.getData(-1)[0], Error.ERR_INVALID_PARAMETER);
    assert.equal(reader.getPartialData(1.5)[0], Error.ERR_INVALID_PARAMETER);
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});
