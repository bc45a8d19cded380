// Echo benchmark (issue 22's table): `ws` without and with bufferutil, Bun.serve, a raw TCP echo
// on Node's sockets, the CLI's `serve --mode echo` and the examples' echo server (with and
// without the native masking addon), side by side in one run, driven by the same raw load
// generator (the C one in bench/native/, else load-client.ts). All servers run at once, each its own process; every cell is
// measured in rounds that alternate between the servers and the median is reported, so a slow
// moment of a shared machine does not land on one server only. Then server CPU per message,
// page faults per message (1 MiB), idle memory per connection, and the targets met or not.
// On Linux with `taskset` and two or more CPUs, the load generator (this process) is pinned to
// CPU 0 and every server to CPU 1 (--unpinned: off). Bun: bench/bun.ts finds or fetches it
// (--no-bun: leave the column out).
// Usage: node build/bench/echo.js [--quick] [--seconds 1] [--rounds 5] [--idle 1000]
//   [--idle-only] [--no-bun] [--unpinned] [--js-load]
import { parseArgs } from 'node:util';
import { findBun } from './bun.js';
import { type EchoServer, echoServers } from './echo-servers.js';
import { type EchoCase, type EchoCell, printTargets } from './echo-targets.js';
import { formatRate } from './format-rate.js';
import { type LoadResult, openIdle, runLoad } from './load-client.js';
import { median, percentile } from './median.js';
import { nativeLoad, nativeLoadGenerator } from './native-load.js';
import { canPin, pin } from './pin.js';
import { procStat } from './proc-stat.js';
import { type Running, startServer, stopServer } from './relay-servers.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    idle: { type: 'string' },
    'idle-only': { type: 'boolean', default: false },
    'no-bun': { type: 'boolean', default: false },
    unpinned: { type: 'boolean', default: false },
    'js-load': { type: 'boolean', default: false },
    servers: { type: 'string' },
    cases: { type: 'string' },
  },
});
const quick = values.quick;
const seconds = Number(values.seconds ?? (quick ? 0.3 : 1));
const rounds = Math.max(1, Number(values.rounds ?? (quick ? 1 : 5)));
const idleCount = Number(values.idle ?? (quick ? 200 : 1000));
const pinned = !values.unpinned && canPin() && pin(process.pid, 0);
const serverCpu = pinned ? 1 : -1;

const bun = values['no-bun'] ? { why: '--no-bun' } : findBun();
// --servers ws,CLI keeps those columns (names as in the table); --cases '1 MiB' keeps the rows
// whose label holds one of the comma-separated texts: for measuring one row before and after.
const only = values.servers?.split(',').map((s) => s.trim());
const servers = echoServers('path' in bun ? bun.path : null).filter(
  (s) => !only || only.includes(s.name),
);
const names = servers.map((s) => s.name);

const fmtSize = (n: number): string =>
  n >= 1 << 20 ? `${n >> 20} MiB` : n >= 1024 ? `${n >> 10} KiB` : `${n} B`;
const rateCase = (size: number, conns: number, inflight: number): EchoCase => ({
  label: `${fmtSize(size)}, ${conns} conn${conns > 1 ? 's' : ''} × ${inflight}${conns > 1 ? '' : ' in flight'}`,
  size,
  conns,
  inflight,
  latency: false,
});
const latencyCase = (size: number): EchoCase => ({
  label: `${fmtSize(size)}, 1 conn × 1 in flight`,
  size,
  conns: 1,
  inflight: 1,
  latency: true,
});
const caseFilter = values.cases?.split(',').map((s) => s.trim());
/** The issue's rows, in its order; the two p50 cases share the table's last row. */
const cases: EchoCase[] = values['idle-only']
  ? []
  : (
      [
        rateCase(64, 1, 64),
        rateCase(64, 100, 8),
        rateCase(1024, 1, 64),
        rateCase(1024, 100, 8),
        rateCase(65536, 100, 8),
        rateCase(1 << 20, 1, 1),
        rateCase(1 << 20, 100, 1),
        latencyCase(64),
        latencyCase(1024),
      ] satisfies EchoCase[]
    ).filter((c) => !caseFilter || caseFilter.some((f) => c.label.includes(f)));

const start = (server: EchoServer): Promise<Running> =>
  startServer(server, serverCpu, ['--expose-gc']);
const raw = (r: Running): boolean => (r.server as EchoServer).raw === true;
// The C generator (bench/native/loadgen.c) when `cc` can build it (--js-load: the JavaScript
// one), so that the generator is not what limits the fastest servers.
const generator = values['js-load'] ? null : nativeLoadGenerator();
const runEcho = generator ? nativeLoad(generator, pinned ? 0 : undefined) : runLoad;
const load = (r: Running, c: EchoCase, secs: number): Promise<LoadResult> =>
  runEcho(r.port, c.size, c.conns, c.inflight, secs, raw(r));

interface Round {
  mps: number;
  p50: number;
  p99: number;
  cpu: number;
  faults: number;
}

/** One round of one case on one server: the load, with the server's CPU and page faults. */
async function round(r: Running, c: EchoCase): Promise<Round> {
  const before = procStat(r.pid);
  const result = await load(r, c, seconds);
  const after = procStat(r.pid);
  const messages = Math.max(1, result.messages);
  return {
    mps: result.messages / result.seconds,
    p50: percentile(result.rtts, 0.5),
    p99: percentile(result.rtts, 0.99),
    cpu: before && after ? ((after.cpuSeconds - before.cpuSeconds) * 1e6) / messages : Number.NaN,
    faults: before && after ? (after.minorFaults - before.minorFaults) / messages : Number.NaN,
  };
}

const results = new Map<EchoCase, Map<string, EchoCell>>();
if (cases.length > 0) {
  const running: Running[] = [];
  try {
    for (const server of servers) running.push(await start(server));
    for (const c of cases) {
      const runs = new Map<string, Round[]>(names.map((n) => [n, []]));
      for (const r of running) {
        await load(r, c, Math.min(0.5, seconds / 2)); // warm-up (JIT)
      }
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? running : [...running].reverse();
        for (const r of order) runs.get(r.server.name)!.push(await round(r, c));
      }
      const cells = new Map<string, EchoCell>();
      for (const [name, list] of runs) {
        const med = (pick: (x: Round) => number) => median(list.map(pick));
        cells.set(name, {
          mps: med((x) => x.mps),
          p50: med((x) => x.p50),
          p99: med((x) => x.p99),
          cpu: med((x) => x.cpu),
          faults: med((x) => x.faults),
        });
      }
      results.set(c, cells);
      process.stderr.write(`  measured ${c.label}\n`);
    }
  } finally {
    for (const r of running) await stopServer(r);
  }
}

// Idle memory, each server in fresh processes (one per round, alternating order) so the load
// above does not blur it; the median round is shown. Heap is what JavaScript objects take
// after a full GC; RSS adds the sockets' native side and allocator slack. Not for the raw TCP
// echo (no handshake to idle after).
interface Idle {
  rss: number;
  heap: number;
}
function memory(r: Running): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m !== 'object' || m === null || !('rss' in m)) return;
      r.child.off('message', onMessage);
      resolve(m as NodeJS.MemoryUsage);
    };
    r.child.on('message', onMessage);
    r.child.send('mem');
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function measureIdle(server: EchoServer): Promise<Idle> {
  const fresh = await start(server);
  try {
    const warm = await openIdle(fresh.port, 20); // load the code paths first
    warm.close();
    await sleep(300);
    const before = await memory(fresh);
    const idle = await openIdle(fresh.port, idleCount);
    await sleep(500);
    const after = await memory(fresh);
    idle.close();
    return {
      rss: (after.rss - before.rss) / idleCount,
      heap: (after.heapUsed - before.heapUsed) / idleCount,
    };
  } finally {
    await stopServer(fresh);
  }
}
const idleServers = servers.filter((s) => !s.raw);
const idleRuns = new Map<string, Idle[]>(idleServers.map((s) => [s.name, []]));
if (idleCount > 0) {
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? idleServers : [...idleServers].reverse();
    for (const server of order) idleRuns.get(server.name)!.push(await measureIdle(server));
  }
  process.stderr.write(`  measured idle memory (${idleCount} connections)\n`);
}

const row = (label: string, cells: string[]) => console.log(`| ${label} | ${cells.join(' | ')} |`);
const head = (first: string) => {
  row(first, names);
  row(
    '---',
    names.map(() => '---'),
  );
};
const rateRows = cases.filter((c) => !c.latency);
const latencyRows = cases.filter((c) => c.latency);
/** A table with a row per case and a column per server: `show` of each cell. */
function table(title: string, list: EchoCase[], show: (cell: EchoCell) => string): void {
  console.log(title);
  head('case');
  for (const c of list)
    row(
      c.label,
      names.map((n) => show(results.get(c)!.get(n)!)),
    );
}
const us = (ms: number) => `${(ms * 1000).toFixed(0)}`;

console.log(
  `\nEcho benchmark, Node ${process.version}${'version' in bun ? `, Bun ${bun.version}` : ''}: all servers side by side, ${rounds} alternating round(s) of ${seconds} s per cell, medians shown, ${generator ? 'C load generator' : 'JavaScript load generator'}${pinned ? '; load generator on CPU 0, servers on CPU 1' : ''}.`,
);
if ('why' in bun) console.log(`(No Bun column: ${bun.why}.)`);
if (cases.length > 0) {
  table('msg/s; last row: p50 round trip in µs\n', rateRows, (x) => formatRate(x.mps));
  if (latencyRows.length > 0) {
    const label = `${latencyRows.map((c) => fmtSize(c.size)).join(' / ')}, 1 conn × 1, p50`;
    const p50s = (n: string) => latencyRows.map((c) => us(results.get(c)!.get(n)!.p50));
    row(
      label,
      names.map((n) => `${p50s(n).join(' / ')} µs`),
    );
  }
  const cpuTitle = '\nServer CPU time per echoed message, µs (user + system; lower is better)\n';
  table(cpuTitle, cases, (x) => x.cpu.toFixed(1));
  const large = rateRows.filter((c) => c.size >= 1 << 20);
  const faultTitle = '\nServer minor page faults per echoed message (from /proc/PID/stat)\n';
  if (large.length > 0) table(faultTitle, large, (x) => x.faults.toFixed(1));
}
if (idleCount > 0) {
  console.log(`\nPer idle connection (${idleCount} open, after a full GC; median round)\n`);
  head('');
  for (const [label, key] of [
    ['RSS', 'rss'],
    ['JS heap', 'heap'],
  ] as const) {
    const cells = names.map((n) => {
      const runs = idleRuns.get(n);
      return runs ? `${(median(runs.map((r) => r[key])) / 1024).toFixed(2)} KiB` : '—';
    });
    row(label, cells);
  }
}
if (cases.length > 0) printTargets(cases, results);
