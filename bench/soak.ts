// The crowd soak of issue 18: many clients at a steady pace, each sending a 64-byte message
// N times a second and waiting for its echo, ours (`godot-ws serve --mode echo` as shipped)
// against an echo server on `ws`, side by side in one run. The C load generator
// (bench/native/loadgen.c, paced mode) runs on CPU 0, each server on CPU 1; per rate and round
// the servers take turns (alternating order), each with fresh connections; the median round
// (by p99) is shown, with the server's CPU and ours ÷ ws.
// Usage: node build/bench/soak.js [--clients 2000] [--rates 5,10,20] [--seconds 4] [--rounds 3]
import { parseArgs } from 'node:util';
import { nativeLoadGenerator, type PacedResult, pacedLoad } from './native-load.js';
import { canPin, pin } from './pin.js';
import { procStat } from './proc-stat.js';
import { OURS, type RelayServer, type Running, startServer, stopServer } from './relay-servers.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    rates: { type: 'string', default: '5,10,20' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
  },
});
const clients = Number(values.clients);
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
const pinned = canPin() && pin(process.pid, 0);
const generator = nativeLoadGenerator();
if (!generator) {
  console.log('No soak: the C load generator needs `cc` (bench/native/loadgen.c).');
  process.exit(0);
}
const load = pacedLoad(generator, pinned ? 0 : undefined);

const OURS_ECHO: RelayServer = {
  name: 'godot-ws serve --mode echo',
  args: (port) => [
    ...OURS.args(port).map((a) => (a === 'godot4' ? 'echo' : a)),
    '--max-peers-per-room',
    String(clients + 10),
  ],
};
const WS_ECHO: RelayServer = {
  name: 'ws echo',
  args: (port) => [`${import.meta.dirname}/servers/ws-echo.js`, String(port)],
};
const servers = [OURS_ECHO, WS_ECHO];

interface Round {
  p50: number;
  p99: number;
  /** Echoes per second over the window. */
  rate: number;
  skipped: number;
  /** Server CPU over the run (handshakes included), % of one core. */
  cpu: number;
}

async function round(r: Running, perSecond: number): Promise<Round> {
  const before = procStat(r.pid);
  const t0 = performance.now();
  const result: PacedResult = await load(r.port, 64, clients, perSecond, seconds);
  const wall = (performance.now() - t0) / 1000;
  const after = procStat(r.pid);
  const q = result.rtts; // per-mille quantiles, ms
  return {
    p50: q[500] ?? Number.NaN,
    p99: q[990] ?? Number.NaN,
    rate: result.messages / result.seconds,
    skipped: result.skipped,
    cpu: before && after ? ((after.cpuSeconds - before.cpuSeconds) / wall) * 100 : Number.NaN,
  };
}

const running: Running[] = [];
const results = new Map<number, Map<string, Round>>();
try {
  for (const s of servers) running.push(await startServer(s, pinned ? 1 : -1));
  for (const r of running) await load(r.port, 64, 100, 20, 1); // warm-up (JIT)
  for (const perSecond of rates) {
    const runs = new Map<string, Round[]>(servers.map((s) => [s.name, []]));
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? running : [...running].reverse();
      for (const r of order) {
        const result = await round(r, perSecond);
        runs.get(r.server.name)!.push(result);
        process.stderr.write(
          `  ${perSecond}/s round ${i + 1}, ${r.server.name}: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, CPU ${result.cpu.toFixed(0)} %\n`,
        );
      }
    }
    const medians = new Map<string, Round>();
    for (const [name, list] of runs) {
      const sorted = [...list].sort((a, b) => a.p99 - b.p99);
      medians.set(name, sorted[(sorted.length - 1) >> 1]!);
    }
    results.set(perSecond, medians);
    process.stderr.write(`  measured ${clients} clients × ${perSecond}/s\n`);
  }
} finally {
  for (const r of running) await stopServer(r);
}

const [ours, ws] = servers.map((s) => s.name) as [string, string];
console.log(
  `\nCrowd soak, Node ${process.version}: ${clients} clients, each one 64-byte message every 1/N s and its echo, ${rounds} alternating round(s) of ${seconds} s (round trips of the first second not kept), median round by p99${pinned ? '; load generator on CPU 0, servers on CPU 1' : ''}.\n`,
);
console.log(`| msg/s per client | server | echoes/s | p50 ms | p99 ms | server CPU | skipped |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [perSecond, cells] of results) {
  for (const name of [ours, ws]) {
    const c = cells.get(name)!;
    console.log(
      `| ${perSecond} | ${name} | ${Math.round(c.rate)} | ${c.p50.toFixed(2)} | ${c.p99.toFixed(2)} | ${c.cpu.toFixed(0)} % | ${c.skipped} |`,
    );
  }
}
console.log('\nours ÷ ws (p99 target of issue 18: ≤ 1.20)\n');
console.log('| msg/s per client | p50 | p99 | CPU |');
console.log('| --- | --- | --- | --- |');
for (const [perSecond, cells] of results) {
  const a = cells.get(ours)!;
  const b = cells.get(ws)!;
  console.log(
    `| ${perSecond} | ${(a.p50 / b.p50).toFixed(2)}× | ${(a.p99 / b.p99).toFixed(2)}× | ${(a.cpu / b.cpu).toFixed(2)}× |`,
  );
}
