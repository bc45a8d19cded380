import { median } from './median.js';
import { procStat } from './proc-stat.js';
import { type RelayLoadResult, runRelayLoad } from './relay-load.js';
import type { Running } from './relay-servers.js';
import type { RelayWire } from './relay-wire.js';

/** One row of the relay benchmark: R rooms × N clients at `hz` (0 = unpaced). */
export interface Case {
  label: string;
  rooms: number;
  clientsPerRoom: number;
  hz: number;
  wire: RelayWire;
}

/** One measurement of one server: the load's result, the server's CPU (cores) and RSS (bytes). */
export interface Cell {
  load: RelayLoadResult;
  cpu: number;
  rss: number;
  /** Godot: the median of the FPS it printed during the window. */
  fps?: number;
}

export interface MeasureSettings {
  stateBytes: number;
  warmupSeconds: number;
  seconds: number;
  /** Unpaced: packets per sender in flight. */
  window: number;
}

let roomSerial = 0;

/** Runs a case once against a running server (fresh rooms), then waits until it is idle. */
export async function measure(running: Running, c: Case, settings: MeasureSettings): Promise<Cell> {
  const batch = ++roomSerial;
  let cpuStart = 0;
  let cpuEnd = 0;
  let rss = 0;
  let fpsFrom = 0;
  let fpsTo = 0;
  const load = await runRelayLoad({
    port: running.port,
    rooms: Array.from({ length: c.rooms }, (_, i) => `/b${batch}-${i}`),
    clientsPerRoom: c.clientsPerRoom,
    wire: c.wire,
    hz: c.hz,
    stateBytes: settings.stateBytes,
    window: settings.window,
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.seconds,
    drainSeconds: 2,
    onWindow: (edge) => {
      const stat = procStat(running.pid);
      if (edge === 'start') {
        cpuStart = stat?.cpuSeconds ?? 0;
        fpsFrom = running.fps.length;
      } else {
        cpuEnd = stat?.cpuSeconds ?? 0;
        rss = stat?.rssBytes ?? 0;
        fpsTo = running.fps.length;
      }
    },
  });
  await settle(running);
  const fps = running.fps.slice(fpsFrom, fpsTo);
  const cell: Cell = { load, cpu: (cpuEnd - cpuStart) / settings.seconds, rss };
  if (fps.length > 0) cell.fps = median(fps);
  return cell;
}

/** Delivered packets per second. */
export const rate = (cell: Cell): number => cell.load.delivered / cell.load.seconds;

/** Of the deliveries owed, the fraction that did not arrive. */
export const lostFraction = (l: RelayLoadResult): number =>
  l.expected === 0 ? 0 : (l.expected - l.delivered) / l.expected;

/** The median round by delivered rate (with its latencies), the median CPU and RSS of all. */
export function medianCell(cells: Cell[]): Cell {
  const sorted = [...cells].sort((a, b) => rate(a) - rate(b));
  const result: Cell = {
    load: sorted[sorted.length >> 1]!.load,
    cpu: median(cells.map((x) => x.cpu)),
    rss: median(cells.map((x) => x.rss)),
  };
  const fps = cells.flatMap((x) => (x.fps === undefined ? [] : [x.fps]));
  if (fps.length > 0) result.fps = median(fps);
  return result;
}

/** Waits until the server has been idle (< 2% of a core) for 200 ms, at most `seconds`. */
async function settle(running: Running, seconds = 10): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  let before = procStat(running.pid)?.cpuSeconds ?? 0;
  let quiet = 0;
  while (quiet < 2 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = procStat(running.pid)?.cpuSeconds ?? 0;
    // Godot's uncapped main loop is never idle: give it the same 300 ms.
    quiet = now - before < 0.002 || running.fps.length > 0 ? quiet + 1 : 0;
    before = now;
  }
}
