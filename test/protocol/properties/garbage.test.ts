// Property: arbitrary or corrupted input never throws and never grows inbound state past the limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Connection } from '../../../src/protocol/connection.js';
import { MAX_CONTROL_PAYLOAD } from '../../../src/protocol/opcode.js';
import { chunk, itemArb, serialize } from './model.js';

/** Parser spill (14) + control buffer (125) on top of the message limit. */
const SLACK = 14 + MAX_CONTROL_PAYLOAD;

function check(conn: Connection, chunks: Uint8Array[], limit: number): void {
  for (const c of chunks) {
    conn.receiveData(c);
    assert.ok(
      conn.inboundBufferedBytes <= limit + SLACK,
      `${conn.inboundBufferedBytes} > ${limit}`,
    );
    if (conn.state === 3) assert.equal(conn.inboundBufferedBytes <= limit + SLACK, true);
  }
  let errors = 0;
  for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) {
    if (e.kind === 'error') {
      errors++;
      assert.ok([1002, 1007, 1009].includes(e.violation.closeCode));
    }
  }
  assert.ok(errors <= 1);
  conn.dataToSend();
}

test('random bytes never throw and stay within the limit', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 3000 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.constantFrom('server' as const, 'client' as const),
      fc.integer({ min: 1, max: 2000 }),
      (bytes, cuts, role, limit) => {
        check(new Connection({ role, maxMessageSize: limit }), chunk(bytes, cuts), limit);
      },
    ),
    { numRuns: 500 },
  );
});

test('valid streams with corrupted bytes never throw and stay within the limit', () => {
  fc.assert(
    fc.property(
      fc.array(itemArb, { maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 5000 }),
      (items, flips, cuts, limit) => {
        const stream = serialize(items, true);
        for (const [at, value] of flips) if (stream.length > 0) stream[at % stream.length] = value;
        check(
          new Connection({ role: 'server', maxMessageSize: limit }),
          chunk(stream, cuts),
          limit,
        );
      },
    ),
    { numRuns: 500 },
  );
});
