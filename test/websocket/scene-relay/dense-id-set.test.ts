import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseIdSet } from '../../../src/websocket/scene-relay/dense-id-set.js';

test('Godot HashSet order: insertion order; erase moves the last id into the hole', () => {
  const s = new DenseIdSet();
  for (const id of [10, 20, 30, 40]) s.add(id);
  s.add(20);
  assert.deepEqual([...s], [10, 20, 30, 40]);
  assert.equal(s.delete(10), true);
  assert.deepEqual([...s], [40, 20, 30]);
  assert.equal(s.delete(30), true);
  assert.deepEqual(s.toArray(), [40, 20], 'erasing the last id moves nothing');
  assert.equal(s.delete(99), false);
  s.add(50);
  assert.deepEqual(s.toArray(), [40, 20, 50]);
  assert.equal(s.size, 3);
  assert.ok(s.has(20) && !s.has(10));
  for (const id of s) s.delete(id); // iterating a snapshot
  assert.equal(s.size, 0);
});
