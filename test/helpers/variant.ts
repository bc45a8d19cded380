import assert from 'node:assert/strict';
import { decodeVariant } from '../../src/core/variant/decode.js';
import { encodeVariant, encodeWith } from '../../src/core/variant/encode.js';
import type { DecodeOptions, EncodeOptions, Variant } from '../../src/core/variant/variant.js';

/** Bytes from hex written in groups: `hex('02000000 01000000')`. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  assert.equal(clean.length % 2, 0, `odd hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Hex of bytes, no spaces. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Asserts the two directions of one vector: `expected` encodes to exactly `bytes`, and `bytes`
 * decode (using all of them) to a value deep-equal to `decoded` (default: `expected`).
 */
export function assertVector(
  expected: Variant,
  bytes: string,
  options: EncodeOptions & DecodeOptions = {},
  decoded: Variant = expected,
): void {
  const want = hex(bytes);
  const enc = encodeVariant(expected, options);
  assert.equal(enc.error, 0, enc.reason);
  assert.equal(toHex(enc.bytes), toHex(want), 'encoded bytes');
  const dec = decodeVariant(want, options);
  assert.equal(dec.error, 0, dec.reason);
  assert.equal(dec.length, want.byteLength, 'decoded length');
  assert.deepEqual(dec.value, decoded);
}

/**
 * Asserts that bytes produced by Godot decode to `expected` (using all of them) and that we
 * encode that value back to the same bytes. Padding bytes are not compared: Godot 3 leaves
 * NodePath padding uninitialized, so they can hold anything. (Padding is found by encoding
 * twice with different pad bytes.)
 */
export function assertGodotBytes(
  godot: Uint8Array,
  expected: Variant,
  options: { format: 'godot3' | 'godot4'; objects?: boolean },
): void {
  const dec = decodeVariant(godot, {
    format: options.format,
    allowObjects: options.objects ?? false,
  });
  assert.equal(dec.error, 0, dec.reason);
  assert.equal(dec.length, godot.byteLength, 'decoded length');
  assert.deepEqual(dec.value, expected);
  const settings = {
    format: options.format,
    fullObjects: options.objects ?? false,
    double: false,
    maxSize: 1 << 30,
  };
  const zeros = encodeWith(dec.value, { ...settings, padByte: 0 });
  const ones = encodeWith(dec.value, { ...settings, padByte: 0xff });
  assert.equal(zeros.error, 0, zeros.reason);
  assert.equal(zeros.bytes.byteLength, godot.byteLength, 're-encoded length');
  const masked = godot.map((b, i) => (zeros.bytes[i] === ones.bytes[i] ? b : 0));
  assert.equal(toHex(zeros.bytes), toHex(masked), 're-encoded bytes (padding excluded)');
}
