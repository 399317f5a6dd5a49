/**
 * Quantiles over a sliding time window plus lifetime sum and count, e.g. request durations.
 *
 * Each label set owns a SlidingWindowSketch (sketch/sliding-window.ts): `observe()` adds to the current
 * slot of its ring in O(1) without reading a clock; a snapshot merges the slots and reads the
 * quantiles, which are within `relativeAccuracy` (default 1%) of the exact rank-based quantiles of the
 * window (see sketch/ddsketch.ts for the guarantee). The merged window sketch is part of the snapshot,
 * so summaries from several workers or processes can be merged exactly (`mergeSketchSnapshots`).
 */
import { enabled } from './config.js';
import { describeValue } from './describe-value.js';
import { InvalidMetricError } from './errors.js';
import { MetricChild, type MetricOptions } from './metric.js';
import { defaultRegistry } from './registry.js';
import { CoarseClock } from './sketch/coarse-clock.js';
import { DEFAULT_RELATIVE_ACCURACY } from './sketch/ddsketch.js';
import {
  DEFAULT_AGE_BUCKETS,
  DEFAULT_MAX_AGE_SECONDS,
  type SlidingWindowOptions,
  SlidingWindowSketch,
} from './sketch/sliding-window.js';
import { startTimer, TimedMetric, timeCall } from './timer.js';
import type { SummaryFamily, SummaryPoint } from './types.js';

/** The quantiles exposed when none are given. */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.9, 0.95, 0.99]);

export interface SummaryOptions<L extends readonly string[]> extends MetricOptions<L> {
  /** Quantiles to expose, each in (0, 1); default [0.5, 0.9, 0.95, 0.99]. May be empty (sum and count only). */
  quantiles?: readonly number[];
  /** Length of the quantile window in seconds; default 600. Sum and count are lifetime totals. */
  maxAgeSeconds?: number;
  /** Slots the window is divided into (it holds between ageBuckets-1 and ageBuckets slots); default 5. */
  ageBuckets?: number;
  /** Bound on the relative error of every quantile, in (0, 1); default 0.01. */
  relativeAccuracy?: number;
  /** Clock that rotates the windows; default the process-wide coarse clock. Inject one in tests. */
  clock?: CoarseClock;
  /** Called by `collect()` before reading. */
  collect?: (summary: Summary<L>) => void | Promise<void>;
}

export interface SummaryValue {
  /** Aligned with the metric's `quantiles`; NaN when the window is empty. */
  quantileValues: number[];
  /** Lifetime totals. */
  sum: number;
  count: number;
  /** Over the window; NaN when it is empty. */
  min: number;
  max: number;
  windowCount: number;
}

export class SummaryChild extends MetricChild {
  declare readonly metric: Summary<readonly string[]>;

  /** NaN, ±Infinity and non-numbers are dropped and counted (they have no place in a quantile sketch). */
  observe(value: number): void {
    if (!enabled) return;
    if (typeof value !== 'number' || value - value !== 0) {
      this.metric.rejectValue(value);
      return;
    }
    const metric = this.metric;
    const slot = this.slot;
    metric.windows[slot]!.add(value);
    metric.touched[slot] = 1;
  }

  /** `end()` observes the seconds elapsed and returns them. */
  startTimer(): () => number {
    return startTimer((seconds) => this.observe(seconds));
  }

  /** Calls `fn` and observes its duration in seconds (after the promise settles, if it returns one). */
  time<T>(fn: () => T): T {
    return timeCall(fn, (seconds) => this.observe(seconds));
  }

  /** The value at quantile `q` in [0, 1] over the window (NaN when empty or for a detached child). */
  quantile(q: number): number {
    if (this.slot === 0) return Number.NaN;
    return this.metric.windows[this.slot]!.merged().quantile(q);
  }

  /** This child's current state (zeros and NaN for a detached or no-op child). */
  get(): SummaryValue {
    const { quantileValues, sum, count, min, max, windowCount } = this.metric.read(this.slot, false);
    return { quantileValues: [...quantileValues], sum, count, min, max, windowCount };
  }
}

/**
 * @example
 * const latency = new Summary({ name: 'http_request_duration_seconds', help: 'Request latency', labelNames: ['route'] });
 * const home = latency.labels({ route: '/' }); // keep it: the fastest path
 * home.observe(0.042);
 */
export class Summary<const L extends readonly string[] = readonly []> extends TimedMetric<
  L,
  SummaryChild,
  SummaryFamily
> {
  /** Ascending, each in (0, 1). */
  readonly quantiles: readonly number[];
  readonly maxAgeSeconds: number;
  readonly ageBuckets: number;
  readonly relativeAccuracy: number;
  /**
   * @internal One window per slot (slot 0 is the sink of no-op and detached children). A window also
   * keeps the lifetime sum and count, so observe() updates nothing else.
   */
  windows: SlidingWindowSketch[] = [];
  private readonly windowOptions: SlidingWindowOptions;

  constructor(options: SummaryOptions<L>) {
    super('summary', options, ['quantile']);
    const settings = summarySettings(this.name, options);
    this.quantiles = settings.quantiles;
    this.maxAgeSeconds = settings.maxAgeSeconds;
    this.ageBuckets = settings.ageBuckets;
    this.relativeAccuracy = settings.relativeAccuracy;
    this.windowOptions = {
      maxAgeSeconds: settings.maxAgeSeconds,
      ageBuckets: settings.ageBuckets,
      relativeAccuracy: settings.relativeAccuracy,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    };
    this.setup(defaultRegistry);
  }

  /** For a summary without labels; with labels declared the call is dropped ("invalid_labels"). */
  observe(value: number): void {
    if (this.labelNames.length === 0) this.direct.observe(value);
    else if (enabled) this.labelsRequired();
  }

  /** The state of a summary without labels (use `labels({...}).get()` otherwise). */
  get(): SummaryValue {
    return this.direct.get();
  }

  override definitionMatches(options: SummaryOptions<readonly string[]>): boolean {
    if (!super.definitionMatches(options)) return false;
    const other = summarySettings(this.name, options);
    return (
      other.quantiles.length === this.quantiles.length &&
      other.quantiles.every((q, i) => q === this.quantiles[i]) &&
      other.maxAgeSeconds === this.maxAgeSeconds &&
      other.ageBuckets === this.ageBuckets &&
      other.relativeAccuracy === this.relativeAccuracy
    );
  }

  /** @internal */
  rejectValue(value: unknown): void {
    this.drop('invalid_value', () => `observation ${describeValue(value)} is not a finite number`);
  }

  /** @internal The point of `slot` without labels; the window is merged once for every statistic. */
  read(slot: number, withSketch = true): Omit<SummaryPoint, 'labelValues'> {
    if (slot === 0) {
      const nan = this.quantiles.map(() => Number.NaN);
      return { quantileValues: nan, sum: 0, count: 0, min: Number.NaN, max: Number.NaN, windowCount: 0 };
    }
    const ring = this.windows[slot]!;
    const window = ring.merged();
    return {
      quantileValues: this.quantiles.map((q) => window.quantile(q)),
      sum: ring.lifetimeSum,
      count: ring.lifetimeCount,
      min: window.min,
      max: window.max,
      windowCount: window.count,
      ...(withSketch ? { sketch: window.toSnapshot() } : {}),
    };
  }

  protected recordDuration(child: SummaryChild, seconds: number): void {
    child.observe(seconds);
  }

  protected newChild(slot: number): SummaryChild {
    // A reused slot keeps its (cleared) window, so churning label sets do not reallocate sketches.
    this.windows[slot] ??= new SlidingWindowSketch(this.windowOptions);
    return new SummaryChild(this, slot);
  }

  protected resizeSlots(capacity: number): void {
    if (this.windows.length > capacity) this.windows.length = capacity;
  }

  protected clearSlot(slot: number): void {
    this.windows[slot]?.clear();
  }

  protected resetSlots(): void {
    for (const window of this.windows) window?.clear();
  }

  protected point(child: SummaryChild, labelValues: readonly string[]): SummaryPoint {
    return { labelValues, ...this.read(child.slot) };
  }

  protected family(points: SummaryPoint[]): SummaryFamily {
    const { name, help, unit, labelNames, quantiles } = this;
    return { type: 'summary', name, help, unit, labelNames, quantiles, points };
  }
}

interface SummarySettings {
  quantiles: readonly number[];
  maxAgeSeconds: number;
  ageBuckets: number;
  relativeAccuracy: number;
}

/** Validates the summary-specific options (throws InvalidMetricError) and fills in defaults. */
function summarySettings(
  name: string,
  options: Pick<
    SummaryOptions<readonly string[]>,
    'quantiles' | 'maxAgeSeconds' | 'ageBuckets' | 'relativeAccuracy' | 'clock'
  >,
): SummarySettings {
  const bad = (message: string): never => {
    throw new InvalidMetricError(name, `Summary "${name}": ${message}`);
  };
  const { quantiles = DEFAULT_QUANTILES, clock } = options;
  if (!Array.isArray(quantiles))
    bad('quantiles must be an array of numbers in (0, 1), e.g. [0.5, 0.9, 0.99]');
  for (const q of quantiles) {
    if (typeof q !== 'number' || !(q > 0 && q < 1)) {
      bad(
        `quantile ${describeValue(q)} is not a number strictly between 0 and 1 (use 0.99 for the 99th percentile)`,
      );
    }
  }
  const sorted = Object.freeze([...quantiles].sort((a, b) => a - b));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) bad(`quantile ${sorted[i]} is listed twice`);
  }
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds > 0 && maxAgeSeconds < Number.POSITIVE_INFINITY)) {
    bad(
      `maxAgeSeconds must be a finite number of seconds > 0 (default 600), got ${describeValue(maxAgeSeconds)}`,
    );
  }
  const ageBuckets = options.ageBuckets ?? DEFAULT_AGE_BUCKETS;
  if (!Number.isSafeInteger(ageBuckets) || ageBuckets < 1) {
    bad(`ageBuckets must be a whole number >= 1 (default 5), got ${describeValue(ageBuckets)}`);
  }
  const relativeAccuracy = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
  if (typeof relativeAccuracy !== 'number' || !(relativeAccuracy > 0 && relativeAccuracy < 1)) {
    bad(
      `relativeAccuracy must be a number strictly between 0 and 1 (0.01 = 1%), got ${describeValue(relativeAccuracy)}`,
    );
  }
  if (clock !== undefined && !(clock instanceof CoarseClock)) {
    bad('clock must be a CoarseClock (new CoarseClock({ source, autoTick }))');
  }
  return { quantiles: sorted, maxAgeSeconds, ageBuckets, relativeAccuracy };
}
