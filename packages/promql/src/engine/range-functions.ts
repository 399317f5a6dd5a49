// Functions over range vectors (rate, *_over_time, deriv, ...): for each series, the kernel from
// functions/ runs over each step's window of points; an empty window or an `undefined` kernel
// result gives no output point.
import {
  annotationText,
  avgOverTime,
  changes,
  countOverTime,
  deriv,
  doubleExponentialSmoothing,
  extrapolatedRate,
  firstOverTime,
  idelta,
  irate,
  KernelArgumentError,
  lastOverTime,
  madOverTime,
  maxOverTime,
  minOverTime,
  predictLinear,
  presentOverTime,
  quantileOverTime,
  resets,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfExtremeOverTime,
  tsOfFirstOverTime,
  tsOfLastOverTime,
} from '../functions/index.js';
import { type Call, unwrapParens } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { evalScalar, openRangeInput } from './evaluator.js';
import { type Grid, gridTime, newStepSeries, type StepSeries } from './step-values.js';

/** Everything a kernel may look at for one step's window. */
interface Window {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly from: number;
  readonly to: number;
  /** The window's exclusive start and inclusive end. */
  readonly start: number;
  readonly end: number;
  /** The step's evaluation time (predict_linear extrapolates from it). */
  readonly t: number;
  /** The scalar arguments' values at this step, in argument order. */
  readonly params: readonly number[];
}

type Kernel = (w: Window) => number | undefined;

const KERNELS: Readonly<Record<string, Kernel>> = {
  rate: (w) => extrapolatedRate(w.ts, w.vs, w.from, w.to, w.start, w.end, true, true),
  increase: (w) => extrapolatedRate(w.ts, w.vs, w.from, w.to, w.start, w.end, true, false),
  delta: (w) => extrapolatedRate(w.ts, w.vs, w.from, w.to, w.start, w.end, false, false),
  irate: (w) => irate(w.ts, w.vs, w.from, w.to),
  idelta: (w) => idelta(w.ts, w.vs, w.from, w.to),
  deriv: (w) => deriv(w.ts, w.vs, w.from, w.to),
  predict_linear: (w) => predictLinear(w.ts, w.vs, w.from, w.to, w.t, w.params[0]!),
  changes: (w) => changes(w.vs, w.from, w.to),
  resets: (w) => resets(w.vs, w.from, w.to),
  avg_over_time: (w) => avgOverTime(w.vs, w.from, w.to),
  sum_over_time: (w) => sumOverTime(w.vs, w.from, w.to),
  min_over_time: (w) => minOverTime(w.vs, w.from, w.to),
  max_over_time: (w) => maxOverTime(w.vs, w.from, w.to),
  count_over_time: (w) => countOverTime(w.from, w.to),
  last_over_time: (w) => lastOverTime(w.vs, w.from, w.to),
  first_over_time: (w) => firstOverTime(w.vs, w.from, w.to),
  present_over_time: (w) => presentOverTime(w.from, w.to),
  quantile_over_time: (w) => quantileOverTime(w.params[0]!, w.vs, w.from, w.to),
  stddev_over_time: (w) => stddevOverTime(w.vs, w.from, w.to),
  stdvar_over_time: (w) => stdvarOverTime(w.vs, w.from, w.to),
  mad_over_time: (w) => madOverTime(w.vs, w.from, w.to),
  ts_of_max_over_time: (w) => tsOfExtremeOverTime(w.ts, w.vs, w.from, w.to, true),
  ts_of_min_over_time: (w) => tsOfExtremeOverTime(w.ts, w.vs, w.from, w.to, false),
  ts_of_first_over_time: (w) => tsOfFirstOverTime(w.ts, w.from, w.to),
  ts_of_last_over_time: (w) => tsOfLastOverTime(w.ts, w.from, w.to),
  double_exponential_smoothing: (w) =>
    doubleExponentialSmoothing(w.vs, w.from, w.to, w.params[0]!, w.params[1]!),
};

/** Functions that act like an offset and so keep the metric name. */
const KEEP_NAME: ReadonlySet<string> = new Set(['last_over_time', 'first_over_time']);

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

export function isRangeFunction(name: string): boolean {
  return name in KERNELS;
}

export async function evalRangeFunction(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const name = call.func.name;
  const kernel = KERNELS[name]!;
  const rangeIndex = call.args.findIndex((a) => {
    const e = unwrapParens(a);
    return e.type === 'MatrixSelector' || e.type === 'SubqueryExpr';
  });
  const paramExprs = call.args.filter((_, i) => i !== rangeIndex);
  const params: Float64Array[] = [];
  for (const e of paramExprs) params.push(await evalScalar(ctx, e, grid));
  const input = await openRangeInput(ctx, call.args[rangeIndex]!, grid, name);
  const keepName = KEEP_NAME.has(name);
  const stepParams = new Array<number>(params.length);
  const out: StepSeries[] = [];
  try {
    for (let k = 0; k < input.length; k++) {
      await ctx.checkpoint();
      const w = input.load(k);
      const row = newStepSeries(w.labels, grid.n, !keepName || w.dropName);
      let points = 0;
      for (let i = 0; i < grid.n; i++) {
        if ((i & 1023) === 1023) await ctx.checkpoint(1024);
        const from = w.lo[i]!;
        const to = w.hi[i]!;
        if (to <= from) continue;
        for (let p = 0; p < params.length; p++) stepParams[p] = params[p]![i]!;
        const end = input.ends[i]!;
        const v = kernel({
          ts: w.ts,
          vs: w.vs,
          from,
          to,
          start: end - input.rangeMs,
          end,
          t: gridTime(grid, i),
          params: stepParams,
        });
        if (v === undefined) continue;
        if (name === 'quantile_over_time') {
          const q = stepParams[0]!;
          if (Number.isNaN(q) || q < 0 || q > 1) {
            ctx.annotations.add(annotationText.invalidQuantile(q), call.args[0]!.posRange);
          }
        }
        row.values[i] = v;
        row.present[i] = 1;
        points++;
      }
      if (points === 0) continue;
      ctx.hold(points);
      out.push(row);
      if (name === 'rate' || name === 'increase') noteNonCounter(ctx, call, w.labels);
    }
  } catch (err) {
    if (err instanceof KernelArgumentError) throw executionError(err.message);
    throw err;
  } finally {
    input.close();
  }
  return out;
}

/** Prometheus's hint that rate()/increase() was applied to a metric not named like a counter. */
function noteNonCounter(ctx: EvalContext, call: Call, labels: StepSeries['labels']): void {
  let name = '';
  for (const l of labels) if (l.name === '__name__') name = l.value;
  if (name === '' || COUNTER_SUFFIXES.some((s) => name.endsWith(s))) return;
  ctx.annotations.add(annotationText.possibleNonCounter(name), call.args[0]!.posRange);
}
