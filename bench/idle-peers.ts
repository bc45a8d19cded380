// Idle peers: what N idle WebSocket connections cost a server, ours against `ws`, side by side in
// one run. Each server is its own process (pinned to CPU 1 where possible; this process, the
// clients, to CPU 0): `godot-ws serve --mode echo` as shipped (dist/) and a plain echo server on
// `ws`. Per round and server: open N idle connections (they finished their handshake and send
// nothing), measure the server's CPU while they idle, then one active client's round trips (64 B,
// one in flight) beside them; then close them. Rounds alternate the servers' order; the median
// round is shown, and the ratios ours ÷ ws.
// --mode godot4: `serve --mode godot4` against the plain relay on `ws` (bench/servers/ws-relay.ts),
// the idle clients in rooms of 4, the active part one room of 4 emulated Godot 4 clients sending
// 64-byte states at 30 Hz (bench/relay-load.ts), its delivery latency instead of a round trip.
// Usage: node build/bench/idle-peers.js [--idle 10000] [--seconds 3] [--rounds 2] [--mode echo|godot4]
import { parseArgs } from 'node:util';
import { openIdle, runLoad } from './load-client.js';
import { median, percentile } from './median.js';
import { canPin, pin } from './pin.js';
import { procStat } from './proc-stat.js';
import { runRelayLoad } from './relay-load.js';
import {
  OURS,
  type RelayServer,
  type Running,
  startServer,
  stopServer,
  WS,
} from './relay-servers.js';

const { values } = parseArgs({
  options: {
    idle: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    mode: { type: 'string', default: 'echo' },
  },
});
const idle = Number(values.idle);
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
const pinned = canPin() && pin(process.pid, 0);

const OURS_ECHO: RelayServer = {
  name: 'godot-ws serve --mode echo',
  args: (port) => [
    ...OURS.args(port).map((a) => (a === 'godot4' ? 'echo' : a)),
    '--max-peers-per-room',
    String(Math.max(idle + 10, 100)),
    '--max-peers',
    String(Math.max(idle + 10, 100)),
    // The per-member rate limits (300 messages/s by default) would cut the active client's
    // unpaced round trips short: off, as `ws` has none.
    '--peer-rate',
    '0',
    '--peer-bytes',
    '0',
  ],
};
const WS_ECHO: RelayServer = {
  name: 'ws echo',
  args: (port) => [`${import.meta.dirname}/servers/ws-echo.js`, String(port)],
};
const godot4 = values.mode === 'godot4';
const OURS_GODOT4: RelayServer = {
  name: 'godot-ws serve --mode godot4',
  args: (port) => OURS_ECHO.args(port).map((a) => (a === 'echo' ? 'godot4' : a)),
};
const servers = godot4 ? [OURS_GODOT4, WS] : [OURS_ECHO, WS_ECHO];
/** Idle clients' paths: one room for echo, rooms of 4 for godot4. */
const idlePath = godot4 ? (i: number) => `/idle-${i >> 2}` : () => '/';
let activeRoom = 0;

/** The active part: 64-byte round trips (echo), or one room of 4 at 30 Hz (godot4): latencies. */
async function active(
  r: Running,
  secs: number,
): Promise<{ messages: number; p50: number; p99: number }> {
  if (!godot4) {
    const load = await runLoad(r.port, 64, 1, 1, secs);
    return {
      messages: load.messages,
      p50: percentile(load.rtts, 0.5),
      p99: percentile(load.rtts, 0.99),
    };
  }
  const load = await runRelayLoad({
    port: r.port,
    rooms: [`/active-${activeRoom++}`],
    clientsPerRoom: 4,
    hz: 30,
    stateBytes: 64,
    window: 32,
    warmupSeconds: 0.5,
    seconds: secs,
    drainSeconds: 2,
  });
  return {
    messages: load.delivered,
    p50: load.latency.percentile(0.5),
    p99: load.latency.percentile(0.99),
  };
}

interface Round {
  /** Server CPU while N connections idle, % of one core. */
  idleCpu: number;
  /** Server CPU during the active client's round trips, µs per round trip. */
  cpuPerTrip: number;
  p50: number;
  p99: number;
  /** The same active client with no idle connection (reference). */
  p50Alone: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(r: Running): number {
  return procStat(r.pid)?.cpuSeconds ?? Number.NaN;
}

async function measure(r: Running): Promise<Round> {
  const alone = await active(r, Math.min(1, seconds));
  const crowd = await openIdle(r.port, idle, idlePath);
  await sleep(1000); // handshakes done, sweeps settled
  const wall0 = performance.now();
  const cpu0 = cpuSeconds(r);
  await sleep(seconds * 1000);
  const idleCpu = ((cpuSeconds(r) - cpu0) / ((performance.now() - wall0) / 1000)) * 100;
  const cpu1 = cpuSeconds(r);
  const load = await active(r, seconds);
  const cpuPerTrip = ((cpuSeconds(r) - cpu1) * 1e6) / Math.max(1, load.messages);
  crowd.close();
  await sleep(1000); // the server lets them go
  return {
    idleCpu,
    cpuPerTrip,
    p50: load.p50,
    p99: load.p99,
    p50Alone: alone.p50,
  };
}

const running: Running[] = [];
for (const server of servers) running.push(await startServer(server, pinned ? 1 : -1));
const results = new Map<string, Round[]>(servers.map((s) => [s.name, []]));
try {
  for (const r of running) await active(r, 1); // warm-up (JIT)
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? running : [...running].reverse();
    for (const r of order) {
      results.get(r.server.name)!.push(await measure(r));
      process.stderr.write(`  round ${round + 1}: ${r.server.name} measured\n`);
    }
  }
} finally {
  for (const r of running) await stopServer(r);
}

const med = (name: string, pick: (r: Round) => number) => median(results.get(name)!.map(pick));
const [ours, ws] = [servers[0]!.name, servers[1]!.name];
const trip = godot4 ? 'delivery' : 'round trip';
const fmt = (n: number, unit: string) =>
  `${n < 10 ? n.toFixed(2) : n.toFixed(1)}${unit === '%' ? '%' : ` ${unit}`}`;
const rows: [string, (r: Round) => number, string][] = [
  [`server CPU, ${idle} idle connections`, (r) => r.idleCpu, '%'],
  [`${trip} median, ${idle} idle beside it`, (r) => r.p50, 'ms'],
  [`${trip} p99, ${idle} idle beside it`, (r) => r.p99, 'ms'],
  [`server CPU per ${trip}, ${idle} idle beside it`, (r) => r.cpuPerTrip, 'µs'],
  [`${trip} median, no idle connection`, (r) => r.p50Alone, 'ms'],
];
console.log(
  `\nIdle peers: ${idle} idle connections, ${rounds} round(s) of ${seconds} s, median round${pinned ? ', pinned' : ''}\n`,
);
console.log(`| case | ${ours} | ${ws} | ours ÷ ws |`);
console.log('| --- | --- | --- | --- |');
for (const [label, pick, unit] of rows) {
  const a = med(ours, pick);
  const b = med(ws, pick);
  const ratio = b > 0 ? `${(a / b).toFixed(2)}×` : '—';
  console.log(`| ${label} | ${fmt(a, unit)} | ${fmt(b, unit)} | ${ratio} |`);
}
