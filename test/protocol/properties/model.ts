// Generators for the property tests: streams of frames as a peer would send them.
import fc from 'fast-check';
import { FrameWriter } from '../../../src/protocol/frame-writer.js';
import { concat } from '../frames.js';

const encoder = new TextEncoder();

/** One thing a peer sends: a message (possibly fragmented, with pings between) or a ping/pong. */
export type Item =
  | { kind: 'message'; text: boolean; data: Uint8Array; cuts: number[]; pingsBetween: Uint8Array[] }
  | { kind: 'ping' | 'pong'; data: Uint8Array };

const payload = fc.uint8Array({ maxLength: 300 });
const control = fc.uint8Array({ maxLength: 125 });
const bigPayload = fc
  .integer({ min: 126, max: 70000 })
  .map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 13) & 0xff));

export const itemArb: fc.Arbitrary<Item> = fc.oneof(
  fc.record({
    kind: fc.constant('message' as const),
    text: fc.constant(true),
    data: fc.string({ unit: 'binary', maxLength: 80 }).map((s) => encoder.encode(s)),
    cuts: fc.array(fc.nat(), { maxLength: 4 }),
    pingsBetween: fc.array(control, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('message' as const),
    text: fc.constant(false),
    data: fc.oneof({ weight: 4, arbitrary: payload }, { weight: 1, arbitrary: bigPayload }),
    cuts: fc.array(fc.nat(), { maxLength: 4 }),
    pingsBetween: fc.array(control, { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constantFrom('ping' as const, 'pong' as const), data: control }),
);

/** Splits `data` at the (sorted, deduplicated) cut positions modulo its length + 1. */
export function fragments(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(data.subarray(at, p));
    at = p;
  }
  out.push(data.subarray(at));
  return out;
}

/** Serializes items with a FrameWriter (masked when `masked`), as the peer would. */
export function serialize(items: Item[], masked: boolean): Uint8Array {
  const w = new FrameWriter(masked);
  for (const item of items) {
    if (item.kind !== 'message') {
      w.writeFrame(item.kind === 'ping' ? 9 : 10, true, item.data);
      continue;
    }
    const parts = fragments(item.data, item.cuts);
    parts.forEach((part, i) => {
      w.writeFrame(i === 0 ? (item.text ? 1 : 2) : 0, i === parts.length - 1, part);
      const ping = item.pingsBetween[i];
      if (ping !== undefined && i < parts.length - 1) w.writeFrame(9, true, ping);
    });
  }
  return concat(...w.drain());
}

/** Cuts `bytes` into chunks at the given positions (copies, as a socket would deliver). */
export function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  return fragments(bytes, cuts).map((c) => c.slice());
}
