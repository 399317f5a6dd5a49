/**
 * Per-type accumulators of the merge: one per output series, fed each reporter's point for that label
 * set, then turned into one point. Kept apart from merge-families.ts, which decides which reporters'
 * families are compatible and which policy applies.
 */
import { DDSketch, mergeSketchSnapshots } from '../sketch/ddsketch.js';
import type {
  CounterPoint,
  Exemplar,
  GaugePoint,
  HistogramPoint,
  SketchSnapshot,
  SummaryPoint,
} from '../types.js';
import type { AggregationPolicy } from './policy.js';

function minCreated(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The exemplar with the latest timestamp (an exemplar without one loses to one with). */
function laterExemplar(a: Exemplar | undefined, b: Exemplar | undefined): Exemplar | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (b.timestamp ?? Number.NEGATIVE_INFINITY) > (a.timestamp ?? Number.NEGATIVE_INFINITY) ? b : a;
}

/** Counters, gauges and untyped metrics. */
export class NumberAccumulator {
  private sum = 0;
  private n = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private first: number | undefined;
  private created: number | undefined;
  private exemplar: Exemplar | undefined;

  constructor(
    private readonly labelValues: readonly string[],
    private readonly policy: AggregationPolicy,
  ) {}

  add(point: CounterPoint | GaugePoint): void {
    const value = point.value;
    if (this.first !== undefined && this.policy === 'first') return;
    this.first ??= value;
    const counter = point as CounterPoint;
    this.created = minCreated(this.created, counter.created);
    this.exemplar = laterExemplar(this.exemplar, counter.exemplar);
    // NaN is a valid gauge sample meaning "no value"; skipping it lets the other reporters' values count.
    if (Number.isNaN(value)) return;
    this.sum += value;
    this.n++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  point(): CounterPoint {
    let value: number;
    if (this.policy === 'first') value = this.first ?? Number.NaN;
    else if (this.n === 0) value = Number.NaN;
    else if (this.policy === 'min') value = this.min;
    else if (this.policy === 'max') value = this.max;
    else if (this.policy === 'avg') value = this.sum / this.n;
    else value = this.sum;
    const point: { labelValues: readonly string[]; value: number; created?: number; exemplar?: Exemplar } = {
      labelValues: this.labelValues,
      value,
    };
    if (this.created !== undefined) point.created = this.created;
    if (this.exemplar !== undefined) point.exemplar = this.exemplar;
    return point;
  }
}

export class HistogramAccumulator {
  private counts: number[] | undefined;
  private sum = 0;
  private count = 0;
  private created: number | undefined;
  private exemplars: (Exemplar | undefined)[] | undefined;
  private points = 0;

  constructor(
    private readonly labelValues: readonly string[],
    private readonly policy: AggregationPolicy,
  ) {}

  add(point: HistogramPoint): void {
    if (this.policy === 'first' && this.points > 0) return;
    this.points++;
    const source = point.cumulativeCounts;
    if (this.counts === undefined) this.counts = Array.from(source);
    else for (let i = 0; i < source.length; i++) this.counts[i]! += source[i]!;
    this.sum += point.sum;
    this.count += point.count;
    this.created = minCreated(this.created, point.created);
    if (point.exemplars !== undefined) {
      const mine = (this.exemplars ??= new Array<Exemplar | undefined>(source.length).fill(undefined));
      for (let i = 0; i < point.exemplars.length; i++) mine[i] = laterExemplar(mine[i], point.exemplars[i]);
    }
  }

  point(): HistogramPoint {
    const point: {
      labelValues: readonly string[];
      cumulativeCounts: number[];
      sum: number;
      count: number;
      created?: number;
      exemplars?: (Exemplar | undefined)[];
    } = {
      labelValues: this.labelValues,
      cumulativeCounts: this.counts ?? [],
      sum: this.sum,
      count: this.count,
    };
    if (this.created !== undefined) point.created = this.created;
    if (this.exemplars?.some((e) => e !== undefined)) point.exemplars = this.exemplars;
    return point;
  }
}

export class SummaryAccumulator {
  private sum = 0;
  private count = 0;
  private created: number | undefined;
  private readonly sketches: SketchSnapshot[] = [];
  private points = 0;
  /** Set by point() when the sketches could not be merged (a malformed snapshot from a reporter). */
  sketchError: string | undefined;

  constructor(
    private readonly labelValues: readonly string[],
    private readonly policy: AggregationPolicy,
    private readonly quantiles: readonly number[],
  ) {}

  /** `withSketch` false: only the lifetime _sum and _count of `point` are merged (stale or incompatible window). */
  add(point: SummaryPoint, withSketch: boolean): void {
    if (this.policy === 'first' && this.points > 0) return;
    this.points++;
    this.sum += point.sum;
    this.count += point.count;
    this.created = minCreated(this.created, point.created);
    if (withSketch && point.sketch !== undefined) this.sketches.push(point.sketch);
  }

  /** Quantiles are read from the merged sketch, so they are those of the union of every reporter's window. */
  point(): SummaryPoint {
    let merged: SketchSnapshot | undefined;
    let sketch: DDSketch | undefined;
    if (this.sketches.length > 0) {
      try {
        merged = this.sketches.length === 1 ? this.sketches[0]! : mergeSketchSnapshots(this.sketches);
        sketch = DDSketch.fromSnapshot(merged);
      } catch (error) {
        merged = undefined;
        this.sketchError = error instanceof Error ? error.message : String(error);
      }
    }
    const point: {
      labelValues: readonly string[];
      quantileValues: number[];
      sum: number;
      count: number;
      min: number;
      max: number;
      windowCount: number;
      created?: number;
      sketch?: SketchSnapshot;
    } = {
      labelValues: this.labelValues,
      quantileValues: this.quantiles.map((q) => (sketch === undefined ? Number.NaN : sketch.quantile(q))),
      sum: this.sum,
      count: this.count,
      min: sketch?.min ?? Number.NaN,
      max: sketch?.max ?? Number.NaN,
      windowCount: sketch?.count ?? 0,
    };
    if (this.created !== undefined) point.created = this.created;
    if (merged !== undefined) point.sketch = merged;
    return point;
  }
}
