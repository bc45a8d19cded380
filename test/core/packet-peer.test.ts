import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { PacketPeer } from '../../src/core/packet-peer.js';
import { captureLog } from '../helpers/log.js';

class LoopbackPeer extends PacketPeer {
  queue: Uint8Array[] = [];
  sent = 0;
  getAvailablePacketCount(): number {
    return this.queue.length;
  }
  protected getPacketRaw(): Uint8Array | Error {
    return this.queue.shift() ?? Error.ERR_UNAVAILABLE;
  }
  protected putPacketRaw(data: Uint8Array): Error {
    this.sent++;
    this.queue.push(data);
    return Error.OK;
  }
}

test('putPacket of an empty array is OK and sends nothing', () => {
  const p = new LoopbackPeer();
  assert.equal(p.putPacket(new Uint8Array(0)), Error.OK);
  assert.equal(p.sent, 0);
});

test('getPacket returns bytes, or an empty array with getPacketError set', () => {
  const p = new LoopbackPeer();
  p.putPacket(Uint8Array.of(1, 2));
  assert.deepEqual([...p.getPacket()], [1, 2]);
  assert.equal(p.getPacketError(), Error.OK);
  assert.equal(p.getPacket().byteLength, 0);
  assert.equal(p.getPacketError(), Error.ERR_UNAVAILABLE);
});

test('encodeBufferMaxSize follows Godot: default 8 MiB, power of two, bounds refused', () => {
  const p = new LoopbackPeer();
  const log = captureLog();
  try {
    assert.equal(p.encodeBufferMaxSize, 8388608);
    p.encodeBufferMaxSize = 5000;
    assert.equal(p.getEncodeBufferMaxSize(), 8192);
    p.setEncodeBufferMaxSize(1000);
    assert.equal(p.encodeBufferMaxSize, 8192);
    p.setEncodeBufferMaxSize(512 * 1024 * 1024);
    assert.equal(p.encodeBufferMaxSize, 8192);
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});
