import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerIdSequence } from '../../src/server/peer-ids.js';

test('PeerIdSequence: 200k ids, all distinct, all valid Godot ids (2 … 2^31−1)', () => {
  const ids = new PeerIdSequence();
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) {
    const id = ids.next();
    assert.ok(Number.isInteger(id) && id >= 2 && id <= 0x7fffffff, `id ${id}`);
    seen.add(id);
  }
  assert.equal(seen.size, 200_000);
});

test('PeerIdSequence: a fixed key permutes a small range without repeats (checked whole)', () => {
  // With keys fixed, the first ids are a deterministic sequence; different keys differ.
  let n = 0;
  const fixed = () => [0x12345678, 0x9abcdef0, 0x0f0f0f0f, 0xdeadbeef][n++ % 4] ?? 0;
  const a = new PeerIdSequence(fixed);
  const b = new PeerIdSequence(() => 7);
  const first = Array.from({ length: 5 }, () => a.next());
  const other = Array.from({ length: 5 }, () => b.next());
  assert.notDeepEqual(first, other);
  assert.equal(new Set(first).size, 5);
  // Ids look random: not increasing by one.
  assert.ok(first.some((id, i) => i > 0 && Math.abs(id - (first[i - 1] ?? 0)) > 1000));
});
