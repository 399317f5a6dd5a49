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
import type { RangeInput, WindowedSeries } from './range-input.js';
import { countResets, rateWindows } from './sliding-rate.js';
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

interface RateKind {
  readonly isCounter: boolean;
  readonly isRate: boolean;
}

/** rate, increase and delta: every window of a series at once (sliding-rate.ts), not a Kernel. */
const RATE_KINDS: Readonly<Record<string, RateKind>> = {
  rate: { isCounter: true, isRate: true },
  increase: { isCounter: true, isRate: false },
  delta: { isCounter: false, isRate: false },
};

const KERNELS: Readonly<Record<string, Kernel>> = {
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
  return name in KERNELS || name in RATE_KINDS;
}

export async function evalRangeFunction(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const out: StepSeries[] = [];
  await streamRangeFunction(ctx, call, grid, false, (row, points) => {
    ctx.hold(points);
    out.push(row);
  });
  return out;
}

/**
 * Evaluates a range-vector function series by series, handing each output series that has any
 * point to `sink` with its point count. With `reuseRow` the same row is handed out every time
 * (its contents are only valid during the call), for consumers that fold series as they come.
 */
export async function streamRangeFunction(
  ctx: EvalContext,
  call: Call,
  grid: Grid,
  reuseRow: boolean,
  sink: (row: StepSeries, points: number) => void,
): Promise<void> {
  const name = call.func.name;
  const rangeIndex = call.args.findIndex((a) => {
    const e = unwrapParens(a);
    return e.type === 'MatrixSelector' || e.type === 'SubqueryExpr';
  });
  const paramExprs = call.args.filter((_, i) => i !== rangeIndex);
  const params: Float64Array[] = [];
  for (const e of paramExprs) params.push(await evalScalar(ctx, e, grid));
  const input = await openRangeInput(ctx, call.args[rangeIndex]!, grid, name);
  const keepName = KEEP_NAME.has(name);
  const rateKind = RATE_KINDS[name];
  const stepParams = new Array<number>(params.length);
  let resets: Int32Array = new Int32Array(0);
  let shared: StepSeries | undefined;
  try {
    for (let k = 0; k < input.length; k++) {
      await ctx.checkpoint();
      const w = input.load(k);
      const dropName = !keepName || w.dropName;
      let row: StepSeries;
      if (!reuseRow) row = newStepSeries(w.labels, grid.n, dropName);
      else {
        if (shared === undefined) shared = newStepSeries(w.labels, grid.n, dropName);
        else shared.present.fill(0);
        row = shared;
        row.labels = w.labels;
        row.dropName = dropName;
      }
      let points: number;
      if (rateKind !== undefined) {
        // The counter resets are counted once for all the windows (sliding-rate.ts).
        if (rateKind.isCounter) resets = countResets(w.vs, maxOf(w.hi), resets);
        const { isCounter, isRate } = rateKind;
        points = rateWindows(
          w,
          resets,
          input.ends,
          input.rangeMs,
          isCounter,
          isRate,
          row.values,
          row.present,
        );
        await ctx.checkpoint(grid.n);
      } else {
        points = await kernelRow(ctx, call, grid, input, w, KERNELS[name]!, params, stepParams, row);
      }
      if (points === 0) continue;
      sink(row, points);
      if (name === 'rate' || name === 'increase') noteNonCounter(ctx, call, w.labels);
    }
  } catch (err) {
    if (err instanceof KernelArgumentError) throw executionError(err.message);
    throw err;
  } finally {
    input.close();
  }
}

function maxOf(a: Int32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** Any other range function's kernel over every step's window into `row`; returns the point count. */
async function kernelRow(
  ctx: EvalContext,
  call: Call,
  grid: Grid,
  input: RangeInput,
  w: WindowedSeries,
  kernel: Kernel,
  params: Float64Array[],
  stepParams: number[],
  row: StepSeries,
): Promise<number> {
  const quantileOverTime = call.func.name === 'quantile_over_time';
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
    if (quantileOverTime) {
      const q = stepParams[0]!;
      if (Number.isNaN(q) || q < 0 || q > 1) {
        ctx.annotations.add(annotationText.invalidQuantile(q), call.args[0]!.posRange);
      }
    }
    row.values[i] = v;
    row.present[i] = 1;
    points++;
  }
  return points;
}

/** Prometheus's hint that rate()/increase() was applied to a metric not named like a counter. */
function noteNonCounter(ctx: EvalContext, call: Call, labels: StepSeries['labels']): void {
  let name = '';
  for (const l of labels) if (l.name === '__name__') name = l.value;
  if (name === '' || COUNTER_SUFFIXES.some((s) => name.endsWith(s))) return;
  ctx.annotations.add(annotationText.possibleNonCounter(name), call.args[0]!.posRange);
}
