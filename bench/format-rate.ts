/** A count or rate in a few digits: 950, 12.3k, 1.85M. */
export function formatRate(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)}M`
    : n >= 1e3
      ? `${(n / 1e3).toFixed(1)}k`
      : n.toFixed(0);
}
