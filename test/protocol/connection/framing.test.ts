// Framing (Autobahn 1.x/2.x style): chunking, zero copy, coalesced output, client masking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '../../../src/protocol/connection.js';
import { VIEW_THRESHOLD } from '../../../src/protocol/frame-writer.js';
import {
  clientFrame,
  concat,
  events,
  frame,
  hex,
  output,
  summarize,
  toHex,
  utf8,
} from '../frames.js';

test('several frames in one chunk give several messages in order', () => {
  const c = new Connection({ role: 'client' });
  c.receiveData(
    concat(
      frame({ opcode: 1, payload: 'a' }),
      frame({ opcode: 2, payload: hex('01 02') }),
      frame({ opcode: 1, payload: '' }),
    ),
  );
  assert.deepEqual(summarize(events(c)), [
    { kind: 'message', text: true, data: '61' },
    { kind: 'message', text: false, data: '01 02' },
    { kind: 'message', text: true, data: '' },
  ]);
});

test('a stream fed one byte at a time gives the same events (split headers, masks, payloads)', () => {
  const stream = concat(
    clientFrame({ opcode: 1, payload: 'Hello' }),
    clientFrame({ opcode: 2, payload: new Uint8Array(300).fill(9) }),
    clientFrame({ opcode: 9, payload: 'p' }),
    clientFrame({ opcode: 2, payload: new Uint8Array(70000).fill(3) }),
  );
  const whole = new Connection({ role: 'server' });
  whole.receiveData(stream.slice());
  const bytewise = new Connection({ role: 'server' });
  for (let i = 0; i < stream.length; i++) bytewise.receiveData(stream.slice(i, i + 1));
  const expected = summarize(events(whole));
  assert.equal(expected.length, 4);
  assert.deepEqual(summarize(events(bytewise)), expected);
  assert.deepEqual(output(bytewise), output(whole));
});

test('a message whose frame sits in one chunk is a view into that chunk (no copy)', () => {
  const chunk = concat(
    frame({ opcode: 2, payload: hex('aa bb cc') }),
    frame({ opcode: 2, payload: hex('dd') }),
  );
  const c = new Connection({ role: 'client' });
  c.receiveData(chunk);
  const [a, b] = events(c);
  assert.ok(a?.kind === 'message' && b?.kind === 'message');
  assert.equal(a.data.buffer, chunk.buffer);
  assert.equal(a.data.byteOffset, 2);
  assert.equal(b.data.buffer, chunk.buffer);
});

test('a Node Buffer chunk (at an offset in its pool): messages and pings are plain Uint8Array views', () => {
  const frames = concat(
    clientFrame({ opcode: 2, payload: hex('aa bb cc') }),
    clientFrame({ opcode: 1, payload: 'hi' }),
    clientFrame({ opcode: 9, payload: 'p' }),
  );
  const pool = Buffer.alloc(frames.length + 7);
  pool.set(frames, 7);
  const chunk = pool.subarray(7); // a Buffer, as Node's sockets deliver them
  const c = new Connection({ role: 'server' });
  c.receiveData(chunk);
  const list = events(c);
  assert.deepEqual(summarize(list), [
    { kind: 'message', text: false, data: 'aa bb cc' },
    { kind: 'message', text: true, data: '68 69' },
    { kind: 'ping', data: '70' },
  ]);
  for (const event of list) {
    assert.ok(event.kind === 'message' || event.kind === 'ping');
    assert.equal(Object.getPrototypeOf(event.data), Uint8Array.prototype, 'not a Buffer');
    assert.equal(event.data.buffer, pool.buffer, 'a view, not a copy');
  }
});

test('a gathered message in an uninitialised buffer: the pad bytes around it are zeroed', () => {
  // The allocator may hand out old memory (the Node layer skips the zero fill); nothing of it
  // may stay reachable through the message's ArrayBuffer.
  const allocate = (size: number) => new Uint8Array(size).fill(0xee);
  for (let offset = 0; offset < 4; offset++) {
    const bytes = clientFrame({ opcode: 2, payload: new Uint8Array(300).fill(7) });
    const c = new Connection({ role: 'server', allocate });
    const first = new Uint8Array(offset + 150);
    first.set(bytes.subarray(0, 150), offset);
    c.receiveData(first.subarray(offset));
    c.receiveData(bytes.slice(150));
    const [m] = events(c);
    assert.ok(m?.kind === 'message');
    assert.ok(m.data.every((b) => b === 7));
    const whole = new Uint8Array(m.data.buffer);
    assert.ok(
      whole.every((b) => b === 7 || b === 0),
      `offset ${offset}: no stale byte`,
    );
    assert.equal(m.data.byteOffset & 3, (offset + 8) & 3, 'placed at the first piece alignment');
  }
});

test('a masked frame is unmasked in place in the given chunk', () => {
  const chunk = clientFrame({ opcode: 2, payload: hex('01 02 03 04 05') });
  const s = new Connection({ role: 'server' });
  s.receiveData(chunk);
  const [m] = events(s);
  assert.ok(m?.kind === 'message');
  assert.equal(m.data.buffer, chunk.buffer);
  assert.equal(toHex(chunk.subarray(6)), '01 02 03 04 05');
});

test('a frame split across chunks is concatenated once into its own buffer', () => {
  const bytes = frame({ opcode: 2, payload: new Uint8Array(1000).fill(7) });
  const c = new Connection({ role: 'client' });
  c.receiveData(bytes.slice(0, 500));
  assert.equal(c.pendingEvents, 0);
  assert.equal(c.inboundBufferedBytes, 496);
  c.receiveData(bytes.slice(500));
  const [m] = events(c);
  assert.ok(m?.kind === 'message');
  assert.equal(m.data.length, 1000);
  assert.ok(m.data.every((b) => b === 7));
  // Its own buffer, placed at the first piece's alignment (≤ 3 zeroed bytes around it).
  assert.ok(m.data.buffer.byteLength <= 1003);
  assert.equal(m.data.byteOffset & 3, 0); // the payload starts 4 bytes into its first chunk
  const whole = new Uint8Array(m.data.buffer);
  assert.equal(
    whole.reduce((n, b) => n + (b === 7 ? 1 : 0), 0),
    1000,
  );
  assert.equal(c.inboundBufferedBytes, 0);
});

test('64 small sends between two drains come out as one chunk', () => {
  for (const role of ['server', 'client'] as const) {
    const c = new Connection({ role });
    for (let i = 0; i < 64; i++) c.send(utf8(`message ${i}`), true);
    const chunks = c.dataToSend();
    assert.equal(chunks.length, 1, role);
    assert.equal(c.bufferedBytes, 0);
    assert.deepEqual(c.dataToSend(), []);
  }
});

test('bufferedBytes counts every queued byte until drained', () => {
  const s = new Connection({ role: 'server' });
  s.send(new Uint8Array(10), false);
  s.send(new Uint8Array(200), true);
  assert.equal(s.bufferedBytes, 2 + 10 + 4 + 200);
  const c = new Connection({ role: 'client' });
  c.send(new Uint8Array(10), false);
  assert.equal(c.bufferedBytes, 6 + 10);
  assert.equal(output(s).length, 216);
  assert.equal(s.bufferedBytes, 0);
});

test('a large server payload is passed through as a view (header chunk + the payload itself)', () => {
  const s = new Connection({ role: 'server' });
  s.send(utf8('hi'), true);
  const big = new Uint8Array(VIEW_THRESHOLD).fill(1);
  s.send(big, false);
  s.send(utf8('after'), true);
  const chunks = s.dataToSend();
  assert.equal(chunks.length, 3);
  assert.equal(toHex(chunks[0]!), '81 02 68 69 82 7e 40 00');
  assert.equal(chunks[1], big);
  assert.equal(toHex(chunks[2]!), '81 05 61 66 74 65 72');
});

test('drained output is never overwritten by later sends', () => {
  const s = new Connection({ role: 'server' });
  s.send(utf8('first'), true);
  const [first] = s.dataToSend();
  const copy = first!.slice();
  for (let i = 0; i < 5000; i++) s.send(utf8('later later later'), true);
  s.dataToSend();
  assert.deepEqual(first, copy);
});

test('client frames are masked with a fresh key each, and the payload is untouched', () => {
  const c = new Connection({ role: 'client' });
  const payload = new Uint8Array(40000).fill(0x55);
  c.send(payload, false);
  c.send(payload, false);
  assert.ok(payload.every((b) => b === 0x55));
  const wire = output(c);
  const key1 = toHex(wire.subarray(10, 14));
  const key2 = toHex(wire.subarray(14 + 40000 + 10, 14 + 40000 + 14));
  assert.notEqual(key1, key2);
  const s = new Connection({ role: 'server' });
  s.receiveData(wire);
  const got = events(s);
  assert.equal(got.length, 2);
  for (const e of got) assert.ok(e.kind === 'message' && e.data.every((b) => b === 0x55));
});

test('the empty message is sent and received (Godot sends a zero-length frame)', () => {
  const s = new Connection({ role: 'server' });
  s.send(new Uint8Array(0), false);
  s.send(new Uint8Array(0), true);
  assert.equal(toHex(output(s)), '82 00 81 00');
});
