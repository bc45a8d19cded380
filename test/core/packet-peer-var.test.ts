import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { PacketPeer } from '../../src/core/packet-peer.js';
import { Vector2, Vector2i } from '../../src/core/variant/math-types.js';
import { GodotObject } from '../../src/core/variant/value-types.js';
import { captureLog } from '../helpers/log.js';
import { hex, toHex } from '../helpers/variant.js';

/** An in-memory peer: what is put is queued and read back. */
class LoopbackPeer extends PacketPeer {
  queue: Uint8Array[] = [];
  getAvailablePacketCount(): number {
    return this.queue.length;
  }
  protected getPacketRaw(): Uint8Array | Error {
    return this.queue.shift() ?? Error.ERR_UNAVAILABLE;
  }
  protected putPacketRaw(data: Uint8Array): Error {
    this.queue.push(data);
    return Error.OK;
  }
}

test('putVar sends one packet with the Godot 4 encoding; getVar reads it back', () => {
  const p = new LoopbackPeer();
  assert.equal(p.variantFormat, 'godot4');
  assert.equal(p.putVar({ pos: new Vector2(1, 2) }), Error.OK);
  assert.equal(p.getAvailablePacketCount(), 1);
  assert.equal(
    toHex(p.queue[0] ?? new Uint8Array()),
    '1b000000010000000400000003000000706f730005000000' + '0000803f00000040',
  );
  assert.deepEqual(p.getVar(), new Map([['pos', new Vector2(1, 2)]]));
  assert.equal(p.getPacketError(), Error.OK);
});

test("variantFormat 'godot3' uses Godot 3's type ids", () => {
  const p = new LoopbackPeer();
  p.variantFormat = 'godot3';
  p.putVar(new Vector2(1, 2));
  p.queue.push(hex('06000000 0000803f 00000040 00004040 00008040')); // Godot 3 RECT2 is id 6
  assert.equal(toHex(p.queue[0] ?? new Uint8Array()), '050000000000803f00000040');
  assert.deepEqual(p.getVar(), new Vector2(1, 2));
  const rect = p.getVar();
  assert.equal(rect?.constructor.name, 'Rect2');
});

test('getVar returns null and keeps the error: no packet, bad data, full object refused', () => {
  const p = new LoopbackPeer();
  const log = captureLog();
  try {
    assert.equal(p.getVar(), null);
    assert.equal(p.getPacketError(), Error.ERR_UNAVAILABLE);
    p.queue.push(hex('ff000000'));
    assert.equal(p.getVar(), null);
    assert.equal(p.getPacketError(), Error.ERR_INVALID_DATA);
    const full = hex('18000000 04000000 4e6f6465 00000000');
    p.queue.push(full, full);
    assert.equal(p.getVar(), null);
    assert.equal(p.getPacketError(), Error.ERR_UNAUTHORIZED);
    assert.deepEqual(p.getVar(true), new GodotObject('Node'));
    assert.equal(p.getPacketError(), Error.OK);
    assert.equal(log.lines.length, 3, log.lines.join('\n'));
  } finally {
    log.restore();
  }
});

test('putVar refuses what it cannot encode and sends nothing', () => {
  const p = new LoopbackPeer();
  p.variantFormat = 'godot3';
  const log = captureLog();
  try {
    assert.equal(p.putVar(new Vector2i(1, 2)), Error.ERR_INVALID_PARAMETER);
    assert.equal(p.putVar(new GodotObject('Node')), Error.ERR_UNAUTHORIZED);
    assert.equal(p.putVar(new GodotObject('Node'), true), Error.OK);
    assert.equal(p.queue.length, 1);
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});

test('putVar larger than encodeBufferMaxSize fails with ERR_OUT_OF_MEMORY', () => {
  const p = new LoopbackPeer();
  p.encodeBufferMaxSize = 1024;
  const log = captureLog();
  try {
    // header + count + 1016 bytes = 1024: exactly the limit is allowed
    assert.equal(p.putVar(new Uint8Array(1016)), Error.OK);
    assert.equal(p.putVar(new Uint8Array(1017)), Error.ERR_OUT_OF_MEMORY);
    assert.equal(p.queue.length, 1);
    assert.match(log.lines[0] ?? '', /ERR_OUT_OF_MEMORY/);
  } finally {
    log.restore();
  }
});
