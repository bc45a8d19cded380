// Closing handshake, close codes and reasons (Autobahn 7.x style), both directions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection, ConnectionState } from '../../../src/protocol/connection.js';
import {
  isDroppedWithoutCloseByGodot,
  ViolationCode,
  violation,
} from '../../../src/protocol/violation.js';
import {
  clientAfter,
  concat,
  events,
  fixedKeys,
  frame,
  hex,
  output,
  serverAfter,
  summarize,
  toHex,
  utf8,
} from '../frames.js';

const { OPEN, CLOSING, CLOSED } = ConnectionState;

test('peer closes first: event, exact echo of code and reason, CLOSED, clean', () => {
  const s = serverAfter(frame({ opcode: 8, payload: hex('03 e8 62 79 65'), mask: true }));
  assert.deepEqual(summarize(events(s)), [{ kind: 'close', code: 1000, reason: 'bye' }]);
  assert.equal(toHex(output(s)), '88 05 03 e8 62 79 65');
  assert.equal(s.state, CLOSED);
  assert.equal(s.closeReceived, true);
  assert.equal(s.closeSent, true);
  assert.equal(s.cleanClose, true);
});

test('a Godot 3 reason with a trailing NUL is reported and echoed byte for byte', () => {
  const c = clientAfter(hex('88 06 0f a1 62 79 65 00'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'close', code: 4001, reason: 'bye\u0000' }]);
  const echo = output(c);
  assert.equal(toHex(echo.subarray(0, 2)), '88 86');
  const key = echo.subarray(2, 6);
  assert.equal(toHex(echo.subarray(6).map((b, i) => b ^ key[i & 3]!)), '0f a1 62 79 65 00');
});

test('empty and 1-byte close bodies report 1005 and get an empty close back', () => {
  for (const body of [new Uint8Array(0), hex('03')]) {
    const s = serverAfter(frame({ opcode: 8, payload: body, mask: true }));
    assert.deepEqual(summarize(events(s)), [{ kind: 'close', code: 1005, reason: '' }]);
    assert.equal(toHex(output(s)), '88 00');
    assert.equal(s.state, CLOSED);
  }
});

test('we close first: OPEN → CLOSING, then the reply → CLOSED with no second close', () => {
  const s = new Connection({ role: 'server' });
  assert.equal(s.close(4000, 'done'), true);
  assert.equal(s.state, CLOSING);
  assert.equal(toHex(output(s)), `88 06 0f a0 ${toHex(utf8('done'))}`);
  assert.equal(s.close(1000, 'again'), false);
  assert.equal(s.send(utf8('x'), true), false);
  s.receiveData(frame({ opcode: 1, payload: 'still delivered', mask: true }));
  s.receiveData(frame({ opcode: 8, payload: hex('0f a0'), mask: true }));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'message', text: true, data: toHex(utf8('still delivered')) },
    { kind: 'close', code: 4000, reason: '' },
  ]);
  assert.equal(s.dataToSend().length, 0);
  assert.equal(s.state, CLOSED);
  assert.equal(s.cleanClose, true);
});

test('a client close is masked', () => {
  const c = new Connection({ role: 'client', maskKeys: fixedKeys() });
  c.close(1000, '');
  assert.equal(toHex(output(c)), '88 82 37 fa 21 3d 34 12');
});

test('close(0) sends an empty close body (Godot); codes are not validated on send', () => {
  const s = new Connection({ role: 'server' });
  s.close(0, 'ignored');
  assert.equal(toHex(output(s)), '88 00');
  const t = new Connection({ role: 'server' });
  t.close(1005, '');
  assert.equal(toHex(output(t)), '88 02 03 ed');
});

test('a code over 65535 is refused and changes nothing', () => {
  const s = new Connection({ role: 'server' });
  assert.equal(s.close(70000, ''), false);
  assert.equal(s.close(1000.5, ''), false);
  assert.equal(s.state, OPEN);
  assert.equal(s.close(1000, 'x'.repeat(123)), true);
  assert.equal(output(s).length, 2 + 125);
});

test('a reason over 123 bytes: nothing sent but CLOSING (Godot); the peer close is still answered', () => {
  const s = new Connection({ role: 'server' });
  assert.equal(s.close(1000, 'x'.repeat(124)), false);
  assert.equal(s.state, CLOSING);
  assert.equal(s.closeSent, false);
  assert.equal(s.dataToSend().length, 0);
  assert.equal(s.send(utf8('x'), true), false);
  s.receiveData(frame({ opcode: 8, payload: hex('03 e9'), mask: true }));
  assert.deepEqual(summarize(events(s)), [{ kind: 'close', code: 1001, reason: '' }]);
  assert.equal(toHex(output(s)), '88 02 03 e9');
  assert.equal(s.state, CLOSED);
});

test('a reason given as bytes is sent verbatim (Godot 3 trailing NUL)', () => {
  const s = new Connection({ role: 'server' });
  s.close(4001, hex('62 79 65 00'));
  assert.equal(toHex(output(s)), '88 06 0f a1 62 79 65 00');
});

test('close(-1) aborts: CLOSED, queued output dropped, nothing sent', () => {
  const s = new Connection({ role: 'server' });
  s.send(utf8('pending'), true);
  assert.equal(s.close(-1, ''), true);
  assert.equal(s.state, CLOSED);
  assert.equal(s.dataToSend().length, 0);
  assert.equal(s.bufferedBytes, 0);
  s.receiveData(frame({ opcode: 1, payload: 'x', mask: true }));
  assert.equal(s.pendingEvents, 0);
});

test('every valid received code is accepted and echoed', () => {
  for (const code of [
    1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999,
  ]) {
    const body = Uint8Array.of(code >>> 8, code & 0xff);
    const c = clientAfter(frame({ opcode: 8, payload: body }));
    assert.deepEqual(summarize(events(c)), [{ kind: 'close', code, reason: '' }], `${code}`);
  }
});

test('every reserved received code fails with 1002 (and 1002 is what we send)', () => {
  for (const code of [
    0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535,
  ]) {
    const s = serverAfter(
      frame({ opcode: 8, payload: Uint8Array.of(code >>> 8, code & 0xff), mask: true }),
    );
    assert.deepEqual(
      summarize(events(s)),
      [{ kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_CLOSE_CODE' }],
      `${code}`,
    );
    assert.equal(toHex(output(s)), '88 02 03 ea');
    assert.equal(s.closeReceived, false);
  }
});

test('a close reason that is not UTF-8 fails with 1007; a 124-byte close payload with 1002', () => {
  const s = serverAfter(
    frame({
      opcode: 8,
      payload: hex('03 e8 ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80'),
      mask: true,
    }),
  );
  assert.deepEqual(summarize(events(s)), [
    { kind: 'error', closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
  ]);
  assert.equal(toHex(output(s)), '88 02 03 ef');
  const long = clientAfter(
    frame({ opcode: 8, payload: concat(hex('03 e8'), new Uint8Array(124).fill(0x61)) }),
  );
  assert.deepEqual(summarize(events(long)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH' },
  ]);
  const max = clientAfter(
    frame({ opcode: 8, payload: concat(hex('03 e8'), new Uint8Array(123).fill(0x61)) }),
  );
  assert.equal(events(max)[0]?.kind, 'close');
});

test('nothing after a close frame is processed (§5.5.1)', () => {
  const c = clientAfter(
    concat(
      frame({ opcode: 8, payload: hex('03 e8') }),
      frame({ opcode: 1, payload: 'late' }),
      frame({ opcode: 9 }),
    ),
  );
  assert.deepEqual(summarize(events(c)), [{ kind: 'close', code: 1000, reason: '' }]);
  assert.equal(output(c).length, 2 + 4 + 2); // just the masked echo
  c.receiveData(frame({ opcode: 1, payload: 'later' }));
  assert.equal(c.pendingEvents, 0);
});

test('a violation after our close: no second close frame, CLOSED, error reported', () => {
  const s = new Connection({ role: 'server' });
  s.close(1000, '');
  output(s);
  s.receiveData(frame({ opcode: 3, mask: true }));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_OPCODE' },
  ]);
  assert.equal(s.dataToSend().length, 0);
  assert.equal(s.state, CLOSED);
  assert.equal(s.cleanClose, false);
});

test('fail() from the caller queues the close and reports the error', () => {
  const s = new Connection({ role: 'server' });
  s.fail(violation(ViolationCode.MESSAGE_TOO_BIG, 'application limit'));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'error', closeCode: 1009, code: 'WS_ERR_MESSAGE_TOO_BIG' },
  ]);
  assert.equal(toHex(output(s)), '88 02 03 f1');
  assert.equal(s.state, CLOSED);
  s.fail(violation(ViolationCode.INVALID_UTF8, 'again'));
  assert.equal(s.pendingEvents, 0);
});

test('EOF: CLOSED; clean only after close frames both ways', () => {
  const open = new Connection({ role: 'client' });
  open.receiveEof();
  assert.equal(open.state, CLOSED);
  assert.equal(open.cleanClose, false);
  assert.equal(open.send(utf8('x'), false), false);
  const closing = new Connection({ role: 'client' });
  closing.close(1000, '');
  closing.receiveEof();
  assert.equal(closing.state, CLOSED);
  assert.equal(closing.cleanClose, false);
  const done = clientAfter(frame({ opcode: 8, payload: hex('03 e8') }));
  done.receiveEof();
  assert.equal(done.cleanClose, true);
});

test('a close frame split across chunks is handled once complete', () => {
  const bytes = frame({ opcode: 8, payload: hex('0f a1 62 79 65'), mask: true });
  const s = new Connection({ role: 'server' });
  for (let i = 0; i < bytes.length; i++) s.receiveData(bytes.slice(i, i + 1));
  assert.deepEqual(summarize(events(s)), [{ kind: 'close', code: 4001, reason: 'bye' }]);
  assert.equal(toHex(output(s)), '88 05 0f a1 62 79 65');
});

test('violations Godot treats as hard read errors are flagged; abort() then drops our close', () => {
  const c = clientAfter(frame({ opcode: 9, payload: new Uint8Array(126) }));
  const [e] = events(c);
  assert.ok(e?.kind === 'error' && isDroppedWithoutCloseByGodot(e.violation));
  c.abort();
  assert.equal(c.dataToSend().length, 0);
  const rsv = clientAfter(frame({ opcode: 1, rsv: 4 }));
  const [r] = events(rsv);
  assert.ok(r?.kind === 'error' && !isDroppedWithoutCloseByGodot(r.violation));
});
