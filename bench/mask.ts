// Masking throughput for a 1 MiB payload: in place (the receive path) and into an output
// buffer (the client send path). Run: npm run build:test && node build/bench/mask.js
import { maskInPlace, maskInto } from '../src/protocol/mask.js';

const SIZE = 1 << 20;
const data = new Uint8Array(SIZE);
const out = new Uint8Array(SIZE + 16);
const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
globalThis.crypto.getRandomValues(data.subarray(0, 65536));

/** Best of many timed runs (the machine may be shared, so the best run is the honest one). */
function measure(name: string, run: () => void): void {
  for (let i = 0; i < 50; i++) run(); // warm up
  let best = Number.POSITIVE_INFINITY;
  const until = performance.now() + 1000;
  while (performance.now() < until) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  console.log(`${name}: ${(SIZE / (1 << 20) / (best / 1000)).toFixed(0)} MiB/s (1 MiB, best run)`);
}

measure('maskInPlace aligned', () => maskInPlace(data, 0, SIZE, key, 0, 0));
measure('maskInPlace offset 1', () => maskInPlace(data, 1, SIZE, key, 0, 0));
measure('maskInto misaligned (copy + mask)', () => maskInto(data, out, 6, key, 0));
measure('byte loop reference', () => {
  for (let i = 0; i < SIZE; i++) data[i] = data[i]! ^ key[i & 3]!;
});
measure('maskInto aligned (one pass)', () => maskInto(data, out, 0, key, 0));
