/**
 * Estimates the `q`-quantile of a classic histogram the way PromQL's `histogram_quantile` does
 * (prometheus/promql/quantile.go `bucketQuantile`): find the bucket holding rank `q * count` and
 * interpolate linearly inside it, assuming the lowest bucket starts at 0 (or is its own upper bound
 * when that is <= 0); a rank in the `+Inf` bucket returns the highest finite bound.
 *
 * `bounds` are the finite upper bounds, ascending; `cumulativeCounts` has one more entry, the `+Inf`
 * bucket (the total count). Returns NaN when there are no observations, `-Inf`/`+Inf` for q < 0 / q > 1.
 */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  cumulativeCounts: readonly number[],
): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const n = bounds.length + 1;
  if (n < 2 || cumulativeCounts.length < n) return Number.NaN;
  // Counts scraped mid-update can dip; like Prometheus, treat every bucket as at least its predecessor.
  const counts: number[] = new Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running = Math.max(running, cumulativeCounts[i]!);
    counts[i] = running;
  }
  const observations = counts[n - 1]!;
  if (!(observations > 0)) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < n - 1 && counts[b]! < rank) b++;
  if (b === n - 1) return bounds[n - 2]!;
  if (b === 0 && bounds[0]! <= 0) return bounds[0]!;
  let start = 0;
  const end = bounds[b]!;
  let count = counts[b]!;
  if (b > 0) {
    start = bounds[b - 1]!;
    count -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return start + (end - start) * (rank / count);
}
