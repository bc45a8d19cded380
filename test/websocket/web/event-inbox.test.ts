import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacketQueue } from '../../../src/core/packet-queue.js';
import { EventInbox } from '../../../src/websocket/web/event-inbox.js';
import { captureLog } from '../../helpers/log.js';

test('events come out in arrival order; text is UTF-8 encoded and marked as a string', () => {
  const inbox = new EventInbox();
  const queue = new PacketQueue(10, 100);
  inbox.record({ kind: 'open', protocol: 'chat' });
  assert.equal(inbox.recordMessage('é', queue), true);
  assert.equal(inbox.recordMessage(Uint8Array.of(1, 2).buffer, queue), true);
  inbox.record({ kind: 'close', code: 1000, reason: '', wasClean: true, error: false });
  const events = inbox.drain();
  assert.deepEqual(
    events.map((e) => e.kind),
    ['open', 'message', 'message', 'close'],
  );
  assert.deepEqual(events[1], { kind: 'message', data: Uint8Array.of(0xc3, 0xa9), isString: true });
  assert.deepEqual(events[2], { kind: 'message', data: Uint8Array.of(1, 2), isString: false });
  assert.equal(inbox.length, 0);
});

test('waiting messages count against the queue limits: bytes and packets', () => {
  const log = captureLog();
  try {
    const inbox = new EventInbox();
    const queue = new PacketQueue(3, 10);
    queue.push(new Uint8Array(4));
    assert.equal(inbox.recordMessage(new ArrayBuffer(6), queue), true); // 4 + 6 = 10 fits
    assert.equal(inbox.recordMessage(new ArrayBuffer(1), queue), false); // 11 bytes
    assert.equal(inbox.recordMessage(new ArrayBuffer(0), queue), true); // 3rd packet
    assert.equal(inbox.recordMessage(new ArrayBuffer(0), queue), false); // 4th packet
    assert.equal(log.lines.length, 2);
    assert.match(log.lines[0] ?? '', /^error: Dropping a message of 1 bytes/);
    for (const e of inbox.drain()) if (e.kind === 'message') queue.push(e.data, e.isString);
    assert.equal(queue.count, 3);
    queue.shift();
    assert.equal(inbox.recordMessage(new ArrayBuffer(4), queue), true); // room again
  } finally {
    log.restore();
  }
});

test('a maxBytes of 0 means no byte limit; unsupported data types are dropped with an error', () => {
  const log = captureLog();
  try {
    const inbox = new EventInbox();
    const queue = new PacketQueue(10, 0);
    assert.equal(inbox.recordMessage(new ArrayBuffer(1 << 20), queue), true);
    assert.equal(inbox.recordMessage({ size: 3 }, queue), false);
    assert.deepEqual(log.lines, [
      'error: Dropping a message of an unsupported type (binaryType must be "arraybuffer").',
    ]);
  } finally {
    log.restore();
  }
});

test('discardMessages keeps open/close events and frees the room', () => {
  const inbox = new EventInbox();
  const queue = new PacketQueue(1, 0);
  inbox.record({ kind: 'open', protocol: '' });
  assert.equal(inbox.recordMessage('a', queue), true);
  inbox.record({ kind: 'close', code: 4000, reason: 'x', wasClean: true, error: false });
  inbox.discardMessages();
  assert.equal(inbox.recordMessage('b', queue), true);
  assert.deepEqual(
    inbox.drain().map((e) => (e.kind === 'message' ? new TextDecoder().decode(e.data) : e.kind)),
    ['open', 'close', 'b'],
  );
});
