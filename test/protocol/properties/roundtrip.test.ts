// Property: parse ∘ serialize = identity, at the frame level and through two connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Connection } from '../../../src/protocol/connection.js';
import { FrameParser, type FrameSink } from '../../../src/protocol/frame-parser.js';
import { FrameWriter } from '../../../src/protocol/frame-writer.js';
import { maskInPlace, NO_MASK, unpackMaskKey } from '../../../src/protocol/mask.js';
import { concat } from '../frames.js';
import { chunk } from './model.js';

interface Frame {
  opcode: number;
  fin: boolean;
  payload: Uint8Array;
}

/** A valid frame sequence: data frames form messages, control frames anywhere. */
const framesArb = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('data' as const),
        opcode: fc.constantFrom(1, 2),
        parts: fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('control' as const),
        opcode: fc.constantFrom(9, 10),
        parts: fc.tuple(fc.uint8Array({ maxLength: 125 })),
      }),
    ),
    { maxLength: 10 },
  )
  .map((groups) => {
    const frames: Frame[] = [];
    for (const g of groups) {
      g.parts.forEach((payload, i) => {
        frames.push({
          opcode: g.kind === 'control' || i === 0 ? g.opcode : 0,
          fin: i === g.parts.length - 1,
          payload,
        });
      });
    }
    return frames;
  });

class Recorder implements FrameSink {
  frames: Frame[] = [];
  #current: Frame | undefined;
  #pieces: Uint8Array[] = [];
  onDataFrame(opcode: number, fin: boolean): undefined {
    this.#current = { opcode, fin, payload: new Uint8Array(0) };
    this.#pieces = [];
  }
  onDataPayload(data: Uint8Array, maskKey: number): undefined {
    const piece = data.slice();
    if (maskKey !== NO_MASK)
      maskInPlace(piece, 0, piece.length, unpackMaskKey(maskKey, new Uint8Array(4)), 0, 0);
    this.#pieces.push(piece);
  }
  onDataFrameEnd(): undefined {
    this.frames.push({ ...this.#current!, payload: concat(...this.#pieces) });
  }
  onControlFrame(opcode: number, payload: Uint8Array): undefined {
    this.frames.push({ opcode, fin: true, payload: payload.slice() });
  }
}

test('FrameParser(FrameWriter(frames)) = frames, masked or not, any chunking', () => {
  fc.assert(
    fc.property(
      framesArb,
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 20 }),
      (frames, masked, cuts) => {
        const writer = new FrameWriter(masked);
        for (const f of frames) writer.writeFrame(f.opcode, f.fin, f.payload);
        const recorder = new Recorder();
        const parser = new FrameParser(recorder, masked);
        for (const c of chunk(concat(...writer.drain()), cuts)) {
          assert.equal(parser.push(c), undefined);
        }
        assert.deepEqual(recorder.frames, frames);
      },
    ),
    { numRuns: 300 },
  );
});

test('client.send → server receives the same message, and back', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 70000 }), fc.boolean(), (data, binary) => {
      const text = !binary;
      const payload = text ? new TextEncoder().encode(new TextDecoder().decode(data)) : data;
      const client = new Connection({ role: 'client' });
      const server = new Connection({ role: 'server' });
      client.send(payload, text);
      for (const c of client.dataToSend()) server.receiveData(c);
      const got = server.nextEvent();
      assert.ok(got?.kind === 'message');
      assert.deepEqual(got.data, payload);
      assert.equal(got.text, text);
      server.send(got.data.slice(), text);
      for (const c of server.dataToSend()) client.receiveData(c.slice());
      const back = client.nextEvent();
      assert.ok(back?.kind === 'message');
      assert.deepEqual(back.data, payload);
    }),
    { numRuns: 100 },
  );
});
