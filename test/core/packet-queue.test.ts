import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PacketQueue } from '../../src/core/packet-queue.js';

test('bounded by count', () => {
  const q = new PacketQueue(2, 0);
  assert.equal(q.push(new Uint8Array(1)), true);
  assert.equal(q.push(new Uint8Array(1), true, 5), true);
  assert.equal(q.push(new Uint8Array(1)), false);
  assert.equal(q.count, 2);
  assert.equal(q.shift()?.isString, false);
  const second = q.shift();
  assert.equal(second?.isString, true);
  assert.equal(second?.peer, 5);
  assert.equal(q.shift(), undefined);
});

test('bounded by bytes, counts bytes exactly', () => {
  const q = new PacketQueue(100, 10);
  assert.equal(q.push(new Uint8Array(6)), true);
  assert.equal(q.fits(5), false);
  assert.equal(q.push(new Uint8Array(5)), false);
  assert.equal(q.push(new Uint8Array(4)), true);
  assert.equal(q.bytes, 10);
  q.shift();
  assert.equal(q.bytes, 4);
  q.clear();
  assert.equal(q.bytes, 0);
  assert.equal(q.count, 0);
});

test('keeps FIFO order across many pushes and shifts', () => {
  const q = new PacketQueue(1 << 20, 0);
  let next = 0;
  let pushed = 0;
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 3000; i++) q.push(Uint8Array.of(pushed++ & 255));
    for (let i = 0; i < 2500; i++) {
      const p = q.shift();
      assert.equal(p?.data[0], next & 255);
      next++;
    }
  }
  assert.equal(q.count, 5 * 500);
});

test('any sequence of push, shift, peek and clear behaves like a plain list', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant('shift'), fc.constant('clear'), fc.nat(255)), {
        maxLength: 3000,
      }),
      (ops) => {
        const q = new PacketQueue(1 << 20, 0);
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') assert.equal(q.shift()?.data[0], model.shift());
          else if (op === 'clear') {
            q.clear();
            model.length = 0;
          } else {
            q.push(Uint8Array.of(op));
            model.push(op);
          }
          assert.equal(q.count, model.length);
          assert.equal(q.peek()?.data[0], model[0]);
        }
      },
    ),
    { numRuns: 200 },
  );
});
