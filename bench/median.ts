/** The middle of `values` (the upper one of two for an even count); `values` is not changed. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** The `q` quantile (0…1) of an ascending list such as a load's `rtts`; NaN when it is empty. */
export function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}
