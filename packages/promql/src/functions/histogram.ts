// histogram_quantile and histogram_fraction over classic `le` buckets (Prometheus
// promql/quantile.go BucketQuantile, BucketFraction, coalesceBuckets,
// ensureMonotonicAndIgnoreSmallDeltas).

import { almostEqual } from './almost-equal.js';

/** One classic bucket: the cumulative count of observations <= upperBound. */
export interface Bucket {
  upperBound: number;
  count: number;
}

/** Relative difference below which two bucket counts are taken as equal (float noise). */
export const SMALL_DELTA_TOLERANCE = 1e-12;

export interface BucketQuantileResult {
  value: number;
  /** A decrease between buckets had to be removed: Prometheus emits an info annotation. */
  forcedMonotonicity: boolean;
  /** A numerically insignificant difference was ignored (silently). */
  fixedPrecision: boolean;
  /** Lowest and highest upper bound where monotonicity was forced, and the largest decrease. */
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

function sortByUpperBound(buckets: Bucket[]): void {
  buckets.sort((a, b) => (a.upperBound < b.upperBound ? -1 : a.upperBound > b.upperBound ? 1 : 0));
}

/** Merges buckets with the same upper bound (sorted input), shortening the array. */
function coalesce(buckets: Bucket[]): void {
  let last = { ...(buckets[0] as Bucket) };
  let n = 0;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.upperBound === last.upperBound) {
      last.count += b.count;
    } else {
      buckets[n++] = last;
      last = { ...b };
    }
  }
  buckets[n++] = last;
  buckets.length = n;
}

/**
 * Absorbs float noise between neighbours in either direction, then removes every remaining
 * decrease by carrying the previous count forward (the histogram's envelope).
 */
function ensureMonotonic(buckets: Bucket[], result: BucketQuantileResult): void {
  result.minBucket = Number.POSITIVE_INFINITY;
  result.maxBucket = Number.NEGATIVE_INFINITY;
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const curr = b.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
      b.count = prev;
      result.fixedPrecision = true;
      continue;
    }
    if (curr < prev) {
      b.count = prev;
      result.forcedMonotonicity = true;
      if (b.upperBound < result.minBucket) result.minBucket = b.upperBound;
      if (b.upperBound > result.maxBucket) result.maxBucket = b.upperBound;
      if (prev - curr > result.maxDiff) result.maxDiff = prev - curr;
      continue;
    }
    prev = curr;
  }
}

/** Index of the first of buckets[0..n) with count >= rank, or n. */
function searchRank(buckets: Bucket[], n: number, rank: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buckets[mid] as Bucket).count >= rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The q-quantile of a classic histogram, interpolating linearly inside the bucket it falls in.
 * `buckets` is sorted and coalesced in place. NaN q → NaN; q < 0 → -Inf; q > 1 → +Inf; no +Inf
 * bucket, fewer than two buckets or no observations → NaN. In the +Inf bucket the result is the
 * second highest bound; the lowest bucket interpolates from 0 unless its bound is <= 0.
 */
export function bucketQuantile(q: number, buckets: Bucket[]): BucketQuantileResult {
  const result: BucketQuantileResult = {
    value: Number.NaN,
    forcedMonotonicity: false,
    fixedPrecision: false,
    minBucket: 0,
    maxBucket: 0,
    maxDiff: 0,
  };
  if (Number.isNaN(q)) return result;
  if (q < 0) {
    result.value = Number.NEGATIVE_INFINITY;
    return result;
  }
  if (q > 1) {
    result.value = Number.POSITIVE_INFINITY;
    return result;
  }
  if (buckets.length === 0) return result;
  sortByUpperBound(buckets);
  if ((buckets[buckets.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY) return result;
  coalesce(buckets);
  ensureMonotonic(buckets, result);
  const n = buckets.length;
  if (n < 2) return result;
  const observations = (buckets[n - 1] as Bucket).count;
  if (observations === 0) return result;

  let rank = q * observations;
  const b = searchRank(buckets, n - 1, rank);
  if (b === n - 1) {
    result.value = (buckets[n - 2] as Bucket).upperBound;
    return result;
  }
  const bucket = buckets[b] as Bucket;
  if (b === 0 && bucket.upperBound <= 0) {
    result.value = bucket.upperBound;
    return result;
  }
  let bucketStart = 0;
  let count = bucket.count;
  if (b > 0) {
    const previous = buckets[b - 1] as Bucket;
    bucketStart = previous.upperBound;
    count -= previous.count;
    rank -= previous.count;
  }
  result.value = bucketStart + (bucket.upperBound - bucketStart) * (rank / count);
  return result;
}

/**
 * The fraction of observations between lower and upper in a classic histogram, interpolating
 * linearly inside buckets (the lowest bucket starts at 0 when its bound is > 0, else at -Inf,
 * which contributes nothing). `buckets` is sorted and coalesced in place. No +Inf bucket, no
 * observations or a NaN bound → NaN; lower >= upper → 0.
 */
export function bucketFraction(lower: number, upper: number, buckets: Bucket[]): number {
  if (buckets.length === 0) return Number.NaN;
  sortByUpperBound(buckets);
  if ((buckets[buckets.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;
  coalesce(buckets);
  const count = (buckets[buckets.length - 1] as Bucket).count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN;
  if (lower >= upper) return 0;

  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = (buckets[0] as Bucket).upperBound <= 0 ? Number.NEGATIVE_INFINITY : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (i > 0) lowerBound = (buckets[i - 1] as Bucket).upperBound;
    const upperBound = b.upperBound;
    // Counts are cumulative, so this bucket holds b.count - rank observations.
    const interpolate = (v: number): number =>
      lowerBound === Number.NEGATIVE_INFINITY
        ? b.count
        : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

/**
 * The `le` label value as a bucket bound, or undefined when it is malformed (Prometheus then
 * warns that the bucket label is missing or malformed). Accepts what Go's strconv.ParseFloat
 * accepts for decimal input: "1", "-.5", "2e-1", "+Inf"/"inf"/"Infinity" in any case, "NaN".
 */
export function parseBucketBound(le: string): number | undefined {
  const lower = le.toLowerCase();
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') {
    return Number.POSITIVE_INFINITY;
  }
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(le)) return undefined;
  return Number(le);
}
