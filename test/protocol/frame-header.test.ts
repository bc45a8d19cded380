import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerSize, MAX_HEADER_SIZE, writeHeader } from '../../src/protocol/frame-header.js';
import { hex, RFC_KEY, toHex } from './frames.js';

function header(length: number, masked: boolean, fin = true, opcode = 2): string {
  const out = new Uint8Array(MAX_HEADER_SIZE);
  const end = writeHeader(out, 0, fin, opcode, length, masked ? RFC_KEY : undefined);
  assert.equal(end, headerSize(length, masked));
  return toHex(out.subarray(0, end));
}

test('length boundaries use the minimal encoding (§5.2)', () => {
  assert.equal(header(0, false), '82 00');
  assert.equal(header(125, false), '82 7d');
  assert.equal(header(126, false), '82 7e 00 7e');
  assert.equal(header(65535, false), '82 7e ff ff');
  assert.equal(header(65536, false), '82 7f 00 00 00 00 00 01 00 00');
  assert.equal(header(2 ** 32, false), '82 7f 00 00 00 01 00 00 00 00');
  assert.equal(header(2 ** 53 - 1, false), '82 7f 00 1f ff ff ff ff ff ff');
});

test('masked headers carry the key after the length', () => {
  assert.equal(header(5, true, true, 1), '81 85 37 fa 21 3d');
  assert.equal(header(126, true), '82 fe 00 7e 37 fa 21 3d');
  assert.equal(header(65536, true), '82 ff 00 00 00 00 00 01 00 00 37 fa 21 3d');
});

test('FIN and opcode', () => {
  assert.equal(header(3, false, false, 1), '01 03');
  assert.equal(header(2, false, true, 0), '80 02');
  assert.equal(header(0, false, true, 9), '89 00');
});

test('headerSize at every boundary', () => {
  const cases: [number, number][] = [
    [0, 2],
    [125, 2],
    [126, 4],
    [65535, 4],
    [65536, 10],
    [2 ** 32, 10],
  ];
  for (const [length, size] of cases) {
    assert.equal(headerSize(length, false), size, `${length}`);
    assert.equal(headerSize(length, true), size + 4, `${length} masked`);
  }
  assert.deepEqual(hex('82 7e 00 7e').length, headerSize(126, false));
});
