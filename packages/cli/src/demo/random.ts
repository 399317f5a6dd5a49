/**
 * A small seeded PRNG (mulberry32) so the demo's traffic has the same shape on every run, and
 * a Zipf sampler: a few items are asked for far more often than the rest, as in real catalogues,
 * which is what gives a bounded cache its realistic hit rate.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Returns ranks 0..n-1 with probability ∝ 1 / (rank + 1)^exponent. */
export function zipfSampler(n: number, exponent: number, random: Random): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** exponent;
    cumulative[i] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A duration in ms between `min` and `max`, skewed towards `min` (most calls are fast). */
export function latency(random: Random, min: number, max: number): number {
  return min + (max - min) * random() ** 3;
}
