/**
 * The snapshot model: what `Registry.collect()` returns and what every exposition format,
 * the cluster/worker aggregation and the server consume. Instruments keep their own compact
 * state; a snapshot is a plain, structured-cloneable copy of it at one moment.
 *
 * Label values are stored as arrays aligned with the family's `labelNames` (not as objects)
 * so that collecting 100k series allocates no per-series label objects.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

/** Label set as an object, used where labels are free-form (exemplars, parser output). */
export type Labels = Readonly<Record<string, string>>;

export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp?: number;
}

interface PointBase {
  /** Aligned with `MetricFamily.labelNames`. */
  readonly labelValues: readonly string[];
}

export interface CounterPoint extends PointBase {
  readonly value: number;
  /** When this label set was first incremented or last reset, ms since the Unix epoch. */
  readonly created?: number;
  readonly exemplar?: Exemplar;
}

export interface GaugePoint extends PointBase {
  readonly value: number;
}

export interface HistogramPoint extends PointBase {
  /** Cumulative counts, one per bucket of the family plus the final `+Inf` bucket (== count). */
  readonly cumulativeCounts: readonly number[];
  readonly sum: number;
  readonly count: number;
  readonly created?: number;
  /** Per bucket (same indexes as `cumulativeCounts`), the latest exemplar if any. */
  readonly exemplars?: readonly (Exemplar | undefined)[];
}

/**
 * A mergeable quantile sketch state (sketch/ddsketch.ts), carried so that summaries can be merged across
 * workers and processes: `DDSketch.fromSnapshot(s)`, `mergeSketchSnapshots([...])`. Plain data only
 * (structured-cloneable; JSON-safe except NaN min/max of an empty sketch and an overflowed infinite sum).
 *
 * With `gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)`, positive bucket `i` counts the values in
 * `(gamma^(i-1), gamma^i]` and negative bucket `i` the values in `[-gamma^i, -gamma^(i-1))`.
 */
export interface SketchSnapshot {
  /** Relative accuracy the sketch guarantees, e.g. 0.01. Only sketches with equal accuracy merge. */
  readonly relativeAccuracy: number;
  /** Bucket index of `counts[0]` (0 when `counts` is empty). */
  readonly offset: number;
  /** Counts of consecutive positive buckets from `offset`, trimmed to the first and last non-empty one. */
  readonly counts: readonly number[];
  /** Bucket index of `negativeCounts[0]` (indexes are those of the absolute values). */
  readonly negativeOffset: number;
  readonly negativeCounts: readonly number[];
  /** Observations of 0 (and of magnitudes below ~2.3e-308, which have no relative precision). */
  readonly zeroCount: number;
  /** zeroCount plus every bucket count. */
  readonly count: number;
  readonly sum: number;
  /** Exact extremes; NaN when `count` is 0. */
  readonly min: number;
  readonly max: number;
}

export interface SummaryPoint extends PointBase {
  /** Aligned with `SummaryFamily.quantiles`; computed over the sliding window (NaN when the window is empty). */
  readonly quantileValues: readonly number[];
  /** Lifetime sum and count, as Prometheus summaries expose them. */
  readonly sum: number;
  readonly count: number;
  /** Smallest and largest observation in the window (NaN when the window is empty). */
  readonly min: number;
  readonly max: number;
  /** Number of observations in the window. */
  readonly windowCount: number;
  readonly created?: number;
  /** The window's merged sketch, present so that summaries from several processes can be merged. */
  readonly sketch?: SketchSnapshot;
}

interface FamilyBase {
  /** The metric name as registered (a counter's name usually ends in `_total`). */
  readonly name: string;
  readonly help: string;
  /** OpenMetrics unit ('' when none); when set, `name` ends with `_<unit>` (or `_<unit>_total`). */
  readonly unit: string;
  readonly labelNames: readonly string[];
}

export interface CounterFamily extends FamilyBase {
  readonly type: 'counter';
  readonly points: readonly CounterPoint[];
}
export interface GaugeFamily extends FamilyBase {
  readonly type: 'gauge';
  readonly points: readonly GaugePoint[];
}
export interface UnknownFamily extends FamilyBase {
  readonly type: 'unknown';
  readonly points: readonly GaugePoint[];
}
export interface HistogramFamily extends FamilyBase {
  readonly type: 'histogram';
  /** Finite upper bounds, ascending; `+Inf` is implied. */
  readonly buckets: readonly number[];
  readonly points: readonly HistogramPoint[];
}
export interface SummaryFamily extends FamilyBase {
  readonly type: 'summary';
  /** Quantiles in (0, 1), ascending. */
  readonly quantiles: readonly number[];
  readonly points: readonly SummaryPoint[];
}

export type MetricFamily = CounterFamily | GaugeFamily | UnknownFamily | HistogramFamily | SummaryFamily;
