import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logger } from '../../src/core/logger.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';

test('the logger passes a burst, counts what is over the rate, and reports the count', async () => {
  const log = captureLog('warning');
  logger.setRateLimit(1, 50);
  try {
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) logger.error(`bad packet ${i}`);
    const seconds = (performance.now() - started) / 1000;
    const passed = () => log.lines.filter((l) => /bad packet/.test(l)).length;
    const reported = () =>
      log.lines
        .map((l) => /^warning: ([\d,]+) log lines suppressed \(more than 1 a second/.exec(l)?.[1])
        .reduce((sum, n) => sum + (n ? Number(n.replaceAll(',', '')) : 0), 0);
    assert.ok(passed() >= 50 && passed() <= 52 + seconds, `${passed()} lines in ${seconds} s`);
    assert.equal(passed() + reported() + logger.getSuppressedCount(), 100_000);
    await pollUntil('the suppressed count', () => logger.getSuppressedCount() === 0, 3000);
    assert.equal(passed() + reported(), 100_000);
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
