import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  relayAllowed,
  relayRecipients,
  serverIsRelayTarget,
} from '../../../src/websocket/scene-relay/relay-policy.js';
import { captureLog } from '../../helpers/log.js';

const peers = [10, 20, 30];

test('recipients of each RELAY target form (docs/godot4-multiplayer.md §3.6 rule 4)', () => {
  assert.deepEqual(relayRecipients(peers, 10, 20), [20]);
  assert.deepEqual(relayRecipients(peers, 10, 10), [10], 'to itself: Godot sends it back');
  assert.deepEqual(relayRecipients(peers, 10, 99), [], 'gone');
  assert.deepEqual(relayRecipients(peers, 10, 1), [], 'the server is not a relay destination');
  assert.deepEqual(relayRecipients(peers, 10, 0), [20, 30]);
  assert.deepEqual(relayRecipients(peers, 10, -20), [30]);
  assert.deepEqual(relayRecipients(peers, 10, -1), [20, 30]);
  assert.deepEqual(relayRecipients(peers, 10, -10), [20, 30]);
});

test('the server processes the inner packet for 0 and −N with N ≠ 1 only', () => {
  assert.deepEqual(
    [20, 1, 0, -20, -1].map((t) => serverIsRelayTarget(t)),
    [false, false, true, true, false],
  );
});

test('policies: all, none, a filter; a throwing filter means no', () => {
  const p = Uint8Array.of(3, 1);
  assert.equal(relayAllowed('all', 10, 20, p, 0), true);
  assert.equal(relayAllowed('none', 10, 20, p, 0), false);
  const calls: string[] = [];
  const filter = (from: number, to: number, packet: Uint8Array, target: number) => {
    calls.push(`${from}>${to}:${packet.length}@${target}`);
    return to === 30;
  };
  assert.equal(relayAllowed(filter, 10, 20, p, -1), false);
  assert.equal(relayAllowed(filter, 10, 30, p, -1), true);
  assert.deepEqual(calls, ['10>20:2@-1', '10>30:2@-1']);
  const log = captureLog('error');
  try {
    const thrower = () => {
      throw new Error('boom');
    };
    assert.equal(relayAllowed(thrower, 10, 20, p, 0), false);
    assert.equal(log.lines.length, 1);
  } finally {
    log.restore();
  }
});
