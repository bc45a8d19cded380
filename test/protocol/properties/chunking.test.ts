// Property: any chunking of a valid stream yields the same events and the same replies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Connection } from '../../../src/protocol/connection.js';
import { events, output, summarize, toHex } from '../frames.js';
import { chunk, fragments, itemArb, serialize } from './model.js';

test('any chunking of a valid stream yields the same events (both roles)', () => {
  fc.assert(
    fc.property(
      fc.array(itemArb, { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      fc.constantFrom('server' as const, 'client' as const),
      (items, cuts, role) => {
        const stream = serialize(items, role === 'server');
        const whole = new Connection({ role });
        whole.receiveData(stream.slice());
        const pieces = new Connection({ role });
        for (const c of chunk(stream, cuts)) pieces.receiveData(c);
        const expected = summarize(events(whole));
        assert.deepEqual(summarize(events(pieces)), expected);
        // The model: messages in order, pings in place, nothing else.
        const model: unknown[] = [];
        for (const item of items) {
          if (item.kind === 'message') {
            const parts = fragments(item.data, item.cuts);
            for (let i = 0; i < parts.length - 1; i++) {
              const ping = item.pingsBetween[i];
              if (ping !== undefined) model.push({ kind: 'ping', data: toHex(ping) });
            }
            model.push({ kind: 'message', text: item.text, data: toHex(item.data) });
          } else model.push({ kind: item.kind, data: toHex(item.data) });
        }
        assert.deepEqual(expected, model);
        if (role === 'server') assert.deepEqual(output(pieces), output(whole));
        assert.equal(pieces.state, 1);
        assert.equal(pieces.inboundBufferedBytes, 0);
      },
    ),
    { numRuns: 300 },
  );
});

test('byte-at-a-time delivery equals whole delivery', () => {
  fc.assert(
    fc.property(fc.array(itemArb, { maxLength: 4 }), (items) => {
      const stream = serialize(
        items.filter((i) => i.data.length < 2000),
        true,
      );
      const whole = new Connection({ role: 'server' });
      whole.receiveData(stream.slice());
      const bytes = new Connection({ role: 'server' });
      for (let i = 0; i < stream.length; i++) bytes.receiveData(stream.slice(i, i + 1));
      assert.deepEqual(summarize(events(bytes)), summarize(events(whole)));
    }),
    { numRuns: 100 },
  );
});
