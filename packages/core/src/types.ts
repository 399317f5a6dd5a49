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

/** A mergeable quantile sketch state (see sketch/), carried so that summaries can be merged across workers. */
export interface SketchSnapshot {
  /** Relative accuracy the sketch guarantees, e.g. 0.01. */
  readonly relativeAccuracy: number;
  /** Index of the first entry of `counts` in the positive log-bucket space. */
  readonly offset: number;
  readonly counts: readonly number[];
  /** Index of the first entry of `negativeCounts` in the negative log-bucket space. */
  readonly negativeOffset: number;
  readonly negativeCounts: readonly number[];
  readonly zeroCount: number;
  readonly count: number;
  readonly sum: number;
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
