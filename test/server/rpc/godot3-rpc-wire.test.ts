// The Godot 3 RPC wire against packets Godot 3.2.3 sends (godot3-wire.md §4, seen on the wire):
// a call by path, a call by cached id, SIMPLIFY_PATH and our CONFIRM_PATH; hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeGodot3Call,
  encodeGodot3Call,
  encodeGodot3Confirm,
  parseGodot3Simplify,
} from '../../../src/server/rpc/godot3-rpc-wire.js';
import { hex, unhex } from '../../helpers/hex.js';

const ascii = (s: string) => hex(new TextEncoder().encode(s));
// rpc_id(1, "rpc_hello", "client") on /root/Harness, first call (by path).
const BY_PATH = `00 20000080 ${ascii('rpc_hello')}00 01 04000000 06000000 ${ascii('client')}0000 ${ascii('Harness')}00`;
// The same node after CONFIRM_PATH: rpc_shout(1583108661) by cached id 1.
const CACHED = `00 01000000 ${ascii('rpc_shout')}00 01 02000000 35326c5e`;

test('Godot 3 calls decode and re-encode byte for byte', () => {
  const a = decodeGodot3Call(unhex(BY_PATH));
  assert.ok('call' in a);
  assert.deepEqual(a.call, {
    set: false,
    target: { path: 'Harness' },
    method: 'rpc_hello',
    args: ['client'],
    argBytes: 17, // count, then a String: type, length, 6 bytes, 2 of padding
  });
  assert.equal(
    hex(encodeGodot3Call({ path: 'Harness' }, 'rpc_hello', ['client']).packet),
    BY_PATH.replace(/ /g, ''),
  );
  const b = decodeGodot3Call(unhex(CACHED));
  assert.ok('call' in b);
  assert.deepEqual(b.call, {
    set: false,
    target: { cacheId: 1 },
    method: 'rpc_shout',
    args: [0x5e6c3235],
    argBytes: 9,
  });
  assert.equal(
    hex(encodeGodot3Call({ cacheId: 1 }, 'rpc_shout', [0x5e6c3235]).packet),
    CACHED.replace(/ /g, ''),
  );
});

test('Godot 3 path cache packets', () => {
  assert.deepEqual(parseGodot3Simplify(unhex(`02 01000000 ${ascii('Harness')}00`)), {
    id: 1,
    path: 'Harness',
  });
  assert.equal(hex(encodeGodot3Confirm('Harness')), `03${ascii('Harness')}00`);
  assert.equal(parseGodot3Simplify(unhex('0201')), null);
});

test('hostile Godot 3 calls are refused with a reason', () => {
  for (const h of [
    '',
    '04',
    '00010000',
    '00010000006100',
    '00ffffff7f6100',
    '0005000080610001',
    '000100000061000102',
  ]) {
    assert.ok(!('call' in decodeGodot3Call(unhex(h))), h);
  }
  const whole = unhex(BY_PATH);
  for (let n = 0; n < whole.byteLength; n++) decodeGodot3Call(whole.subarray(0, n));
});
