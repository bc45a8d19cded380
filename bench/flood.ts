// Flood benchmark: does one hostile client hurt the others in its room? One room of
// `godot-ws serve --mode godot4` with 4 emulated Godot 4 clients sending a 64-byte state to
// the room 30 times a second (bench/relay-load.ts), measured three ways side by side:
// alone; with a flooder in the same room (bench/servers/flooder.ts: RELAY-to-all packets as
// fast as its socket takes them) under the default per-member rate limits; the same flooder
// sending to the server only; and the flooder with the limits off (--peer-rate 0
// --peer-bytes 0). Reports the well-behaved
// clients' latency (p50, p99, max), what they lost, the server's CPU, and what became of the
// flooder (kicked with 1008 after how long). Rounds alternate between the cases; the median
// round by p99 is shown.
// Usage: npm run build && npm run build:test && node build/bench/flood.js [--seconds 8]
//   [--rounds 3] [--kick-after 5]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { procStat } from './proc-stat.js';
import { runRelayLoad } from './relay-load.js';
import { OURS, type RelayServer, startServer, stopServer } from './relay-servers.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    'kick-after': { type: 'string', default: '4' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

/** OURS without the flags that turn the rate limits off. */
function withLimits(kickAfter: string): RelayServer {
  return {
    name: 'serve, limits on',
    args: (port) => {
      const args = OURS.args(port);
      const at = args.indexOf('--peer-rate');
      args.splice(at, 4, '--peer-kick-after', kickAfter);
      return args;
    },
  };
}

interface Case {
  label: string;
  server: RelayServer;
  flood: boolean;
  /** Where the flooder sends: 0 everyone (relayed), 1 the server only. */
  target?: number;
}
const CASES: Case[] = [
  { label: 'no flooder', server: withLimits(values['kick-after']), flood: false },
  { label: 'flooder, limits on (default)', server: withLimits(values['kick-after']), flood: true },
  {
    label: 'flooder to the server only, limits on',
    server: withLimits(values['kick-after']),
    flood: true,
    target: 1,
  },
  { label: 'flooder, limits off', server: OURS, flood: true },
];

interface Round {
  p50: number;
  p99: number;
  max: number;
  lost: number;
  serverCpu: number;
  flooder: string;
}

async function measure(c: Case): Promise<Round> {
  const running = await startServer(c.server, -1);
  const flooder = c.flood ? startFlooder(running.port, seconds + 1, c.target ?? 0) : null;
  let cpuStart = 0;
  let cpuEnd = 0;
  try {
    const load = await runRelayLoad({
      port: running.port,
      rooms: ['/arena'],
      clientsPerRoom: 4,
      hz: 30,
      stateBytes: 64,
      window: 64,
      warmupSeconds: 1,
      seconds,
      drainSeconds: 3,
      onWindow: (edge) => {
        if (edge === 'start') {
          cpuStart = procStat(running.pid)?.cpuSeconds ?? 0;
          flooder?.go();
        } else cpuEnd = procStat(running.pid)?.cpuSeconds ?? 0;
      },
    });
    const h = load.latency;
    return {
      p50: h.percentile(0.5),
      p99: h.percentile(0.99),
      max: h.percentile(1),
      lost: load.expected - load.delivered,
      serverCpu: (cpuEnd - cpuStart) / seconds,
      flooder: flooder ? await flooder.result : '–',
    };
  } finally {
    await stopServer(running);
  }
}

/** The flooder process, started now; it joins the room on `go()`. */
function startFlooder(
  port: number,
  forSeconds: number,
  target: number,
): { go(): void; result: Promise<string> } {
  const script = join(import.meta.dirname, 'servers', 'flooder.js');
  const args = [script, String(port), '/arena', String(forSeconds), String(target)];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const result = new Promise<string>((resolve) =>
    child.once('exit', () => {
      try {
        const r = JSON.parse(out) as { sent: number; closeCode: number; closedAfter: number };
        const rate = Math.round(r.sent / Math.max(r.closedAfter, 0.001));
        resolve(
          r.closeCode > 0
            ? `closed ${r.closeCode} after ${r.closedAfter.toFixed(1)} s (${rate.toLocaleString('en-US')} msg/s sent)`
            : `not closed (${rate.toLocaleString('en-US')} msg/s sent)`,
        );
      } catch {
        resolve(`? ${out.trim()}`);
      }
    }),
  );
  return { go: () => child.stdin.write('go\n'), result };
}

const results = new Map<string, Round[]>(CASES.map((c) => [c.label, []]));
for (let r = 0; r < rounds; r++) {
  for (const c of CASES) results.get(c.label)?.push(await measure(c));
}
const f = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(2) : '–');
console.log(
  `One godot4 room, 4 clients × 30 Hz × 64-byte states (RELAY to all), ${seconds} s windows, median of ${rounds} rounds by p99.\n`,
);
console.log('| case | p50 ms | p99 ms | max ms | lost | server CPU | the flooder |');
console.log('|---|---|---|---|---|---|---|');
for (const c of CASES) {
  const all = [...(results.get(c.label) ?? [])].sort((a, b) => a.p99 - b.p99);
  const m = all[Math.floor(all.length / 2)]!;
  console.log(
    `| ${c.label} | ${f(m.p50)} | ${f(m.p99)} | ${f(m.max)} | ${m.lost} | ${(m.serverCpu * 100).toFixed(0)} % | ${m.flooder} |`,
  );
}
