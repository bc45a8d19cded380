import { BUN, CLI, EXAMPLE, EXAMPLE_JS, RAW_TCP, WS_BUFFERUTIL } from './echo-servers.js';

/** One measured cell of the echo benchmark (medians over the rounds). */
export interface EchoCell {
  mps: number;
  /** Round-trip percentiles, ms. */
  p50: number;
  p99: number;
  /** Server CPU time per echoed message, µs. */
  cpu: number;
  /** Server minor page faults per echoed message. */
  faults: number;
}

export interface EchoCase {
  label: string;
  size: number;
  conns: number;
  inflight: number;
  /** The row is the p50 round trip (one in flight), not the rate. */
  latency: boolean;
}

interface Target {
  /** What is compared: a ÷ b. */
  a: string;
  b: string;
  /** Compared by rate (msg/s), or by p50 (then the ratio must stay at or below `limit`). */
  by: 'rate' | 'p50';
  limit: number;
}

/** The targets (issue 22) for one row. */
function targets(c: EchoCase): Target[] {
  const cli: Target = { a: CLI, b: EXAMPLE, by: c.latency ? 'p50' : 'rate', limit: 0.95 };
  if (c.latency) {
    return [
      { a: EXAMPLE, b: RAW_TCP, by: 'p50', limit: 1 },
      { ...cli, limit: 1.05 },
    ];
  }
  if (c.size <= 1024) {
    return [
      { a: EXAMPLE, b: RAW_TCP, by: 'rate', limit: 0.95 },
      { a: EXAMPLE, b: BUN, by: 'rate', limit: 1 },
      cli,
    ];
  }
  return [
    { a: EXAMPLE_JS, b: WS_BUFFERUTIL, by: 'rate', limit: 1 },
    { a: EXAMPLE_JS, b: RAW_TCP, by: 'rate', limit: 0.9 },
    cli,
  ];
}

/**
 * Prints the targets as a table: per row and target the ratio of the two columns and whether
 * it is met (rates: a ÷ b at or above the limit; p50: a ÷ b at or below it).
 */
export function printTargets(
  cases: EchoCase[],
  results: Map<EchoCase, Map<string, EchoCell>>,
): void {
  console.log('\nTargets (issue 22): ratios of the medians above\n');
  console.log('| case | target | measured | |');
  console.log('| --- | --- | --- | --- |');
  let met = 0;
  let checked = 0;
  for (const c of cases) {
    const cells = results.get(c)!;
    for (const t of targets(c)) {
      const a = cells.get(t.a);
      const b = cells.get(t.b);
      const what =
        t.by === 'p50'
          ? `${t.a} p50 ÷ ${t.b} p50 ≤ ${t.limit.toFixed(2)}`
          : `${t.a} ÷ ${t.b} ≥ ${t.limit.toFixed(2)}`;
      if (!a || !b) {
        console.log(`| ${c.label} | ${what} | — | no ${a ? t.b : t.a} column |`);
        continue;
      }
      const ratio = t.by === 'p50' ? a.p50 / b.p50 : a.mps / b.mps;
      const ok = t.by === 'p50' ? ratio <= t.limit : ratio >= t.limit;
      checked++;
      if (ok) met++;
      console.log(`| ${c.label} | ${what} | ${ratio.toFixed(2)}× | ${ok ? 'met' : 'not met'} |`);
    }
  }
  console.log(`\n${met} of ${checked} targets met.`);
}
