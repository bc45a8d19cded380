// Limits (Autobahn 9.x style, with a configured maximum): 1009 before the payload is kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { FRAGMENT_OVERHEAD } from '../../../src/protocol/message-assembler.js';
import { concat, events, frame, output, summarize, toHex } from '../frames.js';

const tooBig = { kind: 'error', closeCode: 1009, code: 'WS_ERR_MESSAGE_TOO_BIG' };

test('a single frame of exactly maxMessageSize passes; one byte more fails with 1009', () => {
  const ok = new Connection({ role: 'server', maxMessageSize: 65535 });
  ok.receiveData(frame({ opcode: 2, payload: new Uint8Array(65535), mask: true }));
  assert.equal(events(ok)[0]?.kind, 'message');
  const bad = new Connection({ role: 'server', maxMessageSize: 65535 });
  bad.receiveData(frame({ opcode: 2, payload: new Uint8Array(65536), mask: true }));
  assert.deepEqual(summarize(events(bad)), [tooBig]);
  assert.equal(toHex(output(bad)), '88 02 03 f1');
  assert.equal(bad.state, 3);
});

test('1009 is decided on the header: no payload byte is buffered', () => {
  const c = new Connection({ role: 'client', maxMessageSize: 1000 });
  c.receiveData(frame({ opcode: 2, payload: new Uint8Array(1001) }).subarray(0, 4));
  assert.deepEqual(summarize(events(c)), [tooBig]);
  assert.equal(c.inboundBufferedBytes, 0);
});

test('fragments add up: payload plus overhead per fragment after the first', () => {
  const limit = 1000;
  const fits = new Connection({ role: 'client', maxMessageSize: limit });
  fits.receiveData(
    concat(
      frame({ opcode: 2, payload: new Uint8Array(500), fin: false }),
      frame({ opcode: 0, payload: new Uint8Array(500 - FRAGMENT_OVERHEAD) }),
    ),
  );
  assert.equal(events(fits)[0]?.kind, 'message');
  const over = new Connection({ role: 'client', maxMessageSize: limit });
  over.receiveData(
    concat(
      frame({ opcode: 2, payload: new Uint8Array(500), fin: false }),
      frame({ opcode: 0, payload: new Uint8Array(501 - FRAGMENT_OVERHEAD) }),
    ),
  );
  assert.deepEqual(summarize(events(over)), [tooBig]);
});

test('a flood of empty fragments is stopped by the per-fragment overhead', () => {
  const limit = 4096;
  const c = new Connection({ role: 'client', maxMessageSize: limit });
  c.receiveData(frame({ opcode: 1, payload: '', fin: false }));
  const empty = frame({ opcode: 0, payload: '', fin: false });
  let sent = 0;
  while (c.pendingEvents === 0 && sent < 10000) {
    c.receiveData(empty.slice());
    sent++;
  }
  assert.equal(sent, Math.floor(limit / FRAGMENT_OVERHEAD) + 1);
  assert.deepEqual(summarize(events(c)), [tooBig]);
});

test('the limit resets per message', () => {
  const c = new Connection({ role: 'client', maxMessageSize: 100 });
  for (let i = 0; i < 50; i++) c.receiveData(frame({ opcode: 2, payload: new Uint8Array(100) }));
  assert.equal(events(c).length, 50);
  assert.equal(c.state, 1);
});

test('control frames do not count toward the message limit', () => {
  const c = new Connection({ role: 'client', maxMessageSize: 10 + FRAGMENT_OVERHEAD });
  c.receiveData(
    concat(
      frame({ opcode: 2, payload: new Uint8Array(5), fin: false }),
      frame({ opcode: 9, payload: new Uint8Array(125) }),
      frame({ opcode: 0, payload: new Uint8Array(5) }),
    ),
  );
  assert.deepEqual(
    events(c).map((e) => e.kind),
    ['ping', 'message'],
  );
});

test('0 or undefined means unlimited', () => {
  for (const maxMessageSize of [0, undefined]) {
    const c = new Connection(
      maxMessageSize === undefined ? { role: 'client' } : { role: 'client', maxMessageSize },
    );
    c.receiveData(frame({ opcode: 2, payload: new Uint8Array(1 << 20) }));
    assert.equal(events(c)[0]?.kind, 'message');
  }
});
