// The records that cross Redis between cluster nodes: what BatchWriter puts in a batch is what
// decodeBatch reads back (kinds, connection ids, payloads, the sender and the batch number),
// a record of gathered parts arrives as one payload, and a cut-short batch is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BatchWriter,
  decodeBatch,
  RecordKind,
  TO_EDGE,
} from '../../../src/server/cluster/cluster-frames.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test('a batch carries its records, gathered parts as one payload, and its sender and number', () => {
  const writer = new BatchWriter('node-a');
  writer.add(RecordKind.OPEN, 7, bytes('{"room":"/r"}'));
  writer.add(RecordKind.END, 7);
  writer.addParts(RecordKind.DATA | TO_EDGE, 0xfffffffe, [bytes('ab'), bytes(''), bytes('cde')]);
  writer.addParts(RecordKind.PAUSE, 3, []);
  assert.equal(writer.count, 4);
  assert.equal(writer.byteLength, 4 * 9 + 13 + 5);
  const batch = decodeBatch(writer.take(41));
  assert.ok(batch);
  assert.equal(batch.from, 'node-a');
  assert.equal(batch.seq, 41);
  assert.deepEqual(
    batch.records.map((r) => [r.kind, r.conn, text(r.payload)]),
    [
      [RecordKind.OPEN, 7, '{"room":"/r"}'],
      [RecordKind.END, 7, ''],
      [RecordKind.DATA | TO_EDGE, 0xfffffffe, 'abcde'],
      [RecordKind.PAUSE, 3, ''],
    ],
  );
  assert.equal(writer.count, 0, 'take empties the writer');
  assert.equal(writer.byteLength, 0);
  assert.deepEqual(decodeBatch(writer.take(42))?.records, []);
});

test('a batch cut short, or of another version, is not read', () => {
  const writer = new BatchWriter('b');
  writer.add(RecordKind.DATA, 1, bytes('hello'));
  const whole = writer.take(1);
  for (let n = 0; n < whole.byteLength; n++) {
    const cut = decodeBatch(whole.subarray(0, n));
    // Cut at a record boundary it is a shorter valid batch; anywhere else it is refused.
    if (cut !== null) assert.ok(cut.records.length === 0 && n === whole.byteLength - 14, `${n}`);
  }
  const other = Buffer.from(whole);
  other[0] = 99;
  assert.equal(decodeBatch(other), null);
});
