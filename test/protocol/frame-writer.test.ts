import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameWriter, VIEW_THRESHOLD } from '../../src/protocol/frame-writer.js';
import { concat, toHex } from './frames.js';

test('small frames share slabs; the slab grows and drained bytes stay intact', () => {
  const w = new FrameWriter(false);
  const drained: Uint8Array[] = [];
  const copies: Uint8Array[] = [];
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 40; i++) w.writeFrame(2, true, new Uint8Array(100).fill(round));
    const chunks = w.drain();
    assert.ok(chunks.length <= 2, `round ${round}: ${chunks.length} chunks`);
    for (const c of chunks) {
      drained.push(c);
      copies.push(c.slice());
    }
  }
  assert.deepEqual(drained, copies);
  assert.equal(concat(...drained).length, 50 * 40 * 102);
});

test('payloads of VIEW_THRESHOLD bytes and more are referenced, smaller ones copied', () => {
  const w = new FrameWriter(false);
  const small = new Uint8Array(VIEW_THRESHOLD - 1);
  const large = new Uint8Array(VIEW_THRESHOLD);
  w.writeFrame(2, true, small);
  w.writeFrame(2, true, large);
  const chunks = w.drain();
  assert.equal(chunks.length, 2);
  assert.equal(chunks[1], large);
  assert.equal(chunks[0]!.length, 4 + small.length + 4);
});

test('a large masked frame gets its own buffer; the payload is not modified', () => {
  const w = new FrameWriter(true, (out) => out.fill(0xff));
  const payload = new Uint8Array(100_000).fill(0x0f);
  w.writeFrame(2, true, new Uint8Array(3));
  w.writeFrame(2, true, payload);
  const chunks = w.drain();
  assert.equal(chunks.length, 2);
  assert.equal(toHex(chunks[0]!), '82 83 ff ff ff ff ff ff ff');
  assert.equal(chunks[1]!.length, 14 + 100_000);
  assert.ok(chunks[1]!.subarray(14).every((b) => b === 0xf0));
  assert.ok(payload.every((b) => b === 0x0f));
});

test('discard drops queued frames; bufferedBytes follows', () => {
  const w = new FrameWriter(false);
  w.writeFrame(1, true, new Uint8Array(10));
  w.writeFrame(2, true, new Uint8Array(VIEW_THRESHOLD));
  assert.equal(w.bufferedBytes, 12 + 4 + VIEW_THRESHOLD);
  w.discard();
  assert.equal(w.bufferedBytes, 0);
  assert.deepEqual(w.drain(), []);
  w.writeFrame(1, true, new Uint8Array(1));
  assert.equal(toHex(concat(...w.drain())), '81 01 00');
});
