/**
 * A DDSketch-style quantile sketch (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable Quantile
 * Sketch with Relative-Error Guarantees", VLDB 2019): values are counted in logarithmically sized buckets,
 * so any quantile is known to within a fixed *relative* error, and two sketches merge by adding counts.
 *
 * ## The guarantee
 * With relative accuracy `a` (default 0.01), let `gamma = (1 + a) / (1 - a)`. A positive value `x` goes to
 * bucket `i = ceil(log_gamma(x))`, i.e. the bucket covering `(gamma^(i-1), gamma^i]`, and a bucket is
 * reported as `v_i = 2 * gamma^i / (gamma + 1)`. For any `x` in the bucket:
 *
 *     (v_i - x) / x  <  (v_i - gamma^(i-1)) / gamma^(i-1) = 2*gamma/(gamma+1) - 1 = (gamma-1)/(gamma+1) = a
 *     (x - v_i) / x  <= (gamma^i - v_i) / gamma^i         = 1 - 2/(gamma+1)       = (gamma-1)/(gamma+1) = a
 *
 * so `|v_i - x| <= a * |x|`. Negative values use the same buckets on `-x`, and exact zeros have their own
 * count. Bucket counts are exact, so `quantile(q)` finds exactly the bucket that holds the observation of
 * rank `floor(q * (count - 1))` (0-based, in ascending order: the "lower" rank-based quantile, the same as
 * numpy's `method='lower'`), and its representative is therefore within `a` of that observation's true
 * value. Results are clamped to the exact `[min, max]`, which can only reduce the error, and `quantile(0)`
 * and `quantile(1)` return the exact min and max. Floating-point rounding of `log` can move a value that
 * sits on a bucket boundary to the neighbouring bucket, which adds about 1e-13 to the bound.
 *
 * Two documented exceptions: values with magnitude below `MIN_INDEXABLE_VALUE` (~2.3e-308, subnormal
 * doubles, which cannot carry a relative precision themselves) are counted as zero; and when the values of
 * one sign span more than `maxBucketCount` buckets (default 2048: a factor of ~6e17 between the smallest
 * and largest magnitude at 1%), the buckets of smallest magnitude are folded together (see dense-store.ts),
 * so quantiles landing there are overestimated in magnitude. Neither happens with latencies, sizes or
 * other real-world measurements.
 *
 * Merging adds bucket counts, so `a.merge(b)` has exactly the buckets of a sketch fed with both inputs
 * (and the same quantiles), as long as no folding happened. Memory is one dense array per sign, covering
 * only the range of bucket indexes actually seen (about 115 buckets per decade of values at 1%).
 */
import { describeValue } from '../describe-value.js';
import { InvalidConfigError, InvalidSketchError } from '../errors.js';
import type { SketchSnapshot } from '../types.js';
import { DenseStore } from './dense-store.js';

export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** Per sign; DataDog's sketches-java uses the same default for its collapsing stores. */
export const DEFAULT_MAX_BUCKET_COUNT = 2048;
/** Smallest positive normal double; smaller magnitudes are counted as zero (see the module comment). */
const MIN_NORMAL = 2.2250738585072014e-308;

export interface DDSketchOptions {
  /** Bound on the relative error of every quantile, in (0, 1). Default 0.01 (1%). */
  relativeAccuracy?: number;
  /** Most buckets kept per sign before the smallest-magnitude ones are folded together. Default 2048. */
  maxBucketCount?: number;
}

export class DDSketch {
  readonly relativeAccuracy: number;
  readonly maxBucketCount: number;
  /** Magnitudes below this are counted as zero; `gamma` times the smallest normal double. */
  readonly minIndexableValue: number;
  private readonly multiplier: number; // 1 / ln(gamma)
  private readonly lnGamma: number;
  private readonly lnReprFactor: number; // ln(2 / (gamma + 1))
  private readonly positive: DenseStore;
  private readonly negative: DenseStore;
  private zeros = 0;
  private n = 0;
  private total = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  constructor(options: DDSketchOptions = {}) {
    const a = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    if (typeof a !== 'number' || !(a > 0 && a < 1)) {
      throw new InvalidConfigError(
        'relativeAccuracy',
        `relativeAccuracy must be a number strictly between 0 and 1 (e.g. 0.01 for 1%), got ${describeValue(a)}`,
      );
    }
    const max = options.maxBucketCount ?? DEFAULT_MAX_BUCKET_COUNT;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new InvalidConfigError(
        'maxBucketCount',
        `maxBucketCount must be a positive integer (default ${DEFAULT_MAX_BUCKET_COUNT}), got ${describeValue(max)}`,
      );
    }
    const gamma = (1 + a) / (1 - a);
    this.relativeAccuracy = a;
    this.maxBucketCount = max;
    this.lnGamma = Math.log(gamma);
    this.multiplier = 1 / this.lnGamma;
    this.lnReprFactor = Math.log(2 / (gamma + 1));
    this.minIndexableValue = MIN_NORMAL * gamma;
    this.positive = new DenseStore(max);
    this.negative = new DenseStore(max);
  }

  /** Records `x`. Returns false (recording nothing) for NaN and ±Infinity, which have no bucket. */
  add(x: number): boolean {
    if (x > this.minIndexableValue) {
      if (x === Number.POSITIVE_INFINITY) return false;
      this.positive.add(Math.ceil(Math.log(x) * this.multiplier));
    } else if (x < -this.minIndexableValue) {
      if (x === Number.NEGATIVE_INFINITY) return false;
      this.negative.add(Math.ceil(Math.log(-x) * this.multiplier));
    } else if (Number.isNaN(x)) {
      return false;
    } else {
      this.zeros++;
    }
    this.n++;
    this.total += x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return true;
  }

  get count(): number {
    return this.n;
  }
  get sum(): number {
    return this.total;
  }
  /** Exact smallest value recorded; NaN when empty. */
  get min(): number {
    return this.n === 0 ? Number.NaN : this.lo;
  }
  /** Exact largest value recorded; NaN when empty. */
  get max(): number {
    return this.n === 0 ? Number.NaN : this.hi;
  }

  /**
   * The value at quantile `q` in [0, 1], within `relativeAccuracy` of the exact observation of rank
   * `floor(q * (count - 1))`. NaN when the sketch is empty or `q` is outside [0, 1].
   */
  quantile(q: number): number {
    const n = this.n;
    if (n === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
    if (q === 0) return this.lo;
    if (q === 1) return this.hi;
    const rank = Math.floor(q * (n - 1));
    let seen = 0;
    // Ascending order: negative buckets from the largest magnitude down, then zeros, then positive ones.
    const neg = this.negative.counts;
    for (let j = neg.length - 1; j >= 0; j--) {
      seen += neg[j]!;
      if (seen > rank) return this.clamp(-this.bucketValue(this.negative.offset + j));
    }
    seen += this.zeros;
    if (seen > rank) return this.clamp(0);
    const pos = this.positive.counts;
    for (let j = 0; j < pos.length; j++) {
      seen += pos[j]!;
      if (seen > rank) return this.clamp(this.bucketValue(this.positive.offset + j));
    }
    return this.hi;
  }

  /** Adds `other`'s observations to this sketch. Both must have the same relative accuracy. */
  merge(other: DDSketch): this {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new InvalidSketchError(
        `cannot merge a sketch with relativeAccuracy ${other.relativeAccuracy} into one with ` +
          `${this.relativeAccuracy}: their buckets do not line up; create both with the same relativeAccuracy`,
      );
    }
    if (other.n === 0) return this;
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeros += other.zeros;
    this.n += other.n;
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  /** Forgets every observation but keeps the allocated buckets, so refilling does not allocate. */
  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeros = 0;
    this.n = 0;
    this.total = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
  }

  /** Plain-data copy (structured-cloneable, JSON-safe except NaN min/max when empty). */
  toSnapshot(): SketchSnapshot {
    const pos = trimmed(this.positive);
    const neg = trimmed(this.negative);
    return {
      relativeAccuracy: this.relativeAccuracy,
      offset: pos.offset,
      counts: pos.counts,
      negativeOffset: neg.offset,
      negativeCounts: neg.counts,
      zeroCount: this.zeros,
      count: this.n,
      sum: this.total,
      min: this.min,
      max: this.max,
    };
  }

  /**
   * Rebuilds a sketch from `toSnapshot()` output (possibly from another thread or process).
   * Throws `InvalidSketchError` when the snapshot is malformed or inconsistent.
   */
  static fromSnapshot(snapshot: SketchSnapshot, options: { maxBucketCount?: number } = {}): DDSketch {
    validateSnapshot(snapshot);
    const sketch = new DDSketch({ relativeAccuracy: snapshot.relativeAccuracy, ...options });
    sketch.positive.addRange(snapshot.offset, snapshot.counts);
    sketch.negative.addRange(snapshot.negativeOffset, snapshot.negativeCounts);
    sketch.zeros = snapshot.zeroCount;
    sketch.n = snapshot.count;
    sketch.total = snapshot.sum;
    if (snapshot.count > 0) {
      sketch.lo = snapshot.min;
      sketch.hi = snapshot.max;
    }
    return sketch;
  }

  private bucketValue(index: number): number {
    // One exp of the summed logs: gamma^i alone overflows for the top buckets even when v_i does not.
    return Math.exp(index * this.lnGamma + this.lnReprFactor);
  }

  private clamp(v: number): number {
    return Math.min(Math.max(v, this.lo), this.hi);
  }
}

/**
 * Merges sketch snapshots (for example one per worker) into one snapshot. All must share one
 * `relativeAccuracy`; throws `InvalidSketchError` otherwise or when `snapshots` is empty.
 */
export function mergeSketchSnapshots(snapshots: readonly SketchSnapshot[]): SketchSnapshot {
  const first = snapshots[0];
  if (first === undefined) {
    throw new InvalidSketchError(
      'mergeSketchSnapshots needs at least one snapshot to know the relativeAccuracy',
    );
  }
  const merged = DDSketch.fromSnapshot(first);
  for (let i = 1; i < snapshots.length; i++) merged.merge(DDSketch.fromSnapshot(snapshots[i]!));
  return merged.toSnapshot();
}

function trimmed(store: DenseStore): { offset: number; counts: number[] } {
  const lo = store.minIndex();
  if (Number.isNaN(lo)) return { offset: 0, counts: [] };
  const hi = store.maxIndex();
  return { offset: lo, counts: Array.from(store.counts.subarray(lo - store.offset, hi - store.offset + 1)) };
}

function fail(what: string): never {
  throw new InvalidSketchError(`invalid sketch snapshot: ${what}; pass the object returned by toSnapshot()`);
}

function validateSnapshot(s: SketchSnapshot): void {
  if (typeof s !== 'object' || s === null) fail(`expected an object, got ${s === null ? 'null' : typeof s}`);
  const a = s.relativeAccuracy;
  if (typeof a !== 'number' || !(a > 0 && a < 1))
    fail(`relativeAccuracy must be in (0, 1), got ${describeValue(a)}`);
  let total = 0;
  for (const [offsetKey, countsKey] of [
    ['offset', 'counts'],
    ['negativeOffset', 'negativeCounts'],
  ] as const) {
    if (!Number.isSafeInteger(s[offsetKey]))
      fail(`${offsetKey} must be an integer, got ${describeValue(s[offsetKey])}`);
    const counts = s[countsKey];
    if (!Array.isArray(counts) && !ArrayBuffer.isView(counts)) fail(`${countsKey} must be an array`);
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j];
      if (typeof c !== 'number' || !(c >= 0) || c === Number.POSITIVE_INFINITY) {
        fail(`${countsKey}[${j}] must be a finite count >= 0, got ${describeValue(c)}`);
      }
      total += c as number;
    }
  }
  const { zeroCount, count } = s;
  if (typeof zeroCount !== 'number' || !(zeroCount >= 0 && zeroCount < Number.POSITIVE_INFINITY)) {
    fail(`zeroCount must be a finite count >= 0, got ${describeValue(zeroCount)}`);
  }
  total += zeroCount;
  if (typeof count !== 'number' || Math.abs(total - count) > 1e-9 * Math.max(count, 1)) {
    fail(`count (${describeValue(count)}) must equal zeroCount plus all bucket counts (${total})`);
  }
  if (typeof s.sum !== 'number') fail(`sum must be a number, got ${typeof s.sum}`);
  if (count > 0 && !(Number.isFinite(s.min) && Number.isFinite(s.max) && s.min <= s.max)) {
    fail(
      `min and max must be finite with min <= max when count > 0, got ${describeValue(s.min)} and ${describeValue(s.max)}`,
    );
  }
}
