// UTF-8 handling in text messages (Autobahn 6.x style): valid text split anywhere passes;
// invalid text fails with 1007 at the first certainly-bad byte, even mid-frame.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { concat, events, frame, hex, output, summarize, toHex, utf8 } from '../frames.js';

const utf8Error = { kind: 'error', closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' };

const validTexts = [
  utf8('Hello-µ@ßöäüàá-UTF-8!!'),
  hex('ce ba e1 bd b9 cf 83 ce bc ce b5'),
  hex('f4 8f bf bf'),
  utf8('🎮🎮'),
];

const invalidTexts: [string, Uint8Array, number][] = [
  ['surrogate mid-text', hex('ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64'), 12],
  ['F4 90 (above U+10FFFF)', hex('41 f4 90 80 80'), 2],
  ['lone continuation', hex('41 42 80 43'), 2],
  ['overlong slash', hex('c0 af'), 0],
  ['FF', hex('ff'), 0],
];

test('valid text split into two fragments at every byte gives the same message', () => {
  for (const text of validTexts) {
    for (let cut = 0; cut <= text.length; cut++) {
      const c = new Connection({ role: 'client' });
      c.receiveData(
        concat(
          frame({ opcode: 1, payload: text.subarray(0, cut), fin: false }),
          frame({ opcode: 0, payload: text.subarray(cut) }),
        ),
      );
      assert.deepEqual(
        summarize(events(c)),
        [{ kind: 'message', text: true, data: toHex(text) }],
        `cut ${cut}`,
      );
    }
  }
});

test('invalid text: 1007 exactly when the bad byte arrives (one frame, fed byte by byte)', () => {
  for (const [name, text, bad] of invalidTexts) {
    const bytes = frame({ opcode: 1, payload: text, mask: true });
    const s = new Connection({ role: 'server' });
    const headerEnd = bytes.length - text.length;
    s.receiveData(bytes.slice(0, headerEnd));
    for (let i = 0; i < text.length; i++) {
      s.receiveData(bytes.slice(headerEnd + i, headerEnd + i + 1));
      if (i < bad) assert.equal(s.pendingEvents, 0, `${name}: no event before byte ${bad}`);
      else break;
    }
    assert.deepEqual(summarize(events(s)), [utf8Error], name);
    assert.equal(toHex(output(s)), '88 02 03 ef', name);
  }
});

test('invalid text split into two fragments at every byte fails at the same byte', () => {
  for (const [name, text, bad] of invalidTexts) {
    for (let cut = 0; cut <= text.length; cut++) {
      const c = new Connection({ role: 'client' });
      c.receiveData(frame({ opcode: 1, payload: text.subarray(0, cut), fin: false }));
      if (cut <= bad)
        assert.equal(c.pendingEvents, 0, `${name} cut ${cut}: first fragment is fine`);
      else
        assert.deepEqual(
          summarize(events(c)),
          [utf8Error],
          `${name} cut ${cut}: fails in fragment 1`,
        );
      c.receiveData(frame({ opcode: 0, payload: text.subarray(cut) }));
      if (cut <= bad) assert.deepEqual(summarize(events(c)), [utf8Error], `${name} cut ${cut}`);
    }
  }
});

test('fail-fast: the rest of a huge invalid message is never waited for', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(concat(hex('81 7f 00 00 00 00 00 10 00 00'), hex('41 42 ed a0')));
  assert.deepEqual(summarize(events(c)), [utf8Error]);
});

test('a text message ending inside a sequence fails with 1007 at its end', () => {
  for (const tail of [hex('c2'), hex('e2 82'), hex('f0 9f 8e')]) {
    const c = new Connection({ role: 'client' });
    c.receiveData(frame({ opcode: 1, payload: concat(utf8('ok'), tail), fin: false }));
    assert.equal(c.pendingEvents, 0);
    c.receiveData(frame({ opcode: 0, payload: '' }));
    assert.deepEqual(summarize(events(c)), [utf8Error]);
  }
  const single = new Connection({ role: 'client' });
  single.receiveData(frame({ opcode: 1, payload: hex('e2 82') }));
  assert.deepEqual(summarize(events(single)), [utf8Error]);
});

test('binary messages are not validated', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(frame({ opcode: 2, payload: hex('ff c0 ed a0 80') }));
  assert.deepEqual(summarize(events(c)), [
    { kind: 'message', text: false, data: 'ff c0 ed a0 80' },
  ]);
});

test('a UTF-8 sequence open at the end of one message does not leak into the next', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(
    concat(frame({ opcode: 1, payload: 'a' }), frame({ opcode: 1, payload: hex('80') })),
  );
  assert.deepEqual(summarize(events(c)), [{ kind: 'message', text: true, data: '61' }, utf8Error]);
});

test('a 1 MiB text in 64 KiB chunks fails in the chunk holding the bad byte (with and without a fast check)', () => {
  const text = new Uint8Array(1 << 20).fill(0x41);
  const bad = 600_000;
  text.set(hex('ed a0 80'), bad);
  const stream = frame({ opcode: 1, payload: text, mask: true });
  const badAt = stream.length - text.length + bad + 1; // the A0 byte decides
  for (const utf8Check of [undefined, isUtf8]) {
    const s = new Connection(utf8Check ? { role: 'server', utf8Check } : { role: 'server' });
    for (let at = 0; at < stream.length; at += 65536) {
      s.receiveData(stream.slice(at, at + 65536));
      const expectError = at + 65536 > badAt;
      assert.equal(s.pendingEvents, expectError ? 1 : 0, `chunk at ${at}`);
      if (expectError) break;
    }
    assert.deepEqual(summarize(events(s)), [utf8Error]);
  }
  const good = new Connection({ role: 'server', utf8Check: isUtf8 });
  text.set(hex('e2 82 ac'), bad);
  good.receiveData(frame({ opcode: 1, payload: text, mask: true }));
  assert.deepEqual(
    events(good).map((e) => e.kind),
    ['message'],
  );
});
