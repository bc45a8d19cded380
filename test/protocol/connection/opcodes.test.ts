// Opcodes (Autobahn 4.x style): reserved opcodes fail with 1002.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { isControl, isData, isKnownOpcode } from '../../../src/protocol/opcode.js';
import { concat, events, frame, output, summarize, toHex } from '../frames.js';

const opError = { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_OPCODE' };

test('opcode classification', () => {
  assert.deepEqual(
    Array.from({ length: 16 }, (_, op) => isKnownOpcode(op)),
    [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ],
  );
  assert.equal(isControl(8) && isControl(0xf) && !isControl(2), true);
  assert.equal(isData(0) && isData(7) && !isData(9), true);
});

test('reserved non-control opcodes 3–7 fail with 1002, empty or with payload', () => {
  for (let op = 3; op <= 7; op++) {
    for (const payload of ['', 'reserved']) {
      const s = new Connection({ role: 'server' });
      s.receiveData(frame({ opcode: op, payload, mask: true }));
      assert.deepEqual(summarize(events(s)), [opError], `opcode ${op}`);
      assert.equal(toHex(output(s)), '88 02 03 ea');
    }
  }
});

test('reserved control opcodes B–F fail with 1002', () => {
  for (let op = 0xb; op <= 0xf; op++) {
    const c = new Connection({ role: 'client' });
    c.receiveData(frame({ opcode: op, payload: 'x' }));
    assert.deepEqual(summarize(events(c)), [opError], `opcode ${op}`);
  }
});

test('a reserved opcode after a valid message and a ping: message and ping delivered, then error', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(
    concat(frame({ opcode: 1, payload: 'a' }), frame({ opcode: 5 }), frame({ opcode: 9 })),
  );
  assert.deepEqual(summarize(events(c)), [{ kind: 'message', text: true, data: '61' }, opError]);
});

test('wrong mask bit for the role fails with 1002 (§5.1)', () => {
  const s = new Connection({ role: 'server' });
  s.receiveData(frame({ opcode: 1, payload: 'unmasked' }));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_EXPECTED_MASK' },
  ]);
  const c = new Connection({ role: 'client' });
  c.receiveData(frame({ opcode: 1, payload: 'masked', mask: true }));
  assert.deepEqual(summarize(events(c)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_UNEXPECTED_MASK' },
  ]);
  const s2 = new Connection({ role: 'server' });
  s2.receiveData(frame({ opcode: 9 }));
  assert.equal(toHex(output(s2)), '88 02 03 ea');
});

test('deferFailure: the message before a violation can be answered; applyFailure closes 1002', () => {
  const s = new Connection({ role: 'server', deferFailure: true });
  s.receiveData(concat(frame({ opcode: 1, payload: 'a', mask: true }), frame({ opcode: 3 })));
  assert.deepEqual(summarize(events(s)), [{ kind: 'message', text: true, data: '61' }, opError]);
  assert.equal(s.failurePending, true);
  assert.equal(s.state, 1, 'still OPEN until the failure is applied');
  assert.equal(toHex(output(s)), '', 'no close frame yet');
  s.receiveData(frame({ opcode: 1, payload: 'b', mask: true }));
  assert.deepEqual(events(s), [], 'input stays stopped');
  assert.equal(s.send(Uint8Array.of(0x61), true), true);
  assert.equal(s.applyFailure(), true);
  assert.equal(s.state, 3);
  assert.equal(toHex(output(s)), '81 01 61 88 02 03 ea', 'the answer, then close 1002');
  assert.equal(s.applyFailure(), false);
  assert.equal(s.send(Uint8Array.of(0x61), true), false);
});
