import { formatRate } from './format-rate.js';
import { type Case, type Cell, lostFraction, rate } from './relay-cell.js';
import type { Running } from './relay-servers.js';

/**
 * Prints one relay table (markdown): per case the expected rate and, per server, delivered
 * packets/s [p50/p99 ms] server CPU RSS (generator CPU), then the first server ÷ the second
 * (delivered, and p99 the other way round: above 1 = the first is faster). Then `!` lines for
 * what should not happen.
 */
export function printTable(
  cases: Case[],
  results: Map<Case, Map<string, Cell>>,
  running: Running[],
): void {
  const names = running.map((r) => r.server.name);
  const [a, b] = names;
  const ratioHead = b ? ` | ${a} ÷ ${b} delivered | p99 ${b} ÷ ${a} |` : ' |';
  console.log(
    `| case | expected/s | ${names.map((n) => `${n}: delivered/s [p50/p99 ms] CPU RSS (gen)`).join(' | ')}${ratioHead}`,
  );
  console.log(`| --- | --- | ${names.map(() => '---').join(' | ')}${b ? ' | --- | --- |' : ' |'}`);
  const problems: string[] = [];
  for (const c of cases) {
    const cells = results.get(c)!;
    const expected = c.rooms * c.clientsPerRoom * c.hz * (c.clientsPerRoom - 1);
    const shown = names.map((n) => {
      const cell = cells.get(n)!;
      const l = cell.load;
      if (l.outOfOrder || l.wrongSender) {
        problems.push(
          `${c.label}, ${n}: ${l.outOfOrder} out of order, ${l.wrongSender} from a wrong sender`,
        );
      }
      if (l.dropped > 0)
        problems.push(`${c.label}, ${n}: ${l.dropped} clients lost their connection`);
      if (l.sent < 0.99 * l.scheduled) {
        problems.push(
          `${c.label}, ${n}: the generator sent ${l.sent} of ${l.scheduled} scheduled (${l.blocked} skipped: outbound buffer full)`,
        );
      }
      const lost = lostFraction(l);
      const fps = cell.fps === undefined ? '' : ` ${formatRate(cell.fps)} FPS`;
      return `${formatRate(rate(cell))}${lost > 0 ? ` (${(100 * lost).toFixed(1)}% lost)` : ''} [${ms(l.latency.percentile(0.5))}/${ms(l.latency.percentile(0.99))}] ${(100 * cell.cpu).toFixed(0)}% ${(cell.rss / 2 ** 20).toFixed(0)} MB (${(100 * l.generatorCpu).toFixed(0)}%)${fps}`;
    });
    let ratios = ' |';
    if (b) {
      const x = cells.get(a!)!;
      const y = cells.get(b)!;
      const p99 = y.load.latency.percentile(0.99) / x.load.latency.percentile(0.99);
      ratios = ` | ${(rate(x) / rate(y)).toFixed(2)}× | ${p99.toFixed(2)}× |`;
    }
    console.log(
      `| ${c.label} | ${c.hz > 0 ? formatRate(expected) : '—'} | ${shown.join(' | ')}${ratios}`,
    );
  }
  for (const p of problems) console.log(`! ${p}`);
  for (const r of running) {
    if (r.log.lines > 0) {
      console.log(
        `! ${r.server.name} wrote ${r.log.lines} log lines, e.g. ${r.log.sample.join(' / ')}`,
      );
    }
  }
}

function ms(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
