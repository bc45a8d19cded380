// Echo benchmark: our WebSocketPeer server (with the optional native masking addon and
// without it) against `ws` (with and without its bufferutil addon), side by side in one run,
// driven by the same raw load generator. All servers run at once; every cell is measured in
// several rounds that alternate between the servers, and the median round is reported, so a
// slow moment of a shared machine does not land on one server only.
// On Linux with `taskset` and two or more CPUs, the load generator (this process) is pinned to
// CPU 0 and every server to CPU 1, so that the client and the server under test never compete
// for one core and the scheduler's choices do not land on one server only (--unpinned: off).
// Usage: node build/bench/echo.js [--seconds 1] [--rounds 5] [--quick] [--idle 1000] [--idle-only]
//   [--unpinned]
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRate } from './format-rate.js';
import { type LoadResult, openIdle, runLoad } from './load-client.js';
import { median } from './median.js';
import { pin } from './pin.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    quick: { type: 'boolean', default: false },
    idle: { type: 'string', default: '1000' },
    'idle-only': { type: 'boolean', default: false },
    unpinned: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
const here = import.meta.dirname;
const pinned = !values.unpinned && pin(process.pid, 0);

interface Server {
  name: string;
  script: string;
  env?: Record<string, string>;
}
const OURS = 'godot-websocket';
const OURS_JS = 'godot-websocket (JS masking)';
const servers: Server[] = [
  { name: OURS, script: join(here, 'servers', 'ours-echo.js') },
  {
    name: OURS_JS,
    script: join(here, 'servers', 'ours-echo.js'),
    env: { GODOT_WS_NO_BUFFERUTIL: '1' },
  },
  // The CLI (`serve --mode echo`): the same peer class inside the room server, which should add nothing per message.
  { name: 'godot-ws serve --mode echo', script: join(here, 'servers', 'cli-echo.js') },
  { name: 'ws', script: join(here, 'servers', 'ws-echo.js'), env: { WS_NO_BUFFER_UTIL: '1' } },
  { name: 'ws+bufferutil', script: join(here, 'servers', 'ws-echo.js') },
];

interface Running {
  server: Server;
  child: ChildProcess;
  port: number;
}

async function start(server: Server): Promise<Running> {
  const child = fork(server.script, [], {
    env: { ...process.env, ...server.env },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${server.name} exited (${code})`)));
  });
  if (pinned) pin(child.pid!, 1);
  return { server, child, port };
}

/** The server process's CPU time so far (user + system), in µs. */
function cpuTime(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { cpu: number }).cpu));
    child.send('cpu');
  });
}

function memory(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as NodeJS.MemoryUsage));
    child.send('mem');
  });
}

const sizes = values['idle-only'] ? [] : values.quick ? [64, 65536] : [64, 1024, 65536, 1 << 20];
const connectionCounts = values.quick ? [1] : [1, 100];
const inflights = [1, 64];
const MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;

interface Round {
  load: LoadResult;
  /** Server CPU time per echoed message, µs. */
  cpuPerMessage: number;
}
interface Cell {
  mps: number;
  mbps: number;
  p50: number;
  p99: number;
  /** Median over the rounds of the server's CPU µs per message. */
  cpu: number;
}
interface Row {
  label: string;
  results: Map<string, Cell>;
}
const rows: Row[] = [];
const running: Running[] = [];
for (const server of servers) running.push(await start(server));

for (const size of sizes) {
  for (const conns of connectionCounts) {
    for (const inflight of inflights) {
      if (size * conns * inflight > MAX_INFLIGHT_BYTES) continue;
      const row: Row = {
        label: `${fmtSize(size)} ×${conns} conn ×${inflight} in flight`,
        results: new Map(),
      };
      const runs = new Map<string, Round[]>();
      for (const r of running) {
        await runLoad(r.port, size, conns, inflight, Math.min(0.5, seconds / 2)); // warm-up (JIT)
        runs.set(r.server.name, []);
      }
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? running : [...running].reverse();
        for (const r of order) {
          const cpuBefore = await cpuTime(r.child);
          const load = await runLoad(r.port, size, conns, inflight, seconds);
          const cpu = (await cpuTime(r.child)) - cpuBefore;
          runs.get(r.server.name)!.push({ load, cpuPerMessage: cpu / Math.max(1, load.messages) });
        }
      }
      for (const [name, results] of runs) row.results.set(name, medianRound(results));
      rows.push(row);
      process.stderr.write(`  measured ${row.label}\n`);
    }
  }
}
for (const r of running) r.child.kill();

// Idle memory, each server in fresh processes (one per round, alternating order) so the load
// above does not blur it; the median round is shown. Heap is what JavaScript objects take
// after a full GC; RSS adds the sockets' native side and allocator slack.
interface Idle {
  rss: number;
  heap: number;
}
const idleCount = Number(values.idle);
async function measureIdle(server: Server): Promise<Idle> {
  const fresh = await start(server);
  const warm = await openIdle(fresh.port, 20); // load the code paths first
  warm.close();
  await new Promise((r) => setTimeout(r, 300));
  const before = await memory(fresh.child);
  const idle = await openIdle(fresh.port, idleCount);
  await new Promise((r) => setTimeout(r, 500));
  const after = await memory(fresh.child);
  idle.close();
  fresh.child.kill();
  return {
    rss: (after.rss - before.rss) / idleCount,
    heap: (after.heapUsed - before.heapUsed) / idleCount,
  };
}
const idleRuns = new Map<string, Idle[]>(servers.map((s) => [s.name, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? servers : [...servers].reverse();
  for (const server of order) idleRuns.get(server.name)!.push(await measureIdle(server));
}
const idleMedian = (name: string, key: keyof Idle): number =>
  median(idleRuns.get(name)!.map((r) => r[key]));

const names = servers.map((s) => s.name);
console.log(
  `\nEcho benchmark, Node ${process.version}: all servers side by side, ${rounds} alternating rounds of ${seconds} s per cell, median round shown${pinned ? '; load generator on CPU 0, servers on CPU 1' : ''}.`,
);
console.log(
  `msg/s (MB/s) [p50/p99 ms]; ratios = ${OURS} ÷ ws, ${OURS} ÷ ws+bufferutil, ${OURS_JS} ÷ ws+bufferutil\n`,
);
console.log(
  `| case | ${names.join(' | ')} | ÷ ws | ÷ ws+bufferutil | JS masking ÷ ws+bufferutil |`,
);
console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- | --- |`);
for (const row of rows) {
  const cells = names.map((n) => {
    const r = row.results.get(n)!;
    return `${formatRate(r.mps)} (${r.mbps.toFixed(1)}) [${r.p50.toFixed(2)}/${r.p99.toFixed(2)}]`;
  });
  const ratio = (a: string, b: string) =>
    (row.results.get(a)!.mps / row.results.get(b)!.mps).toFixed(2);
  console.log(
    `| ${row.label} | ${cells.join(' | ')} | ${ratio(OURS, 'ws')}× | ${ratio(OURS, 'ws+bufferutil')}× | ${ratio(OURS_JS, 'ws+bufferutil')}× |`,
  );
}
for (const [label, key] of [
  ['RSS per idle connection', 'rss'],
  ['JS heap per idle connection', 'heap'],
] as const) {
  const cells = names.map((n) => `${(idleMedian(n, key) / 1024).toFixed(2)} KiB`);
  const ratio = (a: string, b: string) => (idleMedian(a, key) / idleMedian(b, key)).toFixed(2);
  console.log(
    `| ${label} | ${cells.join(' | ')} | ${ratio(OURS, 'ws')}× | ${ratio(OURS, 'ws+bufferutil')}× | |`,
  );
}

if (rows.length > 0) {
  // Where the rate is bound by round trips (one message in flight), the servers' rates are
  // within the machine's noise; what each server spends per message is a second view.
  console.log(
    `\nServer CPU time per echoed message, µs (user + system, median round; lower is better); ratios = the other ÷ ${OURS}\n`,
  );
  console.log(`| case | ${names.join(' | ')} | ws ÷ ours | ws+bufferutil ÷ ours |`);
  console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
  for (const row of rows) {
    const cpu = (n: string) => row.results.get(n)!.cpu;
    const cells = names.map((n) => cpu(n).toFixed(1));
    console.log(
      `| ${row.label} | ${cells.join(' | ')} | ${(cpu('ws') / cpu(OURS)).toFixed(2)}× | ${(cpu('ws+bufferutil') / cpu(OURS)).toFixed(2)}× |`,
    );
  }
}

/** The round with the median message rate (its latencies come with it), and the median CPU cost. */
function medianRound(rounds: Round[]): Cell {
  const cells = rounds.map(({ load: r }) => ({
    mps: r.messages / r.seconds,
    mbps: r.bytes / r.seconds / 1e6,
    p50: pct(r.rtts, 0.5),
    p99: pct(r.rtts, 0.99),
  }));
  cells.sort((a, b) => a.mps - b.mps);
  return { ...cells[cells.length >> 1]!, cpu: median(rounds.map((r) => r.cpuPerMessage)) };
}
function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
function fmtSize(n: number): string {
  return n >= 1 << 20 ? `${n >> 20} MiB` : n >= 1024 ? `${n >> 10} KiB` : `${n} B`;
}
