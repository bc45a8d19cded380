// Shared by the real-engine RPC tests: a deadline wait, and the check of submit_move's
// arguments (int, float, String, Vector2, Array, Dictionary) as both engines' games send them.
import assert from 'node:assert/strict';
import { Vector2 } from '../../../src/core/variant/math-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';

/** Resolves when `done()` holds (checked every few ms); rejects after `ms`. */
export async function waitUntil(what: string, done: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

/** `submit_move(7, 2.5, "hi", Vector2(1.5, -2), [1, "two"], {"k": 3})`, decoded. */
export function assertFirstMove(args: Variant[]): void {
  const [x, speed, label, at, list, extra] = args;
  assert.equal(x, 7);
  assert.equal(Number(speed), 2.5);
  assert.equal(label, 'hi');
  assert.ok(at instanceof Vector2 && at.x === 1.5 && at.y === -2, String(at));
  assert.deepEqual(list, [1, 'two']);
  assert.ok(extra instanceof Map && extra.get('k') === 3);
}
