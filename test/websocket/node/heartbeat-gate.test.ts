import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeartbeatGate } from '../../../src/websocket/node/heartbeat-gate.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('without pings or held input the clock passes straight through', () => {
  const g = new HeartbeatGate();
  assert.equal(g.check(1000, 100, false), 1000);
  assert.equal(g.check(5000, 100, false), 5000, 'no ping yet: nothing is due');
});

test('held input pauses the check; afterwards the last ping gets a full interval', () => {
  const g = new HeartbeatGate();
  assert.equal(g.check(1000, 100, false), 1000);
  g.pingSent(1000);
  assert.equal(g.check(1050, 100, true), null);
  assert.equal(g.check(1900, 100, true), null);
  assert.equal(g.check(2000, 100, false), null, 'the first poll after the stall shifts the clock');
  assert.equal(g.check(2050, 100, false), 1050, 'the clock now runs from the ping');
});

test('a due ping waits for one event-loop turn before the verdict', async () => {
  const g = new HeartbeatGate();
  g.pingSent(1000);
  assert.equal(g.check(1050, 100, false), 1050, 'not due yet');
  assert.equal(g.check(1200, 100, false), null, 'due: wait for a turn');
  assert.equal(g.check(1201, 100, false), null, 'same turn');
  await turn();
  assert.equal(g.check(1202, 100, false), 1202);
  assert.equal(g.check(1203, 100, false), null, 'due again (no new ping recorded): a new turn');
  await turn();
  assert.equal(g.check(1204, 100, false), 1204);
});
