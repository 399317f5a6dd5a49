/** Observations counted into cumulative buckets, e.g. request durations. */
import { validateBuckets } from './buckets.js';
import { enabled } from './config.js';
import { describeValue } from './describe-value.js';
import { MetricChild, type MetricOptions } from './metric.js';
import { defaultRegistry } from './registry.js';
import { startTimer, TimedMetric, timeCall } from './timer.js';
import type { Exemplar, HistogramFamily, HistogramPoint, Labels } from './types.js';

/** Up to this many bounds a linear scan beats binary search (measured with the default 11 buckets). */
const LINEAR_SCAN_MAX = 16;

export interface HistogramOptions<L extends readonly string[]> extends MetricOptions<L> {
  /** Finite upper bounds, strictly ascending; default DEFAULT_BUCKETS. `+Inf` is implied. */
  buckets?: readonly number[];
  collect?: (histogram: Histogram<L>) => void | Promise<void>;
}

/** What `get()` returns for one series. */
export interface HistogramValue {
  sum: number;
  count: number;
  /** One cumulative count per bucket, then `+Inf` (equal to `count`). */
  cumulativeCounts: number[];
}

export class HistogramChild extends MetricChild {
  declare readonly metric: Histogram<readonly string[]>;

  /**
   * NaN and non-numbers are dropped and counted; ±Infinity land in the first / `+Inf` bucket.
   *
   * Kept small in bytecode on purpose (173 bytes, was 229): V8 inlines calls only while the
   * caller's budget (~920 bytes of bytecode per optimised function) lasts, and a request handler
   * such as the HTTP kit's calls this twice among other work. The rare paths (a value that is not
   * a number, a binary search over many buckets) are calls of their own.
   */
  observe(value: number): void {
    if (!enabled) return;
    const metric = this.metric;
    // A non-number fails `typeof` first; then `value !== value` is NaN.
    // biome-ignore lint/suspicious/noSelfCompare: the NaN test in fewer bytes of bytecode than a call to Number.isNaN
    if (typeof value !== 'number' || value !== value) {
      metric.rejectValue(value);
      return;
    }
    const bounds = metric.bounds;
    const n = bounds.length;
    let bucket = 0;
    if (n <= LINEAR_SCAN_MAX) while (bucket < n && value > bounds[bucket]!) bucket++;
    else bucket = metric.searchBucket(value);
    const data = metric.data;
    const base = this.slot * metric.stride;
    data[base + bucket]! += 1;
    data[base + n + 1]! += value;
    metric.touched[this.slot] = 1;
  }

  /** Like observe(), and keeps `{ labels, value, timestamp }` as the exemplar of the bucket it fell in. */
  observeWithExemplar(value: number, labels: Labels): void {
    if (!enabled) return;
    this.observe(value);
    if (typeof value === 'number' && !Number.isNaN(value)) this.metric.keepExemplar(this.slot, labels, value);
  }

  /** `end()` observes the seconds elapsed and returns them. */
  startTimer(): () => number {
    return startTimer((seconds) => this.observe(seconds));
  }

  /** Calls `fn` and observes its duration in seconds (after the promise settles, if it returns one). */
  time<T>(fn: () => T): T {
    return timeCall(fn, (seconds) => this.observe(seconds));
  }

  /** Sum, count and per-bucket cumulative counts of this child (zeros for a detached or no-op child). */
  get(): HistogramValue {
    const metric = this.metric;
    const n = metric.bounds.length;
    const cumulativeCounts = new Array<number>(n + 1).fill(0);
    if (this.slot === 0) return { sum: 0, count: 0, cumulativeCounts };
    const base = this.slot * metric.stride;
    let total = 0;
    for (let i = 0; i <= n; i++) cumulativeCounts[i] = total += metric.data[base + i]!;
    return { sum: metric.data[base + n + 1]!, count: total, cumulativeCounts };
  }
}

/**
 * Per slot, `stride = buckets + 2` doubles: one non-cumulative count per bucket plus `+Inf`, then the sum.
 * The count is the sum of the bucket counts, computed at snapshot time.
 */
export class Histogram<const L extends readonly string[] = readonly []> extends TimedMetric<
  L,
  HistogramChild,
  HistogramFamily
> {
  readonly buckets: readonly number[];
  /** @internal */
  readonly bounds: Float64Array;
  /** @internal */
  readonly stride: number;
  /** @internal */
  data = new Float64Array(0);
  private exemplars: Map<number, (Exemplar | undefined)[]> | null = null;

  constructor(options: HistogramOptions<L>) {
    super('histogram', options, ['le']);
    this.buckets = validateBuckets(this.name, options.buckets);
    this.bounds = Float64Array.from(this.buckets);
    this.stride = this.buckets.length + 2;
    this.setup(defaultRegistry);
  }

  /** For a histogram without labels; with labels declared the call is dropped ("invalid_labels"). */
  observe(value: number): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.observe(value);
    else this.labelsRequired();
  }

  observeWithExemplar(value: number, labels: Labels): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.observeWithExemplar(value, labels);
    else this.labelsRequired();
  }

  /** The state of a histogram without labels (zeros when labels are declared: use `labels({...}).get()`). */
  get(): HistogramValue {
    return this.direct.get();
  }

  override definitionMatches(options: HistogramOptions<readonly string[]>): boolean {
    if (!super.definitionMatches(options)) return false;
    const buckets = validateBuckets(this.name, options.buckets);
    return buckets.length === this.buckets.length && buckets.every((b, i) => b === this.buckets[i]);
  }

  /** @internal The bucket of `value` by binary search (for histograms with many buckets). */
  searchBucket(value: number): number {
    const bounds = this.bounds;
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (value > bounds[mid]!) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** @internal */
  rejectValue(value: unknown): void {
    this.drop(
      'invalid_value',
      () => `observation ${describeValue(value)} is not a number (NaN is not allowed)`,
    );
  }

  /** @internal */
  keepExemplar(slot: number, labels: Labels, value: number): void {
    if (slot === 0) return;
    const exemplar = this.exemplarFor(labels, value);
    if (exemplar === undefined) return;
    let bucket = this.buckets.findIndex((bound) => value <= bound);
    if (bucket < 0) bucket = this.buckets.length;
    this.exemplars ??= new Map();
    let perBucket = this.exemplars.get(slot);
    if (perBucket === undefined) {
      perBucket = new Array<Exemplar | undefined>(this.buckets.length + 1).fill(undefined);
      this.exemplars.set(slot, perBucket);
    }
    perBucket[bucket] = exemplar;
  }

  protected recordDuration(child: HistogramChild, seconds: number): void {
    child.observe(seconds);
  }

  protected newChild(slot: number): HistogramChild {
    return new HistogramChild(this, slot);
  }

  protected resizeSlots(capacity: number): void {
    const data = new Float64Array(capacity * this.stride);
    data.set(this.data.subarray(0, data.length));
    this.data = data;
  }

  protected clearSlot(slot: number): void {
    this.data.fill(0, slot * this.stride, (slot + 1) * this.stride);
    this.exemplars?.delete(slot);
  }

  protected resetSlots(): void {
    this.data.fill(0);
    this.exemplars = null;
  }

  protected point(child: HistogramChild, labelValues: readonly string[]): HistogramPoint {
    const n = this.buckets.length;
    const base = child.slot * this.stride;
    const cumulativeCounts = new Array<number>(n + 1);
    let count = 0;
    for (let i = 0; i <= n; i++) cumulativeCounts[i] = count += this.data[base + i]!;
    const sum = this.data[base + n + 1]!;
    const exemplars = this.exemplars?.get(child.slot);
    return exemplars === undefined
      ? { labelValues, cumulativeCounts, sum, count }
      : { labelValues, cumulativeCounts, sum, count, exemplars: [...exemplars] };
  }

  protected family(points: HistogramPoint[]): HistogramFamily {
    const { name, help, unit, labelNames, buckets } = this;
    return { type: 'histogram', name, help, unit, labelNames, buckets, points };
  }
}
