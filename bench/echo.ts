// Echo benchmark: our WebSocketPeer server against `ws` (with and without its native
// bufferutil addon), side by side in one run, driven by the same raw load generator.
// Usage: node build/bench/echo.js [--seconds 2] [--quick]
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openIdle, runLoad } from './load-client.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
    idle: { type: 'string', default: '1000' },
  },
});
const seconds = Number(values.seconds);
const here = import.meta.dirname;

interface Server {
  name: string;
  script: string;
  env?: Record<string, string>;
}
const servers: Server[] = [
  { name: 'godot-websocket', script: join(here, 'servers', 'ours-echo.js') },
  { name: 'ws', script: join(here, 'servers', 'ws-echo.js'), env: { WS_NO_BUFFER_UTIL: '1' } },
  { name: 'ws+bufferutil', script: join(here, 'servers', 'ws-echo.js') },
];

async function start(server: Server): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(server.script, [], {
    env: { ...process.env, ...server.env },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${server.name} exited (${code})`)));
  });
  return { child, port };
}

function rss(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { rss: number }).rss));
    child.send('rss');
  });
}

const sizes = values.quick ? [64, 65536] : [64, 1024, 65536, 1 << 20];
const connectionCounts = values.quick ? [1] : [1, 100];
const inflights = [1, 64];
const MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;

interface Row {
  label: string;
  results: Map<string, { mps: number; mbps: number; p50: number; p99: number }>;
}
const rows: Row[] = [];
for (const size of sizes) {
  for (const conns of connectionCounts) {
    for (const inflight of inflights) {
      if (size * conns * inflight > MAX_INFLIGHT_BYTES) continue;
      rows.push({
        label: `${fmtSize(size)} ×${conns} conn ×${inflight} in flight`,
        results: new Map(),
      });
    }
  }
}

const idleRss = new Map<string, number>();
for (const server of servers) {
  const { child, port } = await start(server);
  let i = 0;
  for (const size of sizes) {
    for (const conns of connectionCounts) {
      for (const inflight of inflights) {
        if (size * conns * inflight > MAX_INFLIGHT_BYTES) continue;
        await runLoad(port, size, conns, inflight, Math.min(0.5, seconds / 4)); // warm-up (JIT)
        const r = await runLoad(port, size, conns, inflight, seconds);
        rows[i++]!.results.set(server.name, {
          mps: r.messages / r.seconds,
          mbps: r.bytes / r.seconds / 1e6,
          p50: pct(r.rtts, 0.5),
          p99: pct(r.rtts, 0.99),
        });
      }
    }
  }
  child.kill();
  // Idle memory in a fresh process, so the load above does not blur it.
  const fresh = await start(server);
  const idleCount = Number(values.idle);
  const warm = await openIdle(fresh.port, 20); // load the code paths first
  warm.close();
  await new Promise((r) => setTimeout(r, 300));
  const before = await rss(fresh.child);
  const idle = await openIdle(fresh.port, idleCount);
  await new Promise((r) => setTimeout(r, 500));
  const afterOpen = await rss(fresh.child);
  idle.close();
  idleRss.set(server.name, (afterOpen - before) / idleCount);
  fresh.child.kill();
}

const names = servers.map((s) => s.name);
console.log(
  `\nEcho benchmark, ${seconds} s per cell, Node ${process.version}, one run, side by side.`,
);
console.log('msg/s (MB/s) [p50/p99 ms]; ratio = godot-websocket ÷ ws, and ÷ ws+bufferutil\n');
console.log(`| case | ${names.join(' | ')} | ratio vs ws | ratio vs ws+bufferutil |`);
console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
for (const row of rows) {
  const cells = names.map((n) => {
    const r = row.results.get(n)!;
    return `${fmt(r.mps)} (${r.mbps.toFixed(1)}) [${r.p50.toFixed(2)}/${r.p99.toFixed(2)}]`;
  });
  const ours = row.results.get('godot-websocket')!.mps;
  const ratio = (n: string) => (ours / row.results.get(n)!.mps).toFixed(2);
  console.log(
    `| ${row.label} | ${cells.join(' | ')} | ${ratio('ws')}× | ${ratio('ws+bufferutil')}× |`,
  );
}
const idleCells = names.map((n) => `${(idleRss.get(n)! / 1024).toFixed(1)} KiB`);
const idleRatio = (idleRss.get('godot-websocket')! / idleRss.get('ws')!).toFixed(2);
console.log(`| RSS per idle connection | ${idleCells.join(' | ')} | ${idleRatio}× | |`);

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
function fmt(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)}M`
    : n >= 1e3
      ? `${(n / 1e3).toFixed(1)}k`
      : n.toFixed(0);
}
function fmtSize(n: number): string {
  return n >= 1 << 20 ? `${n >> 20} MiB` : n >= 1024 ? `${n >> 10} KiB` : `${n} B`;
}
