// Cluster benchmark: the Rooms relay load (R rooms × 4 emulated Godot 4 clients, 64-byte states
// to the room at 30 Hz, and 1 room × 8 unpaced) through `godot-ws serve` as one process, as
// `--workers 2` on one port, and as three `--cluster` nodes on this machine (clients of a room
// spread over the nodes), all on one real redis-server; then the cost of a packet that crosses
// nodes: two nodes, every room's players on its home vs spread over both.
// Server CPU is the sum over every process of the setup (workers, nodes, Redis), in cores.
// Nothing is pinned (the setups have several processes): the load generator shares the cores.
// Usage: npm run build && npm run build:test && node build/bench/cluster.js [--rooms 25,100,250]
//   [--seconds 5] [--no-unpaced]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startRedis } from '../test/helpers/redis-server.js';
import { formatRate } from './format-rate.js';
import { procStat } from './proc-stat.js';
import { type RelayLoadResult, runRelayLoad } from './relay-load.js';
import { OURS, type RelayServer, type Running, startServer, stopServer } from './relay-servers.js';
import { GODOT4_WIRE } from './relay-wire.js';

const { values } = parseArgs({
  options: {
    rooms: { type: 'string', default: '25,100,250' },
    seconds: { type: 'string', default: '5' },
    'no-unpaced': { type: 'boolean', default: false },
  },
});
const roomCounts = values.rooms.split(',').map(Number);
const SECONDS = Number(values.seconds);
const HZ = 30;

/** A server setup: the ports clients may join and the processes that do the work. */
interface Setup {
  name: string;
  ports: number[];
  pids(): number[];
  stop(): Promise<void>;
}

/** The processes whose parent is `pid` (Linux). */
function children(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

const clustered = (url: string, extra: string[] = []): RelayServer => ({
  name: 'node',
  args: (port) => [...OURS.args(port), '--cluster', url, ...extra],
});

async function single(): Promise<Setup> {
  const r = await startServer(OURS, -1);
  return { name: 'one process', ports: [r.port], pids: () => [r.pid], stop: () => stopServer(r) };
}

async function nodes(
  name: string,
  count: number,
  url: string,
  redisPid: number,
  extra: string[] = [],
): Promise<Setup> {
  const running: Running[] = [];
  for (let i = 0; i < count; i++) running.push(await startServer(clustered(url, extra), -1));
  return {
    name,
    ports: running.map((r) => r.port),
    pids: () => [redisPid, ...running.flatMap((r) => [r.pid, ...children(r.pid)])],
    stop: async () => {
      for (const r of running) await stopServer(r);
    },
  };
}

interface Row {
  load: RelayLoadResult;
  cpu: number;
}

async function measure(
  setup: Setup,
  rooms: number,
  perRoom: number,
  hz: number,
  ports = setup.ports,
): Promise<Row> {
  let start = 0;
  let end = 0;
  const cpu = () => setup.pids().reduce((sum, pid) => sum + (procStat(pid)?.cpuSeconds ?? 0), 0);
  const batch = Math.random().toString(36).slice(2, 8);
  const load = await runRelayLoad({
    port: ports[0] ?? 0,
    ports,
    rooms: Array.from({ length: rooms }, (_, i) => `/c${batch}-${i}`),
    clientsPerRoom: perRoom,
    wire: GODOT4_WIRE,
    hz,
    stateBytes: 64,
    window: 32,
    warmupSeconds: 1,
    seconds: SECONDS,
    drainSeconds: 2,
    onWindow: (edge) => {
      if (edge === 'start') start = cpu();
      else end = cpu();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // rooms close, sockets settle
  return { load, cpu: (end - start) / SECONDS };
}

function cell(row: Row): string {
  const l = row.load;
  const rate = l.delivered / l.seconds;
  const lost = l.expected === 0 ? 0 : (l.expected - l.delivered) / l.expected;
  const p50 = l.latency.percentile(0.5).toFixed(1);
  const p99 = l.latency.percentile(0.99).toFixed(1);
  const perPacket = rate > 0 ? ((row.cpu * 1e6) / rate).toFixed(1) : '–';
  const flags = [
    lost > 0.001 ? `${(lost * 100).toFixed(1)}% lost` : '',
    l.outOfOrder ? `${l.outOfOrder} out of order` : '',
    l.dropped ? `${l.dropped} dropped` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const gen = l.generatorCpu.toFixed(2);
  return `${formatRate(rate)} [${p50}/${p99}] ${row.cpu.toFixed(2)} cores, ${perPacket} µs/pkt (gen ${gen})${flags ? ` (${flags})` : ''}`;
}

const redis = await startRedis();
const redisPid = redis.pid;
const cases = roomCounts.map((r) => ({
  label: `${r} × 4 at ${HZ} Hz`,
  rooms: r,
  perRoom: 4,
  hz: HZ,
}));
if (!values['no-unpaced']) cases.push({ label: '1 × 8 unpaced', rooms: 1, perRoom: 8, hz: 0 });
const results = new Map<string, Map<string, Row>>();
for (const make of [
  () => single(),
  () => nodes('--workers 2', 1, redis.url, redisPid, ['--workers', '2']),
  () => nodes('3 nodes', 3, redis.url, redisPid),
]) {
  const setup = await make();
  try {
    for (const c of cases) {
      const row = await measure(setup, c.rooms, c.perRoom, c.hz);
      const byCase = results.get(c.label) ?? new Map<string, Row>();
      byCase.set(setup.name, row);
      results.set(c.label, byCase);
      process.stderr.write(`  ${setup.name}: ${c.label}: ${cell(row)}\n`);
    }
  } catch (err) {
    // Stop what this run started before reporting (servers left running would skew the next run).
    await setup.stop();
    await redis.stop();
    throw err;
  }
  await setup.stop();
}
const names = ['one process', '--workers 2', '3 nodes'];
console.log(
  `\nCluster benchmark, Node ${process.version}, ${SECONDS} s per cell after 1 s warm-up; cells: delivered/s [p50/p99 ms] server CPU (all processes, Redis included), CPU µs per delivered packet.\n`,
);
console.log(`| case | expected/s | ${names.join(' | ')} |`);
console.log(`| --- | --- | ${names.map(() => '---').join(' | ')} |`);
for (const c of cases) {
  const expected = c.hz === 0 ? '–' : formatRate(c.rooms * c.perRoom * c.hz * (c.perRoom - 1));
  const row = results.get(c.label)!;
  console.log(`| ${c.label} | ${expected} | ${names.map((n) => cell(row.get(n)!)).join(' | ')} |`);
}

// A packet that crosses nodes vs one that stays: two nodes; every room's players on one node
// (its home), or spread over both (three of four deliveries cross, on average).
const pair = await nodes('2 nodes', 2, redis.url, redisPid);
const rooms = roomCounts[Math.min(1, roomCounts.length - 1)] ?? 100;
let stays: Row;
let crosses: Row;
try {
  stays = await measure(pair, rooms, 4, HZ, [pair.ports[0]!]);
  crosses = await measure(pair, rooms, 4, HZ, pair.ports);
} finally {
  await pair.stop();
  await redis.stop();
}
console.log(`\nCrossing nodes (two nodes, ${rooms} × 4 at ${HZ} Hz):\n`);
console.log('| players of a room | delivered/s [p50/p99 ms] CPU, µs/pkt |');
console.log('| --- | --- |');
console.log(`| all on its home node | ${cell(stays)} |`);
console.log(`| spread over both nodes | ${cell(crosses)} |`);
