// RFC 6455 §5.7 examples and every length-encoding boundary, both directions, exact bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
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

const HELLO = toHex(utf8('Hello'));

test('§5.7 single-frame unmasked text: a client receives "Hello"', () => {
  const c = clientAfter(hex('81 05 48 65 6c 6c 6f'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'message', text: true, data: HELLO }]);
});

test('§5.7 single-frame masked text: a server receives "Hello"', () => {
  const s = serverAfter(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
  assert.deepEqual(summarize(events(s)), [{ kind: 'message', text: true, data: HELLO }]);
});

test('§5.7 fragmented unmasked text: "Hel" + "lo"', () => {
  const c = clientAfter(hex('01 03 48 65 6c 80 02 6c 6f'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'message', text: true, data: HELLO }]);
});

test('§5.7 unmasked ping "Hello" is answered by a masked pong with the same payload', () => {
  const c = new Connection({ role: 'client', maskKeys: fixedKeys() });
  c.receiveData(hex('89 05 48 65 6c 6c 6f'));
  assert.deepEqual(summarize(events(c)), [{ kind: 'ping', data: HELLO }]);
  assert.equal(toHex(output(c)), '8a 85 37 fa 21 3d 7f 9f 4d 51 58');
});

test('§5.7 masked ping is answered by an unmasked pong (server)', () => {
  const s = serverAfter(hex('89 85 37 fa 21 3d 7f 9f 4d 51 58'));
  assert.deepEqual(summarize(events(s)), [{ kind: 'ping', data: HELLO }]);
  assert.equal(toHex(output(s)), '8a 05 48 65 6c 6c 6f');
});

test('§5.7 a client sends "Hello" exactly as the RFC shows (with that key)', () => {
  const c = new Connection({ role: 'client', maskKeys: fixedKeys() });
  assert.equal(c.send(utf8('Hello'), true), true);
  assert.equal(toHex(output(c)), '81 85 37 fa 21 3d 7f 9f 4d 51 58');
});

test('§5.7 a server sends 256 and 65536 binary bytes with 16- and 64-bit lengths', () => {
  const s = new Connection({ role: 'server' });
  s.send(new Uint8Array(256), false);
  const out256 = output(s);
  assert.equal(toHex(out256.subarray(0, 4)), '82 7e 01 00');
  assert.equal(out256.length, 260);
  s.send(new Uint8Array(65536), false);
  const out64k = output(s);
  assert.equal(toHex(out64k.subarray(0, 10)), '82 7f 00 00 00 00 00 01 00 00');
  assert.equal(out64k.length, 65546);
});

test('every length boundary round-trips server → client and client → server', () => {
  for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
    const payload = Uint8Array.from({ length }, (_, i) => (i * 7) & 0x7f);
    const server = new Connection({ role: 'server' });
    const client = new Connection({ role: 'client' });
    server.send(payload, false);
    const wire = output(server);
    const bits = length < 126 ? 2 : length < 65536 ? 4 : 10;
    assert.equal(wire.length, bits + length, `server frame size for ${length}`);
    for (const chunk of [wire]) client.receiveData(chunk);
    const [got] = events(client);
    assert.equal(got?.kind, 'message');
    assert.deepEqual(got.kind === 'message' && got.data, payload);

    client.send(payload, true);
    const masked = output(client);
    assert.equal(masked.length, bits + 4 + length, `client frame size for ${length}`);
    assert.equal(masked[1]! & 0x80, 0x80);
    server.receiveData(masked);
    const [back] = events(server);
    assert.deepEqual(back?.kind === 'message' && back.data, payload);
    assert.equal(back?.kind === 'message' && back.text, true);
  }
});

test('a 2^32-byte frame header is accepted without allocating the payload (no limit)', () => {
  const s = new Connection({ role: 'server' });
  const head = hex('82 ff 00 00 00 01 00 00 00 00 00 00 00 00');
  s.receiveData(concat(head, new Uint8Array(1000)));
  assert.equal(s.pendingEvents, 0);
  assert.equal(s.state, 1);
  assert.equal(s.inboundBufferedBytes, 1000);
});

test('a 2^32-byte frame header with a limit fails with 1009 before any payload', () => {
  const s = new Connection({ role: 'server', maxMessageSize: 65535 });
  s.receiveData(hex('82 ff 00 00 00 01 00 00 00 00 37 fa 21 3d'));
  assert.deepEqual(summarize(events(s)), [
    { kind: 'error', closeCode: 1009, code: 'WS_ERR_MESSAGE_TOO_BIG' },
  ]);
  assert.equal(toHex(output(s)), '88 02 03 f1');
  assert.equal(s.inboundBufferedBytes, 0);
});

test('non-minimal length encodings are refused with 1002', () => {
  for (const bits of [16, 64] as const) {
    const c = clientAfter(frame({ opcode: 2, payload: new Uint8Array(5), lengthBits: bits }));
    assert.deepEqual(summarize(events(c)), [
      { kind: 'error', closeCode: 1002, code: 'WS_ERR_NON_MINIMAL_LENGTH' },
    ]);
  }
  const c = clientAfter(frame({ opcode: 2, payload: new Uint8Array(65535), lengthBits: 64 }));
  assert.equal(summarize(events(c)).length, 1);
  assert.equal(c.state, 3);
});

test('a 64-bit length with the top bit set fails with 1002; over 2^53 with 1009', () => {
  const top = clientAfter(hex('82 7f 80 00 00 00 00 00 00 00'));
  assert.deepEqual(summarize(events(top)), [
    { kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_PAYLOAD_LENGTH' },
  ]);
  const huge = clientAfter(hex('82 7f 00 20 00 00 00 00 00 00'));
  assert.deepEqual(summarize(events(huge)), [
    { kind: 'error', closeCode: 1009, code: 'WS_ERR_MESSAGE_TOO_BIG' },
  ]);
  const masked = new Connection({ role: 'client', maskKeys: fixedKeys() });
  masked.receiveData(hex('82 7f 80 00 00 00 00 00 00 00'));
  assert.equal(toHex(output(masked)), '88 82 37 fa 21 3d 34 10');
});
