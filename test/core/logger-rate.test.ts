import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logger } from '../../src/core/logger.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';

test('the logger passes a burst, counts what is over the rate, and reports the count once', async () => {
  const log = captureLog('warning');
  logger.setRateLimit(20, 50);
  try {
    for (let i = 0; i < 100_000; i++) logger.error(`bad packet ${i}`);
    assert.ok(log.lines.length >= 50 && log.lines.length <= 52, `${log.lines.length} lines`);
    assert.ok(logger.getSuppressedCount() >= 99_940);
    await pollUntil(
      'the suppressed count',
      () => log.lines.some((l) => /suppressed/.test(l)),
      3000,
    );
    const report = log.lines.find((l) => /suppressed/.test(l))!;
    assert.match(report, /^warning: 99,9\d\d log lines suppressed \(more than 20 a second/);
    assert.equal(logger.getSuppressedCount(), 0);
  } finally {
    logger.setRateLimit(20, 200);
    log.restore();
  }
});

test('setRateLimit(0) turns the limit off', () => {
  const log = captureLog('warning');
  logger.setRateLimit(0);
  try {
    for (let i = 0; i < 1000; i++) logger.warning('w');
    assert.equal(log.lines.length, 1000);
  } finally {
    logger.setRateLimit(20, 200);
    log.restore();
  }
});
