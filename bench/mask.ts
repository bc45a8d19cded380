// Masking throughput for a 1 MiB payload: in place (the receive path) and into an output
// buffer (the client send path). Run: npm run build:test && node build/bench/mask.js
import { maskInPlace, maskInto } from '../src/protocol/mask.js';

const SIZE = 1 << 20;
const data = new Uint8Array(SIZE);
const out = new Uint8Array(SIZE + 16);
const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
globalThis.crypto.getRandomValues(data.subarray(0, 65536));

function measure(name: string, run: () => void): void {
  for (let i = 0; i < 50; i++) run(); // warm up
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 20; i++) run();
    rounds += 20;
    elapsed = performance.now() - start;
  }
  const mbps = (rounds * SIZE) / (1 << 20) / (elapsed / 1000);
  console.log(`${name}: ${mbps.toFixed(0)} MiB/s (1 MiB x ${rounds})`);
}

measure('maskInPlace aligned', () => maskInPlace(data, 0, SIZE, key, 0, 0));
measure('maskInPlace offset 1', () => maskInPlace(data, 1, SIZE, key, 0, 0));
measure('maskInto (copy + mask)', () => maskInto(data, out, 6, key, 0));
measure('byte loop reference', () => {
  for (let i = 0; i < SIZE; i++) data[i] = data[i]! ^ key[i & 3]!;
});
