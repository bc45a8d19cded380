import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StaggeredSweep } from '../../src/server/staggered-sweep.js';

test('StaggeredSweep: every item once per period, spread over the calls in it, never all at once', () => {
  const sweep = new StaggeredSweep<number>(500);
  const items = Array.from({ length: 1000 }, (_, i) => i);
  const seen = new Map<number, number>();
  let largest = 0;
  // A call every 100 ms for 5 s (as serve's timer does), items taken in slices.
  for (let now = 0; now <= 5000; now += 100) {
    const slice = sweep.take(now, () => items);
    largest = Math.max(largest, slice.length);
    for (const item of slice) seen.set(item, (seen.get(item) ?? 0) + 1);
  }
  assert.ok(largest <= 300, `at most a few tenths of the items per call, got ${largest}`);
  for (const item of items) {
    const times = seen.get(item) ?? 0;
    assert.ok(times >= 9 && times <= 11, `item ${item} swept ${times} times in 10 periods`);
  }
});

test('StaggeredSweep: a new period takes a fresh list (items added or gone since)', () => {
  const sweep = new StaggeredSweep<string>(500);
  let items = ['a', 'b'];
  const taken: string[] = [];
  for (let now = 0; now < 500; now += 50) taken.push(...sweep.take(now, () => items));
  assert.deepEqual(taken.sort(), ['a', 'b']);
  items = ['b', 'c'];
  const next: string[] = [];
  for (let now = 500; now < 1000; now += 50) next.push(...sweep.take(now, () => items));
  assert.deepEqual(next.sort(), ['b', 'c']);
});
