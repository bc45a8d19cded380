// Receive/send throughput of the protocol core, side by side with ws's Receiver and Sender.
// Our connection gets `utf8Check: buffer.isUtf8`, as the Node layer passes it. ws uses its native
// `bufferutil` addon for masking when installed; run with WS_NO_BUFFER_UTIL=1 for ws's pure-JS
// masking. Run: npm run build:test && node build/bench/protocol.js
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { Connection } from '../src/protocol/connection.js';
import { FrameWriter } from '../src/protocol/frame-writer.js';

interface WsReceiver {
  on(event: 'message', listener: () => void): void;
  write(chunk: Buffer): void;
}
const require = createRequire(import.meta.url);
const { Receiver, Sender } = require('ws') as {
  Receiver: new (options: object) => WsReceiver;
  Sender: { frame(data: Buffer, options: object): Buffer[] };
};

const CHUNK = 64 * 1024;

/** `count` frames of `size` bytes (masked as a client sends them, or not), in 64 KiB chunks. */
function stream(count: number, size: number, text: boolean, masked: boolean): Buffer[] {
  const w = new FrameWriter(masked);
  const payload = new Uint8Array(size).fill(0x61);
  for (let i = 0; i < count; i++) w.writeFrame(text ? 1 : 2, true, payload);
  const all = Buffer.concat(w.drain());
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += CHUNK) chunks.push(all.subarray(at, at + CHUNK));
  return chunks;
}

/** Best time in ms of one `run` over several batches (the machine may be shared and noisy). */
function time(run: () => void): number {
  run(); // warm-up
  let best = Number.POSITIVE_INFINITY;
  const until = performance.now() + 1000;
  while (performance.now() < until) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Receive throughput. Masked streams are unmasked in place by both parsers, so every run sees
 * the payload flip between masked and clear: fine for binary, so text is measured unmasked
 * (server → client direction), where nothing is mutated.
 */
function receive(name: string, count: number, size: number, text: boolean, masked: boolean): void {
  const chunks = stream(count, size, text, masked);
  const role = masked ? 'server' : 'client';
  let got = 0;
  const ours = time(() => {
    const conn = new Connection({ role, utf8Check: isUtf8 });
    for (const c of chunks) {
      conn.receiveData(c);
      for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) got++;
    }
  });
  const theirs = time(() => {
    const r = new Receiver({ isServer: masked });
    r.on('message', () => got++);
    for (const c of chunks) r.write(c);
  });
  const mb = (count * size) / (1 << 20);
  const fmt = (ms: number) =>
    `${(count / ms / 1000).toFixed(2)} M msg/s, ${(mb / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(
    `receive ${name}: ours ${fmt(ours)} | ws ${fmt(theirs)} | ours/ws speed ${(theirs / ours).toFixed(2)}x`,
  );
  if (got === 0) console.log('(nothing received?)');
}

function send(name: string, count: number, size: number, masked: boolean): void {
  const payload = Buffer.alloc(size, 0x62);
  let bytes = 0;
  const ours = time(() => {
    const conn = new Connection({ role: masked ? 'client' : 'server' });
    for (let i = 0; i < count; i++) {
      conn.send(payload, false);
      if ((i & 63) === 63) for (const c of conn.dataToSend()) bytes += c.length;
    }
    for (const c of conn.dataToSend()) bytes += c.length;
  });
  const theirs = time(() => {
    for (let i = 0; i < count; i++) {
      const parts = Sender.frame(payload, {
        fin: true,
        rsv1: false,
        opcode: 2,
        mask: masked,
        readOnly: true,
      });
      for (const p of parts) bytes += p.length;
    }
  });
  const fmt = (ms: number) =>
    `${(count / ms / 1000).toFixed(2)} M msg/s, ${((count * size) / (1 << 20) / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(
    `send ${name}: ours ${fmt(ours)} | ws Sender.frame ${fmt(theirs)} | ours/ws speed ${(theirs / ours).toFixed(2)}x`,
  );
  if (bytes === 0) console.log('(nothing sent?)');
}

let bufferutil = false;
try {
  require.resolve('bufferutil');
  bufferutil = process.env.WS_NO_BUFFER_UTIL === undefined;
} catch {}
console.log(`ws masking: ${bufferutil ? 'native bufferutil' : 'pure JS'}`);
receive('10k x 64 B binary, masked', 10_000, 64, false, true);
receive('10k x 64 B text', 10_000, 64, true, false);
receive('1k x 16 KiB binary, masked', 1000, 16 * 1024, false, true);
receive('4 x 1 MiB binary, masked', 4, 1 << 20, false, true);
receive('4 x 1 MiB binary', 4, 1 << 20, false, false);
receive('4 x 1 MiB text', 4, 1 << 20, true, false);
send('10k x 64 B server', 10_000, 64, false);
send('10k x 64 B client (masked)', 10_000, 64, true);
send('4 x 1 MiB client (masked)', 4, 1 << 20, true);
