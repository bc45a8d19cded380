// The optional native masking kernel (bufferutil, a dev dependency here) gives the same bytes
// as the JS kernels, for messages split and fragmented every way, in both directions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { Connection } from '../../../src/protocol/connection.js';
import { jsMasker } from '../../../src/protocol/mask.js';
import { nodeMasker } from '../../../src/websocket/node/native-masker.js';
import { concat } from '../../protocol/frames.js';
import { chunk } from '../../protocol/properties/model.js';

test('bufferutil is installed for the tests, so Node peers mask natively', () => {
  assert.equal(nodeMasker().native, true);
});

test('GODOT_WS_NO_BUFFERUTIL=1 keeps the JS kernels', () => {
  const url = new URL('../../../src/websocket/node/native-masker.js', import.meta.url).href;
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import('${url}').then((m) => console.log(m.nodeMasker().native))`,
    ],
    { env: { ...process.env, GODOT_WS_NO_BUFFERUTIL: '1' }, encoding: 'utf8' },
  );
  assert.equal(out.trim(), 'false');
});

test('native and JS maskers agree: client frames → server messages, any sizes and chunking', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 70_000 }), fc.boolean()), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.array(fc.nat({ max: 200_000 }), { maxLength: 12 }),
      (messages, cuts) => {
        // Text payloads stay ASCII (valid UTF-8); binary ones use every byte value.
        const payloads = messages.map(([size, text], i) =>
          Uint8Array.from({ length: size }, (_, k) => (k * 7 + i) & (text ? 0x7f : 0xff)),
        );
        const sender = new Connection({ role: 'client', masker: nodeMasker() });
        const expected = new Connection({ role: 'client', masker: jsMasker, maskKeys: sameKeys() });
        const same = new Connection({ role: 'client', masker: nodeMasker(), maskKeys: sameKeys() });
        payloads.forEach((p, i) => {
          sender.send(p, messages[i]![1]);
          expected.send(p, false);
          same.send(p, false);
        });
        assert.deepEqual(concat(...same.dataToSend()), concat(...expected.dataToSend()));
        const stream = concat(...sender.dataToSend());
        for (const masker of [nodeMasker(), jsMasker]) {
          const receiver = new Connection({ role: 'server', masker });
          for (const c of chunk(stream.slice(), cuts)) receiver.receiveData(c);
          const got: Uint8Array[] = [];
          for (let e = receiver.nextEvent(); e; e = receiver.nextEvent()) {
            if (e.kind === 'message') got.push(e.data);
          }
          assert.deepEqual(got, payloads);
        }
      },
    ),
    { numRuns: 60 },
  );
});

/** The same key sequence for two writers. */
function sameKeys(): (out: Uint8Array) => void {
  let n = 0;
  return (out) => {
    for (let i = 0; i < out.length; i++) out[i] = (n++ * 131 + 17) & 0xff;
  };
}
