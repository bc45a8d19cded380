import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeldPackets } from '../../src/websocket/held-packets.js';

const bytes = (n: number) => Uint8Array.of(n);

test('held packets go oldest first; the one that waits again keeps its new recipients', () => {
  const held = new HeldPackets();
  held.hold(7, bytes(1), [2, 3]);
  held.hold(7, bytes(2), [9]); // behind: its recipients are decided when it is the oldest
  held.hold(7, bytes(3));
  const seen: [number, number[] | null][] = [];
  let refuse = 2;
  const handle = (packet: Uint8Array, decided: number[] | null) => {
    seen.push([packet[0]!, decided]);
    return packet[0] === refuse ? { waitFor: [4] } : null;
  };
  assert.equal(held.releaseFrom(7, handle), false);
  assert.deepEqual(seen, [
    [1, [2, 3]],
    [2, null],
  ]);
  refuse = 0;
  seen.length = 0;
  assert.equal(held.releaseFrom(7, handle), true);
  assert.deepEqual(seen, [
    [2, [4]],
    [3, null],
  ]);
  assert.equal(held.has(7), false);
  assert.equal(held.releaseFrom(7, handle), true); // nothing waits: not called
  assert.equal(seen.length, 2);
});

test('release goes through every sender and names those with nothing left waiting', () => {
  const held = new HeldPackets();
  held.hold(1, bytes(10), [5]);
  held.hold(2, bytes(20), [5]);
  held.hold(3, bytes(30), [6]);
  const done = held.release((sender, _packet, decided) =>
    sender === 2 ? { waitFor: decided ?? [] } : null,
  );
  assert.deepEqual(done, [1, 3]);
  assert.deepEqual(held.senders(), [2]);
  held.forget(2);
  assert.deepEqual(held.senders(), []);
});
