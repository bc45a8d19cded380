// Pub/Sub or Streams between cluster nodes? The same traffic both ways through one real
// redis-server: batches of 256 bytes from one publishing connection to one reading connection,
// as fast as possible (throughput) and paced at 2,000 a second (latency: send to receive).
// Streams: XADD with MAXLEN ~ 10000 (trimmed, as a relay would have to), read with XREAD BLOCK.
// Usage: npm run build:test && node build/bench/redis-transport.js [--count 50000]
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startRedis } from '../test/helpers/redis-server.js';
import { LatencyHistogram } from './latency-histogram.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '50000' } } });
const COUNT = Number(values.count);
const SIZE = 256;

interface Result {
  perSecond: number;
  p50: number;
  p99: number;
}

function payload(): Buffer {
  const b = Buffer.alloc(SIZE);
  b.writeDoubleLE(performance.now(), 0);
  return b;
}

async function pubsub(url: string, count: number, hz: number): Promise<Result> {
  const pub = new Redis(url);
  const sub = new Redis(url);
  const latency = new LatencyHistogram();
  let got = 0;
  const done = new Promise<void>((resolve) => {
    sub.on('messageBuffer', (_c: Buffer, m: Buffer) => {
      latency.record(performance.now() - m.readDoubleLE(0));
      if (++got === count) resolve();
    });
  });
  await sub.subscribe('bench');
  const start = performance.now();
  await send(count, hz, () => void pub.publish('bench', payload()));
  await done;
  const seconds = (performance.now() - start) / 1000;
  pub.disconnect();
  sub.disconnect();
  return {
    perSecond: count / seconds,
    p50: latency.percentile(0.5),
    p99: latency.percentile(0.99),
  };
}

async function streams(url: string, count: number, hz: number): Promise<Result> {
  const add = new Redis(url);
  const read = new Redis(url);
  await add.del('bench-stream');
  const latency = new LatencyHistogram();
  let got = 0;
  let last = '$';
  const reader = (async () => {
    while (got < count) {
      const answer = (await read.xreadBuffer(
        'COUNT',
        1000,
        'BLOCK',
        1000,
        'STREAMS',
        'bench-stream',
        last,
      )) as [Buffer, [Buffer, Buffer[]][]][] | null;
      if (!answer) continue;
      for (const [, entries] of answer) {
        for (const [id, fields] of entries) {
          last = id.toString();
          latency.record(performance.now() - (fields[1] as Buffer).readDoubleLE(0));
          got++;
        }
      }
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the reader is blocked in XREAD
  const start = performance.now();
  await send(
    count,
    hz,
    () => void add.xadd('bench-stream', 'MAXLEN', '~', 10000, '*', 'b', payload()),
  );
  await reader;
  const seconds = (performance.now() - start) / 1000;
  add.disconnect();
  read.disconnect();
  return {
    perSecond: count / seconds,
    p50: latency.percentile(0.5),
    p99: latency.percentile(0.99),
  };
}

/** Calls `one` `count` times: in bursts of 100 per event-loop turn (hz 0), or paced at `hz`. */
async function send(count: number, hz: number, one: () => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; ) {
    if (hz === 0) {
      for (let k = 0; k < 100 && i < count; k++, i++) one();
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      const due = start + (i * 1000) / hz;
      while (i < count && performance.now() >= start + (i * 1000) / hz) {
        one();
        i++;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  }
}

const redis = await startRedis();
const rows: [string, Result, Result][] = [];
const paced = Math.min(COUNT, 20_000);
rows.push([
  'as fast as possible',
  await pubsub(redis.url, COUNT, 0),
  await streams(redis.url, COUNT, 0),
]);
rows.push([
  'paced, 2,000/s',
  await pubsub(redis.url, paced, 2000),
  await streams(redis.url, paced, 2000),
]);
await redis.stop();
const cell = (r: Result) =>
  `${Math.round(r.perSecond).toLocaleString('en')}/s [${r.p50.toFixed(2)}/${r.p99.toFixed(2)} ms]`;
console.log(
  `\nRedis transport, ${SIZE}-byte batches, ${COUNT.toLocaleString('en')} unpaced / ${paced.toLocaleString('en')} paced; batches/s [p50/p99 latency]:\n`,
);
console.log('| load | Pub/Sub | Streams (XADD MAXLEN ~ / XREAD BLOCK) |');
console.log('| --- | --- | --- |');
for (const [label, a, b] of rows) console.log(`| ${label} | ${cell(a)} | ${cell(b)} |`);
