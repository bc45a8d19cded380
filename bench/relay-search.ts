import { type Case, lostFraction, type MeasureSettings, measure } from './relay-cell.js';
import type { Running } from './relay-servers.js';

export interface Search {
  /** The largest room count that passed (0: none). */
  best: number;
  /** Each probe: rooms, ✓/✗, p99, loss, server and generator CPU. */
  probes: string[];
}

/**
 * The largest R (rooms of `base`) whose p99 stays under `p99Limit` ms with nothing lost, out
 * of order or from a wrong sender, and a generator that kept its schedule: doubling from 16
 * until a probe fails (halving if 16 fails), then bisecting to within 10%. One round per probe.
 */
export async function searchLargest(
  running: Running,
  base: Omit<Case, 'rooms' | 'label'>,
  settings: MeasureSettings,
  p99Limit: number,
): Promise<Search> {
  const probes: string[] = [];
  const probe = async (rooms: number) => {
    const cell = await measure(running, { ...base, label: '', rooms }, settings);
    const l = cell.load;
    const p99 = l.latency.percentile(0.99);
    const ok =
      p99 < p99Limit &&
      lostFraction(l) === 0 &&
      l.outOfOrder === 0 &&
      l.wrongSender === 0 &&
      l.sent >= 0.99 * l.scheduled;
    probes.push(
      `${rooms} ${ok ? '✓' : '✗'} (p99 ${p99.toFixed(1)} ms, lost ${(100 * lostFraction(l)).toFixed(1)}%, CPU ${(100 * cell.cpu).toFixed(0)}%, gen ${(100 * l.generatorCpu).toFixed(0)}%${l.sent < 0.99 * l.scheduled ? ', generator behind' : ''})`,
    );
    process.stderr.write(`  ${running.server.name}: ${probes.at(-1)}\n`);
    return ok;
  };
  let lo = 0;
  let hi = 0;
  for (let rooms = 16; rooms <= 4096; rooms *= 2) {
    if (await probe(rooms)) lo = rooms;
    else {
      hi = rooms;
      break;
    }
  }
  if (hi === 0) return { best: lo, probes };
  if (lo === 0) {
    for (let rooms = 8; rooms >= 1; rooms >>= 1) {
      if (await probe(rooms)) {
        lo = rooms;
        break;
      }
      hi = rooms;
    }
  }
  while (lo > 0 && hi / lo > 1.1 && hi - lo > 1) {
    const mid = Math.round((lo + hi) / 2);
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  return { best: lo, probes };
}
