// Truncated and hostile input: an Error comes back quickly, nothing throws, nothing large is
// allocated on the strength of a count the input cannot back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { decodeVariant } from '../../../src/core/variant/decode.js';
import { encodeVariant } from '../../../src/core/variant/encode.js';
import { Vector2i } from '../../../src/core/variant/math-types.js';
import { GodotObject, StringName } from '../../../src/core/variant/value-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';
import { hex } from '../../helpers/variant.js';

const err = (bytes: string, options = {}) => decodeVariant(hex(bytes), options).error;

test('empty input and unknown type ids are ERR_INVALID_DATA', () => {
  assert.equal(decodeVariant(new Uint8Array(0)).error, Error.ERR_INVALID_DATA);
  assert.equal(err('27000000'), Error.ERR_INVALID_DATA); // 39: one past PACKED_VECTOR4_ARRAY
  assert.equal(err('ff000000'), Error.ERR_INVALID_DATA);
  assert.equal(err('1b000000', { format: 'godot3' }), Error.ERR_INVALID_DATA); // 27 in Godot 3
  assert.equal(err('1a000000 00000000', { format: 'godot3' }), Error.OK); // 26 is the last
  assert.equal(err('00000000', { format: 'godot5' as 'godot4' }), Error.ERR_INVALID_PARAMETER);
});

test('every prefix of a valid encoding decodes to an error or uses no more than it has', () => {
  const value: Variant = [
    1,
    'text',
    new Map([['k', Int32Array.of(1, 2)]]),
    new Vector2i(1, 2),
    Uint8Array.of(1),
  ];
  const full = encodeVariant(value).bytes;
  for (let n = 0; n < full.byteLength; n++) {
    const r = decodeVariant(full.subarray(0, n));
    assert.notEqual(r.error, Error.ERR_BUG, `prefix ${n}: ${r.reason}`);
    if (r.error === Error.OK) assert.ok(r.length <= n);
    else assert.equal(r.value, null);
  }
});

test('huge counts fail at once instead of allocating', () => {
  const started = performance.now();
  assert.equal(err('1c000000 ffffff7f'), Error.ERR_INVALID_DATA); // Array of 2^31-1
  assert.equal(err('1b000000 ffffffff'), Error.ERR_INVALID_DATA); // Dictionary (bit 31 ignored)
  assert.equal(err('1d000000 ffffff7f 00000000'), Error.ERR_INVALID_DATA); // bytes
  assert.equal(err('1d000000 ffffffff'), Error.ERR_INVALID_DATA); // negative byte count
  assert.equal(err('1e000000 ffffff3f'), Error.ERR_INVALID_DATA); // int32 × 2^30
  assert.equal(err('1f000000 ffffff1f'), Error.ERR_INVALID_DATA); // int64
  assert.equal(err('22000000 ffffff7f'), Error.ERR_INVALID_DATA); // strings
  assert.equal(err('23000100 ffffff0f'), Error.ERR_INVALID_DATA); // Vector2 (double)
  assert.equal(err('25000000 ffffff0f'), Error.ERR_INVALID_DATA); // colors
  assert.equal(err('16000000 ffffffff ffffff7f 00000000'), Error.ERR_INVALID_DATA); // NodePath
  assert.equal(err('04000000 ffffff7f'), Error.ERR_FILE_EOF); // String of 2 GiB
  assert.equal(err('04000000 ffffffff'), Error.ERR_FILE_EOF); // negative String length
  assert.equal(
    err('18000000 04000000 4e6f6465 ffffff7f', { allowObjects: true }),
    Error.ERR_INVALID_DATA,
  ); // object with 2^31-1 properties
  assert.ok(performance.now() - started < 100);
});

test('a string must include its padding; a byte array need not (as in Godot)', () => {
  assert.equal(err('04000000 01000000 61'), Error.ERR_FILE_EOF);
  const r = decodeVariant(hex('1d000000 01000000 07'));
  assert.equal(r.error, Error.OK);
  assert.deepEqual(r.value, Uint8Array.of(7));
  assert.equal(r.length, 9);
});

test('nesting: 1025 arrays decode, 1026 fail with ERR_OUT_OF_MEMORY, 100000 fail fast', () => {
  const nested = (n: number) => {
    const bytes = new Uint8Array(n * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < n; i++) {
      view.setUint32(i * 8, 28, true);
      view.setUint32(i * 8 + 4, i === n - 1 ? 0 : 1, true);
    }
    return bytes;
  };
  assert.equal(decodeVariant(nested(1025)).error, Error.OK);
  assert.equal(decodeVariant(nested(1026)).error, Error.ERR_OUT_OF_MEMORY);
  assert.equal(decodeVariant(nested(100_000)).error, Error.ERR_OUT_OF_MEMORY);
});

test('invalid UTF-8 is ERR_INVALID_DATA; text ends at the first NUL', () => {
  assert.equal(err('04000000 02000000 c3280000'), Error.ERR_INVALID_DATA);
  assert.deepEqual(decodeVariant(hex('04000000 03000000 61006200')).value, 'a');
  // bytes after the NUL are not parsed, as in Godot
  assert.deepEqual(decodeVariant(hex('04000000 03000000 6100ff00')).value, 'a');
});

test('full objects need allowObjects (ERR_UNAUTHORIZED); old NodePaths are refused', () => {
  const node = '18000000 04000000 4e6f6465 00000000';
  assert.equal(err(node), Error.ERR_UNAUTHORIZED);
  assert.deepEqual(decodeVariant(hex(node), { allowObjects: true }).value, new GodotObject('Node'));
  assert.equal(err('16000000 01000000 61000000'), Error.ERR_INVALID_DATA);
  assert.equal(err('17000000 01000000'), Error.ERR_INVALID_DATA); // RID needs 8 bytes in 4.x
  assert.equal(err('10000000', { format: 'godot3' }), Error.OK); // and none in 3.x
});

test('encoding refuses what Godot cannot hold, without throwing', () => {
  const enc = (v: unknown, options = {}) => encodeVariant(v as Variant, options).error;
  assert.equal(
    enc(() => 1),
    Error.ERR_INVALID_PARAMETER,
  );
  assert.equal(enc(Symbol('x')), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(new Date()), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(new Int16Array(1)), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(2n ** 63n), Error.ERR_PARAMETER_RANGE_ERROR);
  assert.equal(enc(new Vector2i(), { format: 'godot3' }), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(new StringName('a'), { format: 'godot3' }), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(new Float64Array(1), { format: 'godot3' }), Error.ERR_INVALID_PARAMETER);
  assert.equal(enc(new GodotObject('Node')), Error.ERR_UNAUTHORIZED);
  const cyclic: Variant[] = [];
  cyclic.push(cyclic);
  assert.equal(enc(cyclic), Error.ERR_OUT_OF_MEMORY);
  assert.equal(enc(new Uint8Array(100), { maxSize: 64 }), Error.ERR_OUT_OF_MEMORY);
  assert.equal(encodeVariant(new Uint8Array(100), { maxSize: 64 }).bytes.byteLength, 0);
});

test('a Node Buffer (pooled, at an offset) decodes into fresh arrays', () => {
  const enc = encodeVariant([Uint8Array.of(9, 8), Int32Array.of(7, -7), 'x']).bytes;
  const pooled = Buffer.from(enc); // small Buffers live at an offset in a shared pool
  const r = decodeVariant(pooled);
  assert.equal(r.error, Error.OK);
  assert.deepEqual(r.value, [Uint8Array.of(9, 8), Int32Array.of(7, -7), 'x']);
  const [bytes] = r.value as [Uint8Array];
  pooled.fill(0);
  assert.deepEqual([...bytes], [9, 8]);
});
