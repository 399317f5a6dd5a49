// histogram_quantile, histogram_quantiles and histogram_fraction over classic histograms: at each
// step the `le`-labelled bucket series that share all other labels form one histogram. (Native
// histograms are not stored by @telemeter/storage, so there are none to handle.)
import { getLabel, type Labels, labelsKey, METRIC_NAME_LABEL } from '@telemeter/storage';
import {
  annotationText,
  type Bucket,
  bucketFraction,
  bucketQuantile,
  formatGoFloat,
  parseBucketBound,
} from '../functions/index.js';
import type { Call, Expr } from '../parser/ast.js';
import { SeriesCollector } from './collector.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { evalScalar, evalVector, held, releaseSeries } from './evaluator.js';
import { setLabel } from './labels.js';
import type { Grid, StepSeries } from './step-values.js';

interface Histograms {
  /** Labels of each histogram (the bucket labels without `le`). */
  readonly labels: Labels[];
  /** Per input series: its histogram, or -1 for a malformed `le`. */
  readonly group: Int32Array;
  readonly bound: Float64Array;
  readonly series: StepSeries[];
}

function groupBuckets(ctx: EvalContext, series: StepSeries[], vectorArg: Expr): Histograms {
  const byKey = new Map<string, number>();
  const labels: Labels[] = [];
  const group = new Int32Array(series.length);
  const bound = new Float64Array(series.length);
  series.forEach((s, k) => {
    const le = getLabel(s.labels, 'le');
    const b = parseBucketBound(le);
    if (b === undefined) {
      group[k] = -1;
      if (s.present.indexOf(1) !== -1) {
        const name = getLabel(s.labels, METRIC_NAME_LABEL);
        ctx.annotations.add(annotationText.badBucketLabel(name, le), vectorArg.posRange);
      }
      return;
    }
    bound[k] = b;
    const without = setLabel(s.labels, 'le', '');
    const key = labelsKey(without);
    let g = byKey.get(key);
    if (g === undefined) {
      g = labels.length;
      byKey.set(key, g);
      labels.push(without);
    }
    group[k] = g;
  });
  return { labels, group, bound, series };
}

/** Calls f with the buckets of every histogram that has any at step i. */
function forEachHistogram(h: Histograms, i: number, f: (g: number, buckets: Bucket[]) => void): void {
  const buckets: (Bucket[] | undefined)[] = new Array(h.labels.length);
  h.series.forEach((s, k) => {
    const g = h.group[k]!;
    if (g < 0 || s.present[i] !== 1) return;
    let list = buckets[g];
    if (list === undefined) buckets[g] = list = [];
    list.push({ upperBound: h.bound[k]!, count: s.values[i]! });
  });
  buckets.forEach((list, g) => {
    if (list !== undefined) f(g, list);
  });
}

function checkQuantile(ctx: EvalContext, q: number, arg: Expr): void {
  if (Number.isNaN(q) || q < 0 || q > 1) ctx.annotations.add(annotationText.invalidQuantile(q), arg.posRange);
}

function quantileAt(
  ctx: EvalContext,
  h: Histograms,
  g: number,
  q: number,
  buckets: Bucket[],
  arg: Expr,
): number {
  const r = bucketQuantile(q, buckets);
  if (r.forcedMonotonicity) {
    const name = getLabel(h.labels[g]!, METRIC_NAME_LABEL);
    ctx.annotations.add(annotationText.histogramQuantileForcedMonotonicity(name), arg.posRange);
  }
  return r.value;
}

export async function evalHistogramQuantile(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const qs = await evalScalar(ctx, call.args[0]!, grid);
  const vectorArg = call.args[1]!;
  const series = await evalVector(ctx, vectorArg, grid);
  const h = groupBuckets(ctx, series, vectorArg);
  const out = new SeriesCollector(grid.n);
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint();
    const q = qs[i]!;
    checkQuantile(ctx, q, call.args[0]!);
    forEachHistogram(h, i, (g, buckets) => {
      out.add(h.labels[g]!, true, i, quantileAt(ctx, h, g, q, buckets, vectorArg));
    });
  }
  releaseSeries(ctx, series);
  return held(ctx, out.result());
}

/** OpenMetrics float text (labels.FormatOpenMetricsFloat): integers get a ".0". */
function openMetricsFloat(v: number): string {
  const s = formatGoFloat(v);
  return Number.isFinite(v) && !/[.e]/.test(s) ? `${s}.0` : s;
}

export async function evalHistogramQuantiles(
  ctx: EvalContext,
  call: Call,
  grid: Grid,
): Promise<StepSeries[]> {
  const vectorArg = call.args[0]!;
  const labelArg = call.args[1]!;
  const label = labelArg.type === 'StringLiteral' ? labelArg.value : '';
  const qArgs = call.args.slice(2);
  const qs: Float64Array[] = [];
  for (const a of qArgs) qs.push(await evalScalar(ctx, a, grid));
  const series = await evalVector(ctx, vectorArg, grid);
  const h = groupBuckets(ctx, series, vectorArg);
  for (const labels of h.labels) {
    if (getLabel(labels, label) !== '') {
      throw executionError(`label ${JSON.stringify(label)} already exists in the input series`);
    }
  }
  const out = new SeriesCollector(grid.n);
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint();
    qs.forEach((q, j) => {
      checkQuantile(ctx, q[i]!, qArgs[j]!);
    });
    for (const q of qs) {
      const qv = q[i]!;
      const text = openMetricsFloat(qv);
      forEachHistogram(h, i, (g, buckets) => {
        const v = quantileAt(ctx, h, g, qv, buckets, vectorArg);
        out.add(setLabel(h.labels[g]!, label, text), true, i, v);
      });
    }
  }
  releaseSeries(ctx, series);
  return held(ctx, out.result());
}

export async function evalHistogramFraction(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const lower = await evalScalar(ctx, call.args[0]!, grid);
  const upper = await evalScalar(ctx, call.args[1]!, grid);
  const vectorArg = call.args[2]!;
  const series = await evalVector(ctx, vectorArg, grid);
  const h = groupBuckets(ctx, series, vectorArg);
  const out = new SeriesCollector(grid.n);
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint();
    forEachHistogram(h, i, (g, buckets) => {
      out.add(h.labels[g]!, true, i, bucketFraction(lower[i]!, upper[i]!, buckets));
    });
  }
  releaseSeries(ctx, series);
  return held(ctx, out.result());
}
