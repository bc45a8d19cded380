import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHalfBits, toHalfBits } from '../../src/net/half-float.js';

test('binary16 vectors (IEEE 754)', () => {
  const vectors: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [0.333251953125, 0x3555],
    [Number.POSITIVE_INFINITY, 0x7c00],
  ];
  for (const [value, bits] of vectors) {
    assert.equal(toHalfBits(value), bits, `encode ${value}`);
    assert.ok(Object.is(fromHalfBits(bits), value), `decode ${bits.toString(16)}`);
  }
  assert.equal(toHalfBits(1e6), 0x7c00, 'overflow → Inf');
  assert.equal(toHalfBits(1 + 2 ** -11), 0x3c00, 'tie rounds to even');
  assert.equal(toHalfBits(1 + 3 * 2 ** -11), 0x3c02, 'tie rounds to even (up)');
  assert.ok(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN))));
});

test('every binary16 value survives decode → encode', () => {
  for (let bits = 0; bits < 0x10000; bits++) {
    const value = fromHalfBits(bits);
    if (Number.isNaN(value)) continue;
    assert.equal(toHalfBits(value), bits);
  }
});
