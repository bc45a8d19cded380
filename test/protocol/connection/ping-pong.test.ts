// Pings and pongs (Autobahn 2.x style).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { clientAfter, concat, events, frame, hex, output, summarize, toHex } from '../frames.js';

test('ping without payload is answered by an empty pong', () => {
  const c = clientAfter(hex('89 00'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'ping', data: '' }]);
  const pong = output(c);
  assert.equal(toHex(pong.subarray(0, 2)), '8a 80');
  assert.equal(pong.length, 6);
});

test('ping with 125 bytes of binary payload is echoed exactly', () => {
  const payload = Uint8Array.from({ length: 125 }, (_, i) => 255 - i);
  const s = new Connection({ role: 'server' });
  s.receiveData(frame({ opcode: 9, payload, mask: true }));
  assert.deepEqual(summarize(events(s)), [{ kind: 'ping', data: toHex(payload) }]);
  assert.equal(toHex(output(s)), toHex(concat(hex('8a 7d'), payload)));
});

test('ping with 126 bytes fails with 1002 and no pong', () => {
  const c = clientAfter(frame({ opcode: 9, payload: new Uint8Array(126) }));
  assert.deepEqual(summarize(events(c)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH' },
  ]);
  const s = new Connection({ role: 'server' });
  s.receiveData(frame({ opcode: 9, payload: new Uint8Array(126), mask: true }));
  assert.equal(toHex(output(s)), '88 02 03 ea');
});

test('a ping split across chunks is answered once complete', () => {
  const bytes = frame({ opcode: 9, payload: 'split ping', mask: true });
  const s = new Connection({ role: 'server' });
  s.receiveData(bytes.slice(0, 3));
  s.receiveData(bytes.slice(3, 9));
  assert.equal(s.pendingEvents, 0);
  assert.equal(s.dataToSend().length, 0);
  s.receiveData(bytes.slice(9));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'ping', data: toHex(new TextEncoder().encode('split ping')) },
  ]);
  assert.equal(toHex(output(s)), `8a 0a ${toHex(new TextEncoder().encode('split ping'))}`);
});

test('ten pings in one chunk give ten pongs in one output chunk, in order', () => {
  const s = new Connection({ role: 'server' });
  const pings = [];
  for (let i = 0; i < 10; i++)
    pings.push(frame({ opcode: 9, payload: Uint8Array.of(i), mask: true }));
  s.receiveData(concat(...pings));
  assert.equal(events(s).length, 10);
  const chunks = s.dataToSend();
  assert.equal(chunks.length, 1);
  assert.equal(toHex(chunks[0]!), Array.from({ length: 10 }, (_, i) => `8a 01 0${i}`).join(' '));
});

test('unsolicited pong is reported and not answered', () => {
  const c = clientAfter(hex('8a 03 61 62 63'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'pong', data: '61 62 63' }]);
  assert.equal(c.dataToSend().length, 0);
});

test('fragmented ping (FIN clear) fails with 1002', () => {
  const c = clientAfter(frame({ opcode: 9, payload: 'x', fin: false }));
  assert.deepEqual(summarize(events(c)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_FRAGMENTED_CONTROL_FRAME' },
  ]);
});

test('our ping and pong: payload ≤ 125, refused after close', () => {
  const s = new Connection({ role: 'server' });
  assert.equal(s.ping(hex('01 02')), true);
  assert.equal(s.pong(), true);
  assert.equal(s.ping(new Uint8Array(126)), false);
  assert.equal(toHex(output(s)), '89 02 01 02 8a 00');
  s.close(1000, '');
  assert.equal(s.ping(), false);
  assert.equal(s.pong(), false);
  assert.equal(toHex(output(s)), '88 02 03 e8');
});

test('a ping received after our close is reported but not answered (as wslay)', () => {
  const s = new Connection({ role: 'server' });
  s.close(1000, '');
  output(s);
  s.receiveData(frame({ opcode: 9, payload: 'late', mask: true }));
  assert.equal(events(s)[0]?.kind, 'ping');
  assert.equal(s.dataToSend().length, 0);
});

test('heartbeat (Godot 4.4): first poll pings, an answered ping allows the next, an unanswered one times out', () => {
  const c = new Connection({ role: 'server' });
  assert.equal(c.heartbeat(0, 0), 'idle');
  assert.equal(c.heartbeat(1000, 500), 'ping-sent');
  assert.equal(toHex(output(c)), '89 00');
  assert.equal(c.heartbeat(1500, 500), 'idle');
  c.receiveData(frame({ opcode: 10, mask: true }));
  assert.equal(c.heartbeat(1501, 500), 'ping-sent');
  output(c);
  assert.equal(c.heartbeat(2001, 500), 'idle');
  assert.equal(c.heartbeat(2002, 500), 'timed-out');
  assert.equal(c.state, 3);
  assert.equal(c.closeSent, false);
  assert.equal(c.dataToSend().length, 0);
  assert.equal(c.heartbeat(9999, 500), 'idle');
});

test('while pongs are held only the latest ping is answered, once the hold ends (§5.5.3)', () => {
  const s = new Connection({ role: 'server' });
  s.holdPongs(true);
  s.receiveData(
    concat(
      frame({ opcode: 9, payload: 'one', mask: true }),
      frame({ opcode: 9, payload: 'two', mask: true }),
      frame({ opcode: 9, payload: 'three', mask: true }),
    ),
  );
  assert.equal(events(s).length, 3);
  assert.equal(output(s).length, 0);
  s.holdPongs(true);
  assert.equal(output(s).length, 0);
  s.holdPongs(false);
  assert.equal(toHex(output(s)), toHex(concat(hex('8a 05'), new TextEncoder().encode('three'))));
  s.holdPongs(false);
  assert.equal(output(s).length, 0);
});

test('a held pong is not sent after our close frame', () => {
  const s = new Connection({ role: 'server' });
  s.holdPongs(true);
  s.receiveData(frame({ opcode: 9, payload: 'p', mask: true }));
  s.close(1000);
  output(s);
  s.holdPongs(false);
  assert.equal(output(s).length, 0);
});
