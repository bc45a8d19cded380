// The relays' fairness rule on a made-up clock: a recipient that cannot take a packet holds
// senders back, but for at most 2 s per 10 s window, so a client that reads slowly or not at all
// cannot freeze its room.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RELAY_HOLD_BUDGET_MS,
  RELAY_WINDOW_MS,
  RelayBackpressure,
} from '../../src/websocket/relay-backpressure.js';

const check = (p: RelayBackpressure, canTake: boolean, now: number) =>
  p.allFit([7], () => canTake, now);

test('a recipient that stopped reading holds senders back for 2 s, then never while it stays stuck', () => {
  const p = new RelayBackpressure();
  assert.equal(check(p, false, 0), false);
  assert.equal(check(p, false, RELAY_HOLD_BUDGET_MS), false);
  assert.equal(check(p, false, RELAY_HOLD_BUDGET_MS + 1), true, 'stalled: its packets drop');
  assert.equal(check(p, false, RELAY_WINDOW_MS + 5000), true, 'a new window does not revive it');
  assert.equal(check(p, false, 5 * RELAY_WINDOW_MS), true);
  // It reads again: it takes packets; later windows let it hold senders back again.
  assert.equal(check(p, true, 5 * RELAY_WINDOW_MS + 1), true);
  assert.equal(check(p, false, 7 * RELAY_WINDOW_MS), false);
});

test('a slow reader holds senders back for 2 s in total per window, however it spreads them', () => {
  const p = new RelayBackpressure();
  assert.equal(check(p, false, 0), false);
  assert.equal(check(p, true, 1000), true); // 1 s spent
  assert.equal(check(p, false, 1100), false);
  assert.equal(check(p, false, 2050), false); // 1.95 s
  assert.equal(check(p, false, 2150), true); // 2.05 s: over its budget
  assert.equal(check(p, true, 2200), true);
  assert.equal(check(p, false, 2300), true, 'no more holding in this window');
  assert.equal(check(p, true, RELAY_WINDOW_MS + 500), true);
  assert.equal(check(p, false, RELAY_WINDOW_MS + 600), false, 'a new window, a new budget');
});

test('every recipient is judged alone; a stalled one does not hide one that is merely busy', () => {
  const p = new RelayBackpressure();
  const fits = (stuck: number[]) => (id: number) => !stuck.includes(id);
  assert.equal(p.allFit([1, 2], fits([1]), 0), false);
  assert.equal(p.allFit([1, 2], fits([1]), 2500), true); // 1 is stalled
  assert.equal(p.allFit([1, 2], fits([1, 2]), 2600), false); // 2 is busy: it still holds
  p.forget(2);
  assert.equal(p.allFit([1, 2], fits([1]), 2700), true);
});
