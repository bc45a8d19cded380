import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bytes2var,
  bytesToVar,
  bytesToVarWithObjects,
  var2bytes,
  varToBytes,
  varToBytesWithObjects,
} from '../../../src/core/variant/gdscript.js';
import { Rect2, Vector2 } from '../../../src/core/variant/math-types.js';
import { GodotObject } from '../../../src/core/variant/value-types.js';
import { captureLog } from '../../helpers/log.js';
import { hex, toHex } from '../../helpers/variant.js';

test('varToBytes / bytesToVar use the Godot 4 table', () => {
  assert.equal(toHex(varToBytes(new Vector2(1, 2))), '050000000000803f00000040');
  assert.deepEqual(
    bytesToVar(hex('07000000 0000803f 00000040 00004040 00008040')),
    new Rect2(new Vector2(1, 2), new Vector2(3, 4)),
  );
});

test('var2bytes / bytes2var use the Godot 3 table (Rect2 is 6 there)', () => {
  const rect = new Rect2(new Vector2(1, 2), new Vector2(3, 4));
  assert.equal(toHex(var2bytes(rect)), '060000000000803f000000400000404000008040');
  assert.deepEqual(bytes2var(var2bytes(rect)), rect);
});

test('objects: only the *WithObjects / full_objects / allow_objects forms', () => {
  const obj = new GodotObject('Node');
  const log = captureLog();
  try {
    assert.equal(varToBytes(obj).byteLength, 0);
    assert.equal(var2bytes(obj).byteLength, 0);
    const bytes = varToBytesWithObjects(obj);
    assert.equal(bytesToVar(bytes), null);
    assert.deepEqual(bytesToVarWithObjects(bytes), obj);
    assert.deepEqual(bytes2var(var2bytes(obj, true), true), obj);
    assert.equal(bytes2var(var2bytes(obj, true)), null);
    assert.equal(log.lines.length, 4);
    assert.match(log.lines[2] ?? '', /ERR_UNAUTHORIZED/);
  } finally {
    log.restore();
  }
});
