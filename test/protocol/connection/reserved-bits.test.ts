// Reserved bits (Autobahn 3.x style): no extension is negotiated, so any RSV bit fails with 1002.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { concat, events, frame, output, summarize, toHex } from '../frames.js';

const rsvError = { kind: 'error', closeCode: 1002, code: 'WS_ERR_UNEXPECTED_RSV' };

test('each RSV combination on a text frame fails with 1002 and a close frame', () => {
  for (let rsv = 1; rsv < 8; rsv++) {
    const s = new Connection({ role: 'server' });
    s.receiveData(frame({ opcode: 1, payload: 'Hello', rsv, mask: true }));
    assert.deepEqual(summarize(events(s)), [rsvError], `rsv ${rsv}`);
    assert.equal(toHex(output(s)), '88 02 03 ea');
    assert.equal(s.state, 3);
  }
});

test('RSV on binary, ping and close frames fails the same way', () => {
  for (const opcode of [2, 8, 9, 10]) {
    const c = new Connection({ role: 'client' });
    c.receiveData(frame({ opcode, rsv: 4 }));
    assert.deepEqual(summarize(events(c)), [rsvError], `opcode ${opcode}`);
  }
});

test('messages before the bad frame are delivered; nothing after it is processed', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(
    concat(
      frame({ opcode: 1, payload: 'ok' }),
      frame({ opcode: 1, payload: 'bad', rsv: 2 }),
      frame({ opcode: 9, payload: 'ping' }),
    ),
  );
  assert.deepEqual(summarize(events(c)), [
    { kind: 'message', text: true, data: '6f 6b' },
    rsvError,
  ]);
  c.receiveData(frame({ opcode: 1, payload: 'later' }));
  assert.equal(c.pendingEvents, 0);
  assert.equal(c.dataToSend().length, 1); // only our close; no pong
});

test('the RSV violation is detected from the first byte pair, before the rest of the header', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(Uint8Array.of(0xc1));
  assert.equal(c.pendingEvents, 0);
  c.receiveData(Uint8Array.of(0x7e)); // 16-bit length follows, not yet sent
  assert.deepEqual(summarize(events(c)), [rsvError]);
});
