import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MaskKeySource, maskInPlace, maskInto } from '../../src/protocol/mask.js';
import { hex, RFC_KEY } from './frames.js';

function reference(data: Uint8Array, key: Uint8Array, phase = 0): Uint8Array {
  return data.map((b, i) => b ^ key[(i + phase) & 3]!);
}

function pattern(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
}

test('RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d', () => {
  const data = new TextEncoder().encode('Hello');
  maskInPlace(data, 0, data.length, RFC_KEY, 0, 0);
  assert.deepEqual(data, hex('7f 9f 4d 51 58'));
  maskInPlace(data, 0, data.length, RFC_KEY, 0, 0);
  assert.deepEqual(new TextDecoder().decode(data), 'Hello');
});

test('in place matches the byte-wise definition for every length, offset and phase', () => {
  const key = hex('a1 b2 c3 d4');
  const backing = new Uint8Array(300);
  for (const length of [0, 1, 3, 4, 5, 63, 64, 65, 67, 128, 255]) {
    for (let offset = 0; offset < 4; offset++) {
      for (let phase = 0; phase < 4; phase++) {
        backing.set(pattern(300));
        const view = backing.subarray(offset, offset + length);
        const expected = reference(view, key, phase);
        const endPhase = maskInPlace(view, 0, length, key, 0, phase);
        assert.deepEqual(view, expected, `length ${length} offset ${offset} phase ${phase}`);
        assert.equal(endPhase, (phase + length) & 3);
      }
    }
  }
});

test('a payload unmasked piece by piece equals one pass', () => {
  const data = pattern(1000);
  const whole = reference(data, RFC_KEY);
  const pieces = data.slice();
  let phase = 0;
  for (const [a, b] of [
    [0, 1],
    [1, 70],
    [70, 71],
    [71, 500],
    [500, 1000],
  ] as const) {
    phase = maskInPlace(pieces, a, b, RFC_KEY, 0, phase);
  }
  assert.deepEqual(pieces, whole);
});

test('round trip restores the data (1 MiB, unaligned)', () => {
  const data = pattern((1 << 20) + 3).subarray(1);
  const copy = data.slice();
  maskInPlace(data, 0, data.length, RFC_KEY, 0, 0);
  assert.notDeepEqual(data, copy);
  maskInPlace(data, 0, data.length, RFC_KEY, 0, 0);
  assert.deepEqual(data, copy);
});

test('maskInto writes masked bytes at an offset and leaves the source alone', () => {
  const src = pattern(200);
  const before = src.slice();
  const dst = new Uint8Array(210);
  maskInto(src, dst, 7, hex('00 ff 10 01'), 0);
  assert.deepEqual(src, before);
  assert.deepEqual(dst.subarray(7, 207), reference(src, hex('00 ff 10 01')));
  assert.deepEqual(dst.subarray(0, 7), new Uint8Array(7));
});

test('maskInto: every source and destination alignment, phase and length gives the reference bytes', () => {
  const key = hex('9a 05 c3 7e');
  const backing = pattern(700);
  for (const length of [0, 1, 3, 127, 128, 129, 131, 300, 517]) {
    for (let srcOff = 0; srcOff < 4; srcOff++) {
      for (let dstOff = 0; dstOff < 4; dstOff++) {
        for (let phase = 0; phase < 4; phase++) {
          const src = backing.subarray(srcOff + 5, srcOff + 5 + length);
          const dst = new Uint8Array(length + 12);
          const after = maskInto(src, dst, dstOff + 3, key, 0, phase);
          const want = reference(src, key, phase);
          assert.deepEqual(dst.subarray(dstOff + 3, dstOff + 3 + length), want);
          assert.equal(after, (phase + length) & 3, `phase after ${length}/${srcOff}/${dstOff}`);
          assert.ok(dst.subarray(0, dstOff + 3).every((b) => b === 0));
          assert.ok(dst.subarray(dstOff + 3 + length).every((b) => b === 0));
        }
      }
    }
  }
  assert.deepEqual(backing, pattern(700), 'the source is untouched');
});

test('mask keys come from the pool in batches: one random call per 256 keys', () => {
  let calls = 0;
  const source = new MaskKeySource((out) => {
    calls++;
    for (let k = 0; k < out.length / 4; k++) out.set([calls, k & 0xff, k >>> 8, 0], k * 4);
  });
  const seen = new Set<string>();
  for (let i = 0; i < 512; i++) {
    const at = source.nextKey();
    seen.add(Array.from(source.pool.subarray(at, at + 4)).join(','));
  }
  assert.equal(calls, 2);
  assert.equal(seen.size, 512);
});

test('the default key source uses crypto and gives different keys', () => {
  const source = new MaskKeySource();
  const keys = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const at = source.nextKey();
    keys.add(Array.from(source.pool.subarray(at, at + 4)).join(','));
  }
  assert.ok(keys.size > 95);
});
