import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';
import { isValidUtf8, UTF8_OK, Utf8Validator } from '../../src/protocol/utf8.js';
import { hex, utf8 } from './frames.js';

/** Valid sequences, including every boundary of RFC 3629's table. */
const valid: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['ASCII', utf8('Hello, world')],
  ['NUL and DEL', hex('00 7f')],
  ['U+0080', hex('c2 80')],
  ['U+07FF', hex('df bf')],
  ['U+0800', hex('e0 a0 80')],
  ['U+D7FF', hex('ed 9f bf')],
  ['U+E000', hex('ee 80 80')],
  ['U+FFFD', hex('ef bf bd')],
  ['U+FFFF', hex('ef bf bf')],
  ['U+10000', hex('f0 90 80 80')],
  ['U+10FFFF', hex('f4 8f bf bf')],
  ['κόσμε', hex('ce ba e1 bd b9 cf 83 ce bc ce b5')],
  ['mixed', utf8('Grüße, 世界! 🎮 Godot')],
];

/** Invalid sequences and the index of the first byte that makes them certainly invalid. */
const invalid: [string, Uint8Array, number][] = [
  ['stray continuation', hex('80'), 0],
  ['continuation after ASCII', hex('41 bf'), 1],
  ['C0 overlong lead', hex('c0 af'), 0],
  ['C1 overlong lead', hex('c1 bf'), 0],
  ['F5 lead', hex('f5 80 80 80'), 0],
  ['FF byte', hex('41 42 ff'), 2],
  ['FE byte', hex('fe'), 0],
  ['overlong 3-byte (E0 80)', hex('e0 80 af'), 1],
  ['overlong 3-byte (E0 9F)', hex('e0 9f bf'), 1],
  ['overlong 4-byte (F0 8F)', hex('f0 8f bf bf'), 1],
  ['surrogate U+D800', hex('ed a0 80'), 1],
  ['surrogate U+DFFF', hex('ed bf bf'), 1],
  ['above U+10FFFF (F4 90)', hex('f4 90 80 80'), 1],
  ['2-byte lead then ASCII', hex('c2 41'), 1],
  ['3-byte lead, one continuation, then ASCII', hex('e2 82 41'), 2],
  ['4-byte lead, two continuations, then a lead', hex('f0 9f 8e c2'), 3],
  [
    'Autobahn 6.3.1 (κόσμε with a surrogate)',
    hex('ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64'),
    12,
  ],
];

/** Truncated sequences: not invalid until the text ends. */
const truncated: [string, Uint8Array][] = [
  ['2-byte lead', hex('c2')],
  ['3-byte, 1 of 2', hex('e2 82')],
  ['4-byte, 3 of 4', hex('f0 9f 8e')],
];

test('valid sequences pass, whole and split at every byte', () => {
  for (const [name, bytes] of valid) {
    assert.equal(isValidUtf8(bytes), true, name);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const v = new Utf8Validator();
      assert.equal(v.update(bytes.subarray(0, cut)), UTF8_OK, `${name} cut ${cut}`);
      assert.equal(v.update(bytes.subarray(cut)), UTF8_OK, `${name} cut ${cut}`);
      assert.equal(v.complete, true, name);
    }
  }
});

test('invalid sequences fail at the first certainly-bad byte, fed whole or byte by byte', () => {
  for (const [name, bytes, at] of invalid) {
    assert.equal(isValidUtf8(bytes), false, name);
    assert.equal(new Utf8Validator().update(bytes), at, name);
    const v = new Utf8Validator();
    for (let i = 0; i < bytes.length; i++) {
      const r = v.update(bytes, i, i + 1);
      if (i < at) assert.equal(r, UTF8_OK, `${name}: byte ${i} must still be acceptable`);
      else {
        assert.equal(r, at, `${name}: must fail at byte ${at}`);
        break;
      }
    }
  }
});

test('invalid sequences fail at the same byte for every split into two chunks', () => {
  for (const [name, bytes, at] of invalid) {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const v = new Utf8Validator();
      const first = v.update(bytes, 0, cut);
      const failedAt = first !== UTF8_OK ? first : v.update(bytes, cut, bytes.length);
      assert.equal(failedAt, at, `${name} cut ${cut}`);
    }
  }
});

test('truncated sequences are pending, not failed, until the end', () => {
  for (const [name, bytes] of truncated) {
    const v = new Utf8Validator();
    assert.equal(v.update(bytes), UTF8_OK, name);
    assert.equal(v.complete, false, name);
    assert.equal(isValidUtf8(bytes), false, name);
  }
});

test('every code point boundary class across all lead bytes agrees with TextDecoder', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const seconds = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
  for (let lead = 0; lead < 256; lead++) {
    for (const second of seconds) {
      for (const tail of [[], [0x80], [0x80, 0x80]]) {
        const bytes = Uint8Array.from([lead, second, ...tail]);
        let expected = true;
        try {
          fatal.decode(bytes);
        } catch {
          expected = false;
        }
        assert.equal(isValidUtf8(bytes), expected, Array.from(bytes).join(' '));
      }
    }
  }
});

test('reset forgets an open sequence', () => {
  const v = new Utf8Validator();
  v.update(hex('e2 82'));
  v.reset();
  assert.equal(v.complete, true);
  assert.equal(v.update(hex('41')), UTF8_OK);
});

test('long ASCII runs (word scan) fail at the exact byte, at every alignment', () => {
  const backing = new Uint8Array(400).fill(0x61);
  for (let offset = 0; offset < 4; offset++) {
    for (const bad of [0, 31, 32, 33, 40, 41, 42, 43, 100, 203, 298]) {
      const view = backing.subarray(offset, offset + 300);
      view[bad] = 0xff;
      assert.equal(new Utf8Validator().update(view), bad, `offset ${offset} bad ${bad}`);
      view[bad] = 0xc3; // valid lead, then ASCII: fails on the next byte
      assert.equal(new Utf8Validator().update(view), bad + 1 < 300 ? bad + 1 : UTF8_OK);
      view[bad] = 0x61;
    }
  }
});

test('with a fast range check (buffer.isUtf8), results and positions are identical', () => {
  const padding = new Uint8Array(300).fill(0x62);
  for (const [name, bytes, at] of invalid) {
    const text = new Uint8Array([...padding, ...bytes, ...padding]);
    for (const cut of [0, 1, 150, 299, 300, 301, 302, 303, 304, 310, 599, text.length]) {
      const v = new Utf8Validator(isUtf8);
      const first = v.update(text, 0, cut);
      const failedAt = first !== UTF8_OK ? first : v.update(text, cut, text.length);
      assert.equal(failedAt, 300 + at, `${name} cut ${cut}`);
    }
  }
  for (const [name, bytes] of valid) {
    const text = new Uint8Array([...padding, ...bytes, ...bytes, ...padding, ...bytes]);
    for (let cut = 290; cut <= text.length; cut++) {
      const v = new Utf8Validator(isUtf8);
      assert.equal(v.update(text, 0, cut), UTF8_OK, `${name} cut ${cut}`);
      assert.equal(v.update(text, cut, text.length), UTF8_OK, `${name} cut ${cut}`);
      assert.equal(v.complete, true);
    }
  }
  for (const [name, bytes] of truncated) {
    const v = new Utf8Validator(isUtf8);
    assert.equal(v.update(new Uint8Array([...padding, ...bytes])), UTF8_OK, name);
    assert.equal(v.complete, false, name);
  }
});
