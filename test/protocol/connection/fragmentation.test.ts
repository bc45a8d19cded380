// Fragmentation (Autobahn 5.x style).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { concat, events, frame, hex, output, summarize, toHex, utf8 } from '../frames.js';

function client(...frames: Uint8Array[]): Connection {
  const c = new Connection({ role: 'client' });
  c.receiveData(concat(...frames));
  return c;
}

test('text and binary messages in 1, 2 and many fragments', () => {
  for (const [opcode, text] of [
    [1, true],
    [2, false],
  ] as const) {
    const c = client(
      frame({ opcode, payload: 'one' }),
      frame({ opcode, payload: 'tw', fin: false }),
      frame({ opcode: 0, payload: 'o' }),
      frame({ opcode, payload: '', fin: false }),
      frame({ opcode: 0, payload: 'm', fin: false }),
      frame({ opcode: 0, payload: '', fin: false }),
      frame({ opcode: 0, payload: 'any' }),
    );
    assert.deepEqual(summarize(events(c)), [
      { kind: 'message', text, data: toHex(utf8('one')) },
      { kind: 'message', text, data: toHex(utf8('two')) },
      { kind: 'message', text, data: toHex(utf8('many')) },
    ]);
  }
});

test('control frames between fragments are handled in place (ping answered mid-message)', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(
    concat(
      frame({ opcode: 1, payload: 'fragment1', fin: false }),
      frame({ opcode: 9, payload: 'ping' }),
      frame({ opcode: 0, payload: 'fragment2', fin: false }),
      frame({ opcode: 10, payload: 'pong' }),
      frame({ opcode: 0, payload: 'fragment3' }),
    ),
  );
  assert.deepEqual(summarize(events(c)), [
    { kind: 'ping', data: toHex(utf8('ping')) },
    { kind: 'pong', data: toHex(utf8('pong')) },
    { kind: 'message', text: true, data: toHex(utf8('fragment1fragment2fragment3')) },
  ]);
  assert.equal(output(c).length, 6 + 4);
});

test('a close between fragments ends the connection; the partial message is dropped', () => {
  const c = client(
    frame({ opcode: 2, payload: 'part', fin: false }),
    frame({ opcode: 8, payload: hex('03 e8') }),
  );
  assert.deepEqual(summarize(events(c)), [{ kind: 'close', code: 1000, reason: '' }]);
  assert.equal(c.state, 3);
});

test('continuation without a started message fails with 1002', () => {
  for (const fin of [true, false]) {
    const c = client(frame({ opcode: 0, payload: 'orphan', fin }));
    assert.deepEqual(summarize(events(c)), [
      { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_CONTINUATION' },
    ]);
  }
  const after = client(frame({ opcode: 1, payload: 'done' }), frame({ opcode: 0, payload: 'x' }));
  assert.deepEqual(
    summarize(events(after)).map((e) => (e as { kind: string }).kind),
    ['message', 'error'],
  );
});

test('a new text or binary frame inside a fragmented message fails with 1002', () => {
  for (const opcode of [1, 2]) {
    const c = new Connection({ role: 'server' });
    c.receiveData(
      concat(
        frame({ opcode: 1, payload: 'a', fin: false, mask: true }),
        frame({ opcode, payload: 'b', mask: true }),
      ),
    );
    assert.deepEqual(summarize(events(c)), [
      { kind: 'error', closeCode: 1002, code: 'WS_ERR_EXPECTED_CONTINUATION' },
    ]);
    assert.equal(toHex(output(c)), '88 02 03 ea');
  }
});

test('fragmented control frames fail with 1002 (close, ping, pong)', () => {
  for (const opcode of [8, 9, 10]) {
    const c = client(frame({ opcode, fin: false }));
    assert.deepEqual(summarize(events(c)), [
      { kind: 'error', closeCode: 1002, code: 'WS_ERR_FRAGMENTED_CONTROL_FRAME' },
    ]);
  }
});

test('a fragmented message fed byte by byte equals the whole', () => {
  const stream = concat(
    frame({ opcode: 1, payload: 'Grüße ', fin: false, mask: true }),
    frame({ opcode: 9, payload: 'x', mask: true }),
    frame({ opcode: 0, payload: '世界 🎮', mask: true }),
  );
  const s = new Connection({ role: 'server' });
  for (let i = 0; i < stream.length; i++) s.receiveData(stream.slice(i, i + 1));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'ping', data: '78' },
    { kind: 'message', text: true, data: toHex(utf8('Grüße 世界 🎮')) },
  ]);
});
