import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DropLog } from '../../src/core/drop-log.js';
import { captureLog } from '../helpers/log.js';

test('DropLog: a thousand drops are one line per reason, with counts and the peer', () => {
  const log = captureLog('warning');
  try {
    const drops = new DropLog('relay: ');
    for (let i = 0; i < 1024; i++) drops.drop('from', 42, 'empty message');
    drops.drop('to', 7, 'output buffer full');
    drops.drop('to', 8, 'output buffer full', 2);
    drops.count('peer closing', 5);
    assert.deepEqual(log.lines, []);
    drops.report(10_000);
    assert.deepEqual(log.lines, [
      'warning: relay: dropped 1,024 packets from peer 42: empty message',
      'warning: relay: dropped 3 packets to peers 7 (1), 8 (2): output buffer full',
    ]);
    assert.deepEqual(drops.counts(), {
      'empty message': 1024,
      'output buffer full': 3,
      'peer closing': 5,
    });
    assert.equal(drops.total, 1032);
  } finally {
    log.restore();
  }
});

test('DropLog: at most one report a second; many peers are summed', () => {
  const log = captureLog('warning');
  try {
    const drops = new DropLog();
    drops.drop('from', 1, 'bad');
    drops.report(1000);
    for (let peer = 1; peer <= 500; peer++) drops.drop('from', peer, 'bad', peer === 99 ? 10 : 1);
    drops.report(1500); // too soon: held
    assert.equal(log.lines.length, 1);
    drops.report(2000);
    assert.deepEqual(log.lines, [
      'warning: dropped 1 packet from peer 1: bad',
      'warning: dropped 509 packets from 500 peers (most from peer 99: 10): bad',
    ]);
    drops.report(5000); // nothing new: no line
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});
