import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { logger } from '../../src/core/logger.js';
import { ConnectFlags, Signal } from '../../src/core/signal.js';
import { captureLog } from '../helpers/log.js';

test('emit calls connected callbacks in order with typed arguments', () => {
  const s = new Signal<[number, string]>('peer_connected');
  const seen: string[] = [];
  s.connect((id, p) => seen.push(`a${id}${p}`));
  s.connect((id, p) => seen.push(`b${id}${p}`));
  s.emit(7, 'x');
  assert.deepEqual(seen, ['a7x', 'b7x']);
  assert.equal(s.getConnectionCount(), 2);
});

test('disconnect, isConnected and double connect', () => {
  const s = new Signal<[]>('s');
  const log = captureLog();
  try {
    let n = 0;
    const cb = () => {
      n++;
    };
    assert.equal(s.connect(cb), Error.OK);
    assert.equal(s.connect(cb), Error.ERR_INVALID_PARAMETER);
    assert.equal(s.isConnected(cb), true);
    s.emit();
    s.disconnect(cb);
    assert.equal(s.isConnected(cb), false);
    s.emit();
    assert.equal(n, 1);
    s.disconnect(cb);
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
  }
});

test('one-shot callbacks run once', () => {
  const s = new Signal<[number]>('s');
  const seen: number[] = [];
  s.connect((v) => seen.push(v), ConnectFlags.CONNECT_ONE_SHOT);
  s.emit(1);
  s.emit(2);
  assert.deepEqual(seen, [1]);
});

test('a throwing callback is logged and the others still run', () => {
  const s = new Signal<[]>('boom');
  const log = captureLog();
  try {
    let ran = false;
    s.connect(() => {
      throw new globalThis.Error('bad');
    });
    s.connect(() => {
      ran = true;
    });
    s.emit();
    assert.equal(ran, true);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0] ?? '', /boom/);
  } finally {
    log.restore();
  }
});

test('a callback disconnected during emit does not run', () => {
  const s = new Signal<[]>('s');
  const seen: string[] = [];
  const b = () => seen.push('b');
  s.connect(() => {
    seen.push('a');
    s.disconnect(b);
  });
  s.connect(b);
  s.emit();
  assert.deepEqual(seen, ['a']);
  assert.equal(logger.getLevel(), 'warning');
});
