import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Ring } from '../../src/shared/ring.js';

test('FIFO order across growth and wrap-around', () => {
  const q = new Ring<number>();
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < round * 7; i++) q.push(next++);
    for (let i = 0; i < round * 5; i++) assert.equal(q.shift(), expected++);
  }
  while (q.size > 0) assert.equal(q.shift(), expected++);
  assert.equal(expected, next);
  assert.equal(q.shift(), undefined);
});

test('any sequence of push, unshift, shift, peek, at and clear behaves like a plain list', () => {
  const op = fc.oneof(
    fc.record({ push: fc.integer() }),
    fc.record({ unshift: fc.integer() }),
    fc.record({ pushMany: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ shiftMany: fc.integer({ min: 1, max: 200 }) }),
    fc.constant('clear' as const),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const ring = new Ring<number>();
      const model: number[] = [];
      let next = 0;
      for (const o of ops) {
        if (o === 'clear') {
          ring.clear();
          model.length = 0;
        } else if ('push' in o) {
          ring.push(o.push);
          model.push(o.push);
        } else if ('unshift' in o) {
          ring.unshift(o.unshift);
          model.unshift(o.unshift);
        } else if ('pushMany' in o) {
          for (let i = 0; i < o.pushMany; i++) {
            ring.push(next);
            model.push(next++);
          }
        } else {
          for (let i = 0; i < o.shiftMany; i++) assert.equal(ring.shift(), model.shift());
        }
        assert.equal(ring.size, model.length);
        assert.equal(ring.peek(), model[0]);
        for (const i of [0, 1, model.length >> 1, model.length - 1, model.length, -1]) {
          assert.equal(ring.at(i), i < 0 ? undefined : model[i]);
        }
      }
    }),
    { numRuns: 300 },
  );
});
