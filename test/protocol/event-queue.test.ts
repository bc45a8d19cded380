import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventQueue } from '../../src/protocol/event-queue.js';

test('FIFO order across growth and wrap-around', () => {
  const q = new EventQueue<number>();
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
