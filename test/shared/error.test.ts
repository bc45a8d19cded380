import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error, errorName } from '../../src/shared/error.js';

test('Error has Godot numbers for all 49 values', () => {
  assert.equal(Object.keys(Error).length, 49);
  assert.equal(Error.OK, 0);
  assert.equal(Error.FAILED, 1);
  assert.equal(Error.ERR_UNAVAILABLE, 2);
  assert.equal(Error.ERR_UNCONFIGURED, 3);
  assert.equal(Error.ERR_OUT_OF_MEMORY, 6);
  assert.equal(Error.ERR_ALREADY_IN_USE, 22);
  assert.equal(Error.ERR_TIMEOUT, 24);
  assert.equal(Error.ERR_INVALID_DATA, 30);
  assert.equal(Error.ERR_INVALID_PARAMETER, 31);
  assert.equal(Error.ERR_BUSY, 44);
  assert.equal(Error.ERR_PRINTER_ON_FIRE, 48);
  const values = Object.values(Error).sort((a, b) => a - b);
  assert.deepEqual(
    values,
    Array.from({ length: 49 }, (_, i) => i),
  );
});

test('errorName gives the Godot name, and a fallback for unknown numbers', () => {
  assert.equal(errorName(31), 'ERR_INVALID_PARAMETER');
  assert.equal(errorName(0), 'OK');
  assert.equal(errorName(99), 'Error(99)');
});

test('GodotError is Error under a name that leaves the global Error alone, from every entry', async () => {
  const { GodotError } = await import('../../src/shared/error.js');
  assert.equal(GodotError, Error);
  for (const entry of [
    await import('../../src/index.js'),
    await import('../../src/index.browser.js'),
    await import('../../src/websocket/godot3/index.js'),
  ]) {
    assert.equal(entry.GodotError, Error);
    assert.equal(entry.GodotError.ERR_UNAVAILABLE, 2);
  }
  assert.equal(new globalThis.Error('x').message, 'x');
});
