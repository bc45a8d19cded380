// Relay benchmark: Godot games at a game's pace through `godot-ws serve` and its peers, side by
// side in one run with the same load (bench/README.md says what each column means).
// Table 1 (Godot 4): `serve --mode godot4` against a plain multi-room relay on `ws`
// (bench/servers/ws-relay.ts): R rooms × 4 emulated clients (bench/relay-load.ts) each send a
// 64-byte state to their room (RELAY to all) 30 times a second, plus 1 room × 8 clients
// unpaced; then, for each server, the largest R whose p99 stays under 50 ms with nothing lost.
// Table 2 (Godot 3, when `godot3-server` runs here): `serve --mode godot3` against real Godot
// 3.2.3 running a minimal gd_mp_api WebSocketServer relay (uncapped main loop; one room, as a
// Godot server has), with Godot 3 clients.
// Every cell is measured in rounds alternating between the servers; the median round (by
// delivered packets/s) is shown. On Linux with `taskset` the load generator (this process)
// runs on CPU 0 and each server on CPU 1 (--unpinned: off). Server CPU and RSS from /proc.
// Usage: npm run build && npm run build:test && node build/bench/relay.js [--quick]
//   [--rooms 1,10,100,1000] [--seconds 5] [--rounds 3] [--warmup 1] [--search-seconds 3]
//   [--no-search] [--no-unpaced] [--no-godot3] [--godot3-only] [--servers ours,ws]
//   [--profile DIR] [--unpinned]
// --profile DIR: our Godot 4 server runs under `node --cpu-prof` and writes its profile into DIR
// when it exits (list its top functions with build/bench/cpu-profile-top.js).
import { parseArgs } from 'node:util';
import { canPin, pin } from './pin.js';
import { type Case, type Cell, type MeasureSettings, measure, medianCell } from './relay-cell.js';
import { type Search, searchLargest } from './relay-search.js';
import {
  GODOT3,
  godot3Runs,
  OURS,
  OURS_GODOT3,
  type RelayServer,
  type Running,
  startServer,
  stopServer,
  WS,
} from './relay-servers.js';
import { printTable } from './relay-table.js';
import { GODOT3_WIRE, GODOT4_WIRE } from './relay-wire.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rooms: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    'search-seconds': { type: 'string' },
    'no-search': { type: 'boolean', default: false },
    'no-unpaced': { type: 'boolean', default: false },
    'no-godot3': { type: 'boolean', default: false },
    'godot3-only': { type: 'boolean', default: false },
    servers: { type: 'string', default: 'ours,ws' },
    profile: { type: 'string' },
    unpinned: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const roomCounts = (values.rooms ?? (quick ? '1,10,100' : '1,10,100,1000')).split(',').map(Number);
const rounds = Math.max(1, Number(values.rounds ?? (quick ? 1 : 3)));
const settings: MeasureSettings = {
  stateBytes: 64,
  warmupSeconds: Number(values.warmup ?? (quick ? 0.5 : 1)),
  seconds: Number(values.seconds ?? (quick ? 2 : 5)),
  window: 32,
};
const searchSettings = {
  ...settings,
  seconds: Number(values['search-seconds'] ?? (quick ? 2 : 3)),
};
const HZ = 30;
const P99_LIMIT_MS = 50;
const pinned = !values.unpinned && canPin() && pin(process.pid, 0);
const serverCpu = pinned ? 1 : -1;
const known: Record<string, RelayServer> = { ours: OURS, ws: WS };
const godot4Servers = values.servers.split(',').map((s) => {
  const server = known[s];
  if (!server) throw new Error(`unknown server ${s} (ours, ws)`);
  return server;
});
const godot3Here = !values['no-godot3'] && godot3Runs();

/** Measures every case on every server (alternating rounds); the median cells. */
async function runTable(running: Running[], cases: Case[]): Promise<Map<Case, Map<string, Cell>>> {
  const results = new Map<Case, Map<string, Cell>>();
  for (const c of cases) {
    const runs = new Map<string, Cell[]>(running.map((r) => [r.server.name, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse();
      for (const r of order) runs.get(r.server.name)!.push(await measure(r, c, settings));
    }
    results.set(c, new Map([...runs].map(([name, cells]) => [name, medianCell(cells)])));
    process.stderr.write(`  measured ${c.label}\n`);
  }
  return results;
}

async function startAll(servers: RelayServer[]): Promise<Running[]> {
  const running: Running[] = [];
  for (const server of servers) {
    const flags =
      server === OURS && values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
    running.push(await startServer(server, serverCpu, flags));
  }
  return running;
}

const header = `Node ${process.version}: ${rounds} alternating round(s) of ${settings.seconds} s (after ${settings.warmupSeconds} s warm-up) per cell, median round shown${pinned ? '; load generator on CPU 0, servers on CPU 1' : ''}.`;

if (!values['godot3-only']) {
  const cases: Case[] = roomCounts.map((r) => ({
    label: `${r} × 4 at ${HZ} Hz`,
    rooms: r,
    clientsPerRoom: 4,
    hz: HZ,
    wire: GODOT4_WIRE,
  }));
  if (!values['no-unpaced']) {
    cases.push({ label: '1 × 8 unpaced', rooms: 1, clientsPerRoom: 8, hz: 0, wire: GODOT4_WIRE });
  }
  const running = await startAll(godot4Servers);
  const results = await runTable(running, cases);
  const searches = new Map<string, Search>();
  if (!values['no-search']) {
    for (const r of running) {
      const base = { clientsPerRoom: 4, hz: HZ, wire: GODOT4_WIRE };
      searches.set(r.server.name, await searchLargest(r, base, searchSettings, P99_LIMIT_MS));
    }
  }
  for (const r of running) await stopServer(r);

  console.log(`\nRelay benchmark, Godot 4 clients. ${header}`);
  console.log(
    `Each client sends a ${settings.stateBytes}-byte state to its room as SceneMultiplayer's send_bytes does (RELAY to all around RAW: 71-byte messages); unpaced: at most ${settings.window} packets per sender in flight.\n`,
  );
  printTable(cases, results, running);
  if (searches.size > 0) {
    console.log(
      `\nLargest R (rooms × 4 at ${HZ} Hz) with p99 < ${P99_LIMIT_MS} ms and nothing lost, the server on one core (${searchSettings.seconds} s per probe):`,
    );
    for (const [name, s] of searches) {
      console.log(
        `- ${name}: R = ${s.best} (${s.best * 4} clients); probes: ${s.probes.join(', ')}`,
      );
    }
    const [a, b] = [...searches.values()];
    if (a && b && b.best > 0) console.log(`- ratio: ${(a.best / b.best).toFixed(2)}×`);
  }
}

if (godot3Here) {
  const counts = quick ? [4, 32] : [4, 32, 128];
  const cases: Case[] = counts.map((n) => ({
    label: `1 × ${n} at ${HZ} Hz`,
    rooms: 1,
    clientsPerRoom: n,
    hz: HZ,
    wire: GODOT3_WIRE,
  }));
  if (!values['no-unpaced']) {
    cases.push({ label: '1 × 8 unpaced', rooms: 1, clientsPerRoom: 8, hz: 0, wire: GODOT3_WIRE });
  }
  const running = await startAll([OURS_GODOT3, GODOT3]);
  const results = await runTable(running, cases);
  for (const r of running) await stopServer(r);
  console.log(`\nRelay benchmark, Godot 3 clients (gd_mp_api). ${header}`);
  console.log(
    `Each client sends a ${settings.stateBytes}-byte state to everyone as Godot 3's send_bytes does (9-byte header, RAW: 74-byte messages). Godot's FPS: its uncapped main loop's frames per second in the window.\n`,
  );
  printTable(cases, results, running);
} else if (!values['no-godot3']) {
  console.log('\n(Godot 3 table skipped: godot3-server does not run here.)');
}
