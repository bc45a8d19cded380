// The two wire formats on their own: what a frame decodes to, what the server writes, and how
// a first frame picks the version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  detectProtocol,
  godot3Codec,
  godot4Codec,
} from '../../../src/server/signaling/signaling-codec.js';

test('Godot 4: fields read as the demo reads them (floored numbers, data only if a string)', () => {
  assert.deepEqual(godot4Codec.decode('{"data":"x","id":3.9,"type":4}'), {
    type: 4,
    id: 3,
    data: 'x',
  });
  assert.deepEqual(godot4Codec.decode('{"type":0,"id":0,"data":5}'), { type: 0, id: 0, data: '' });
  assert.deepEqual(godot4Codec.decode('{"type":0,"id":0}'), { type: 0, id: 0, data: '' });
  for (const bad of [
    '',
    'null',
    '[]',
    '"s"',
    '{"type":0}',
    '{"type":0,"id":-1}',
    '{"type":true,"id":0}',
  ]) {
    assert.deepEqual(godot4Codec.decode(bad), { error: 'Invalid message format' }, bad);
  }
  const huge = godot4Codec.decode('{"type":1e400,"id":0}');
  assert.ok(!('error' in huge) && huge.type === Number.POSITIVE_INFINITY);
});

test('Godot 4: written with keys type, id, data, as the demo server does', () => {
  assert.equal(
    godot4Codec.encode({ type: 1, id: 1, data: 'true' }),
    '{"type":1,"id":1,"data":"true"}',
  );
  assert.equal(godot4Codec.encode({ type: 2, id: 77, data: '' }), '{"type":2,"id":77,"data":""}');
});

test('Godot 3: command lines in, command lines out', () => {
  assert.deepEqual(godot3Codec.decode('J: abc \n'), { type: 0, id: 0, data: 'abc' });
  assert.deepEqual(godot3Codec.decode('J: \n'), { type: 0, id: 0, data: '' });
  assert.deepEqual(godot3Codec.decode('S: \n'), { type: 7, id: 0, data: '' });
  assert.deepEqual(godot3Codec.decode('C: 12\n\nmid\n0\nsdp'), {
    type: 6,
    id: 12,
    data: '\n\nmid\n0\nsdp',
  });
  assert.deepEqual(godot3Codec.decode('X: 5\n'), { type: -1, id: 5, data: '\n' });
  assert.deepEqual(godot3Codec.decode('O: x\n'), { type: 4, id: 0, data: '\n' });
  assert.deepEqual(godot3Codec.decode('I: 5\n'), { type: -1, id: 5, data: '\n' });
  assert.deepEqual(godot3Codec.decode('J: '), { error: 'Invalid message format' });
  assert.deepEqual(godot3Codec.decode('J:\n'), { error: 'Invalid message format' });
  assert.equal(godot3Codec.encode({ type: 1, id: 1, data: '' }), 'I: 1\n');
  assert.equal(godot3Codec.encode({ type: 2, id: 9, data: '' }), 'N: 9\n');
  assert.equal(godot3Codec.encode({ type: 3, id: 9, data: '' }), 'D: 9\n');
  assert.equal(godot3Codec.encode({ type: 0, id: 0, data: 'L' }), 'J: L\n');
  assert.equal(godot3Codec.encode({ type: 7, id: 0, data: '' }), 'S: \n');
  assert.equal(godot3Codec.encode({ type: 5, id: 4, data: '\nsdp' }), 'A: 4\nsdp');
});

test('the first frame picks the version: a JSON object, or a command line', () => {
  assert.equal(detectProtocol('{"data":"","id":0,"type":0}'), 'godot4');
  assert.equal(detectProtocol(' \n{"type":0}'), 'godot4');
  assert.equal(detectProtocol('J: \n'), 'godot3');
  assert.equal(detectProtocol('null'), 'godot3');
});
