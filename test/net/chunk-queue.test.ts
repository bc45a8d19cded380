import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChunkQueue } from '../../src/net/chunk-queue.js';

const bytes = (...v: number[]) => new Uint8Array(v);

test('push/shift keeps chunks as given and counts bytes', () => {
  const q = new ChunkQueue();
  const a = bytes(1, 2);
  q.push(a);
  q.push(bytes());
  q.push(bytes(3));
  assert.equal(q.byteLength, 3);
  assert.equal(q.size, 2);
  assert.equal(q.shift(), a, 'the same object: zero-copy');
  q.unshift(bytes(0));
  assert.deepEqual([...q.shift()!], [0]);
  assert.deepEqual([...q.shift()!], [3]);
  assert.equal(q.shift(), undefined);
  assert.equal(q.byteLength, 0);
});

test('copy gathers across chunks; consume leaves the remainder as a view', () => {
  const q = new ChunkQueue();
  q.push(bytes(1, 2, 3));
  q.push(bytes(4, 5));
  q.push(bytes(6));
  assert.deepEqual([...q.copy(4, false)], [1, 2, 3, 4]);
  assert.equal(q.byteLength, 6);
  assert.deepEqual([...q.copy(4, true)], [1, 2, 3, 4]);
  assert.equal(q.byteLength, 2);
  assert.deepEqual([...q.shift()!], [5]);
  assert.deepEqual([...q.copy(1, true)], [6]);
  assert.equal(q.size, 0);
});

test('many shifts keep order and the byte count (the ring lets its grown slots go when empty)', () => {
  const q = new ChunkQueue();
  for (let i = 0; i < 5000; i++) q.push(bytes(i & 0xff));
  for (let i = 0; i < 4000; i++) assert.equal(q.shift()![0], i & 0xff);
  q.unshift(bytes(42));
  assert.equal(q.shift()![0], 42);
  assert.equal(q.size, 1000);
  assert.equal(q.copy(1000, true).byteLength, 1000);
  assert.equal(q.byteLength, 0);
});

test('property: any chunking and any read sizes give back the same bytes in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }),
      fc.array(fc.tuple(fc.nat(50), fc.constantFrom('copy', 'peek', 'shift', 'unshift')), {
        maxLength: 60,
      }),
      (chunks, reads) => {
        const q = new ChunkQueue();
        const expected: number[] = [];
        for (const c of chunks) {
          q.push(c);
          expected.push(...c);
        }
        const got: number[] = [];
        for (const [n, op] of reads) {
          if (op === 'shift') {
            const c = q.shift();
            if (c !== undefined) got.push(...c);
          } else if (op === 'unshift') {
            const c = q.shift();
            if (c !== undefined) q.unshift(c);
          } else {
            const count = Math.min(n, q.byteLength);
            const bytes = q.copy(count, op === 'copy');
            assert.deepEqual([...bytes], expected.slice(got.length, got.length + count));
            if (op === 'copy') got.push(...bytes);
          }
          assert.equal(q.byteLength, expected.length - got.length);
        }
        for (let c = q.shift(); c !== undefined; c = q.shift()) got.push(...c);
        assert.deepEqual(got, expected);
      },
    ),
  );
});
