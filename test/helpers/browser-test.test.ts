// Browser tests skip with a reason where no Chromium is installed, and fail under CI instead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromiumSkipReason } from './godot4/chromium.js';

test('a missing browser: a skip reason outside CI, no skip (so a failure) under CI', () => {
  const missing = '/nonexistent/chromium';
  assert.match(chromiumSkipReason(missing, {}) || '', /^Chromium not found at \/nonexistent/);
  assert.equal(chromiumSkipReason(missing, { CI: '1' }), false);
  assert.equal(chromiumSkipReason(process.execPath, {}), false, 'an executable that exists');
});
