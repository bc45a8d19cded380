import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildClientRequest, WS_GUID } from '../../../src/protocol/handshake-client.js';
import { serverHandshake } from '../../../src/protocol/handshake-server.js';
import { type HeadReadResult, HttpHeadReader } from '../../../src/protocol/http-head.js';

const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');

/** Cuts `data` at the given (unsorted, possibly repeated) positions. */
function chunk(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(data.subarray(from, p));
    from = p;
  }
  out.push(data.subarray(from));
  return out;
}

test('random bytes in random chunks never throw and never buffer past the cap', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 600 }),
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
      (cap, chunks) => {
        const reader = new HttpHeadReader(cap);
        let last: HeadReadResult | undefined;
        for (const c of chunks) {
          const r = reader.push(c);
          assert.ok(reader.bufferedBytes <= cap);
          if (last?.kind === 'too-large') assert.equal(r.kind, 'too-large');
          if (last?.kind === 'complete') assert.equal(r.kind, 'complete');
          last = r;
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('bytes full of CR/LF in random chunks: same outcome as one chunk', () => {
  const crlfBytes = fc
    .uint8Array({ maxLength: 200 })
    .map((a) => a.map((b) => [13, 10, 65, 0][b & 3]!));
  fc.assert(
    fc.property(crlfBytes, fc.array(fc.nat(), { maxLength: 8 }), (data, cuts) => {
      const whole = new HttpHeadReader(128).push(data);
      const reader = new HttpHeadReader(128);
      let result: HeadReadResult = { kind: 'need-more' };
      const leftovers: number[] = [];
      for (const c of chunk(data, cuts)) {
        const r = reader.push(c);
        if (result.kind !== 'too-large') result = r;
        if (r.kind === 'complete') leftovers.push(...r.leftover);
      }
      assert.equal(result.kind, whole.kind);
      if (whole.kind === 'complete' && result.kind === 'complete') {
        assert.equal(result.head, whole.head);
        assert.deepEqual(leftovers, [...whole.leftover]);
      }
    }),
    { numRuns: 500 },
  );
});

test('any chunking of a request + frames: same handshake result, same leftover bytes', () => {
  const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  fc.assert(
    fc.property(
      fc.array(token, { maxLength: 4 }),
      fc.array(fc.tuple(token, fc.stringMatching(/^[ -~]{1,20}$/)), { maxLength: 5 }),
      fc.uint8Array({ maxLength: 64 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (protocols, extra, frames, cuts) => {
        const request = buildClientRequest({
          host: 'example.com',
          port: 8080,
          tls: false,
          path: '/p?q=1',
          key: 'dGhlIHNhbXBsZSBub25jZQ==',
          protocols,
          headers: extra.map(([n, v]) => `X-${n}: ${v}`),
        });
        const requestBytes = new TextEncoder().encode(request);
        const data = new Uint8Array(requestBytes.length + frames.length);
        data.set(requestBytes);
        data.set(frames, requestBytes.length);
        const reader = new HttpHeadReader();
        let head: string | undefined;
        const leftover: number[] = [];
        for (const c of chunk(data, cuts)) {
          const r = reader.push(c);
          assert.notEqual(r.kind, 'too-large');
          if (r.kind === 'complete') {
            head = r.head;
            leftover.push(...r.leftover);
          }
        }
        assert.equal(head, request.slice(0, -4));
        assert.deepEqual(leftover, [...frames]);
        const supported = protocols.length > 0 ? [protocols[protocols.length - 1]!] : [];
        const result = serverHandshake(head ?? '', { protocols: supported, acceptKey });
        assert.ok(result.ok, result.ok ? '' : result.reason);
        assert.equal(result.selectedProtocol, protocols.find((p) => supported.includes(p)) ?? '');
      },
    ),
    { numRuns: 300 },
  );
});
