import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidReceivedCloseCode, isValidSentCloseCode } from '../../src/protocol/close-code.js';
import { buildClosePayload, parseClosePayload } from '../../src/protocol/close-frame.js';
import { hex, utf8 } from './frames.js';

const validCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
const reservedCodes = [
  0, 1, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 2000, 2999, 5000, 65535,
];

test('close code table: valid 1000–1003, 1007–1011, 3000–4999; everything else reserved', () => {
  for (const code of validCodes) {
    assert.equal(isValidReceivedCloseCode(code), true, `${code}`);
    assert.equal(isValidSentCloseCode(code), true, `${code}`);
  }
  for (const code of reservedCodes) {
    assert.equal(isValidReceivedCloseCode(code), false, `${code}`);
    assert.equal(isValidSentCloseCode(code), false, `${code}`);
  }
  let count = 0;
  for (let code = 0; code <= 0xffff; code++) if (isValidReceivedCloseCode(code)) count++;
  assert.equal(count, 4 + 5 + 2000);
});

test('build: code + UTF-8 reason, big-endian', () => {
  assert.deepEqual(buildClosePayload(1000, ''), hex('03 e8'));
  assert.deepEqual(buildClosePayload(4001, 'bye'), hex('0f a1 62 79 65'));
  assert.deepEqual(buildClosePayload(1001, 'é'), hex('03 e9 c3 a9'));
  assert.deepEqual(buildClosePayload(4001, hex('62 79 65 00')), hex('0f a1 62 79 65 00'));
});

test('build: code 0 is an empty body; out-of-range codes and long reasons are refused', () => {
  assert.deepEqual(buildClosePayload(0, ''), new Uint8Array(0));
  assert.equal(buildClosePayload(-1, ''), undefined);
  assert.equal(buildClosePayload(65536, ''), undefined);
  assert.equal(buildClosePayload(1000.5, ''), undefined);
  assert.equal(buildClosePayload(1000, 'x'.repeat(123))?.length, 125);
  assert.equal(buildClosePayload(1000, 'x'.repeat(124)), undefined);
  assert.equal(buildClosePayload(1000, 'é'.repeat(62)), undefined); // 124 bytes
});

test('parse: empty and 1-byte bodies mean "no status" (1005)', () => {
  for (const body of [new Uint8Array(0), hex('03')]) {
    const r = parseClosePayload(body);
    assert.ok(r.ok);
    assert.equal(r.code, 1005);
    assert.equal(r.reason, '');
    assert.equal(r.reasonBytes.length, 0);
  }
});

test('parse: code and reason, reason bytes kept for an exact echo', () => {
  const r = parseClosePayload(hex('0f a1 62 79 65 00'));
  assert.ok(r.ok);
  assert.equal(r.code, 4001);
  assert.equal(r.reason, 'bye\u0000');
  assert.deepEqual(r.reasonBytes, hex('62 79 65 00'));
  const max = parseClosePayload(new Uint8Array([0x03, 0xe8, ...utf8('x'.repeat(123))]));
  assert.ok(max.ok);
  assert.equal(max.reason.length, 123);
});

test('parse: reserved codes fail with 1002, invalid UTF-8 reasons with 1007', () => {
  for (const code of reservedCodes) {
    const r = parseClosePayload(Uint8Array.of(code >>> 8, code & 0xff));
    assert.ok(!r.ok, `${code}`);
    assert.equal(r.violation.closeCode, 1002);
    assert.equal(r.violation.code, 'WS_ERR_INVALID_CLOSE_CODE');
  }
  for (const reason of [hex('ff'), hex('c2'), hex('ed a0 80'), hex('41 80')]) {
    const r = parseClosePayload(new Uint8Array([0x03, 0xe8, ...reason]));
    assert.ok(!r.ok);
    assert.equal(r.violation.closeCode, 1007);
    assert.equal(r.violation.code, 'WS_ERR_INVALID_UTF8');
  }
});
