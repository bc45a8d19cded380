/**
 * Latencies in 10 µs buckets up to 10 s (one more bucket holds everything slower): recording is
 * one array increment, so the load generator can record every delivered packet.
 */
export class LatencyHistogram {
  static readonly BUCKET_MS = 0.01;
  readonly counts = new Uint32Array(1_000_001);
  count = 0;

  record(ms: number): void {
    const i = ms <= 0 ? 0 : Math.min(this.counts.length - 1, Math.floor(ms * 100));
    this.counts[i]!++;
    this.count++;
  }

  /** The latency (ms, a bucket's upper edge) below which the fraction `p` of the samples lie. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil(this.count * p);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return (i + 1) * LatencyHistogram.BUCKET_MS;
    }
    return Number.POSITIVE_INFINITY;
  }
}
