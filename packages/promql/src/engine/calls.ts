// Function calls: dispatch by name to the range-vector functions, the element-wise functions (which
// drop the metric name), and the functions that work on whole series or steps.
import { clamp, clampMax, clampMin, DATE_FUNCTIONS, ELEMENT_FUNCTIONS, round } from '../functions/index.js';
import { type Call, unwrapParens } from '../parser/ast.js';
import { evalAbsent, evalAbsentOverTime } from './absent.js';
import type { EvalContext } from './context.js';
import { PromQLError } from './errors.js';
import { evalScalar, evalVector, releaseSeries, selectHints } from './evaluator.js';
import {
  evalHistogramFraction,
  evalHistogramQuantile,
  evalHistogramQuantiles,
} from './histogram-functions.js';
import { evalLabelJoin, evalLabelReplace } from './label-functions.js';
import { EMPTY_LABELS } from './labels.js';
import { evalRangeFunction, isRangeFunction } from './range-functions.js';
import { evalVectorSelector } from './selectors.js';
import { evalSort } from './sort.js';
import { type EvalValue, type Grid, gridTime, newStepSeries, type StepSeries } from './step-values.js';

/** Functions over native histograms only: every float sample is skipped, so they return nothing. */
const NATIVE_HISTOGRAM_FUNCTIONS: ReadonlySet<string> = new Set([
  'histogram_avg',
  'histogram_count',
  'histogram_sum',
  'histogram_stddev',
  'histogram_stdvar',
]);

export async function evalCall(ctx: EvalContext, call: Call, grid: Grid): Promise<EvalValue> {
  const name = call.func.name;
  if (isRangeFunction(name)) return vector(await evalRangeFunction(ctx, call, grid));
  const elementFn = ELEMENT_FUNCTIONS[name];
  if (elementFn !== undefined)
    return vector(mapValues(await evalArg(ctx, call, 0, grid), (v) => elementFn(v)));
  const dateFn = DATE_FUNCTIONS[name];
  if (dateFn !== undefined) {
    if (call.args.length === 0) return vector([timeSeries(grid, (t) => dateFn(t / 1000))]);
    return vector(mapValues(await evalArg(ctx, call, 0, grid), (v) => dateFn(v)));
  }
  if (NATIVE_HISTOGRAM_FUNCTIONS.has(name)) {
    releaseSeries(ctx, await evalArg(ctx, call, 0, grid));
    return vector([]);
  }
  switch (name) {
    case 'time':
      return scalar(grid, (i) => gridTime(grid, i) / 1000);
    case 'pi':
      return scalar(grid, () => Math.PI);
    case 'start':
      return scalar(grid, () => ctx.options.queryStartMs / 1000);
    case 'end':
      return scalar(grid, () => ctx.options.queryEndMs / 1000);
    case 'range':
      return scalar(grid, () => (ctx.options.queryEndMs - ctx.options.queryStartMs) / 1000);
    case 'step':
      return scalar(grid, () => ctx.options.queryStepMs / 1000);
    case 'min_of':
    case 'max_of': {
      const a = await evalScalar(ctx, call.args[0]!, grid);
      const b = await evalScalar(ctx, call.args[1]!, grid);
      const f = name === 'min_of' ? Math.min : Math.max;
      return scalar(grid, (i) => f(a[i]!, b[i]!));
    }
    case 'vector': {
      const values = await evalScalar(ctx, call.args[0]!, grid);
      const s = newStepSeries(EMPTY_LABELS, grid.n);
      s.values.set(values);
      s.present.fill(1);
      ctx.hold(grid.n);
      return vector([s]);
    }
    case 'scalar':
      return { kind: 'scalar', values: toScalar(await evalArg(ctx, call, 0, grid), grid.n) };
    case 'timestamp':
      return vector(await evalTimestamp(ctx, call, grid));
    case 'round': {
      const vs = await evalArg(ctx, call, 0, grid);
      const to = call.args.length > 1 ? await evalScalar(ctx, call.args[1]!, grid) : undefined;
      return vector(mapValues(vs, (v, i) => round(v, to === undefined ? 1 : to[i]!)));
    }
    case 'clamp': {
      const vs = await evalArg(ctx, call, 0, grid);
      const min = await evalScalar(ctx, call.args[1]!, grid);
      const max = await evalScalar(ctx, call.args[2]!, grid);
      return vector(mapValues(vs, (v, i) => (max[i]! < min[i]! ? undefined : clamp(v, min[i]!, max[i]!))));
    }
    case 'clamp_min': {
      const vs = await evalArg(ctx, call, 0, grid);
      const min = await evalScalar(ctx, call.args[1]!, grid);
      return vector(mapValues(vs, (v, i) => clampMin(v, min[i]!)));
    }
    case 'clamp_max': {
      const vs = await evalArg(ctx, call, 0, grid);
      const max = await evalScalar(ctx, call.args[1]!, grid);
      return vector(mapValues(vs, (v, i) => clampMax(v, max[i]!)));
    }
    case 'absent':
      return vector(await evalAbsent(ctx, call, grid));
    case 'absent_over_time':
      return vector(await evalAbsentOverTime(ctx, call, grid));
    case 'label_replace':
      return vector(await evalLabelReplace(ctx, call, grid));
    case 'label_join':
      return vector(await evalLabelJoin(ctx, call, grid));
    case 'sort':
    case 'sort_desc':
    case 'sort_by_label':
    case 'sort_by_label_desc':
      return vector(await evalSort(ctx, call, grid));
    case 'histogram_quantile':
      return vector(await evalHistogramQuantile(ctx, call, grid));
    case 'histogram_quantiles':
      return vector(await evalHistogramQuantiles(ctx, call, grid));
    case 'histogram_fraction':
      return vector(await evalHistogramFraction(ctx, call, grid));
    default:
      throw new PromQLError('TM_PROMQL_UNSUPPORTED', `function "${name}" is not supported by this engine`);
  }
}

function vector(series: StepSeries[]): EvalValue {
  return { kind: 'vector', series };
}

function scalar(grid: Grid, f: (i: number) => number): EvalValue {
  const values = new Float64Array(grid.n);
  for (let i = 0; i < grid.n; i++) values[i] = f(i);
  return { kind: 'scalar', values };
}

function evalArg(ctx: EvalContext, call: Call, index: number, grid: Grid): Promise<StepSeries[]> {
  return evalVector(ctx, call.args[index]!, grid);
}

/** A one-series vector `{}` whose value at each step is f(step time). */
function timeSeries(grid: Grid, f: (t: number) => number): StepSeries {
  const s = newStepSeries(EMPTY_LABELS, grid.n);
  for (let i = 0; i < grid.n; i++) {
    s.values[i] = f(gridTime(grid, i));
    s.present[i] = 1;
  }
  return s;
}

/**
 * Applies f to every point in place and marks the series to lose its metric name. A result of
 * `undefined` removes the point (clamp with max < min).
 */
function mapValues(series: StepSeries[], f: (v: number, step: number) => number | undefined): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (s.present[i] !== 1) continue;
      const v = f(s.values[i]!, i);
      if (v === undefined) s.present[i] = 0;
      else {
        s.values[i] = v;
        any = true;
      }
    }
    s.dropName = true;
    if (any) out.push(s);
  }
  return out;
}

/** scalar(v): the value of the single element at each step, NaN when there are none or several. */
function toScalar(series: StepSeries[], n: number): Float64Array {
  const values = new Float64Array(n);
  const counts = new Uint32Array(n);
  for (const s of series) {
    for (let i = 0; i < n; i++) {
      if (s.present[i] !== 1) continue;
      counts[i]!++;
      values[i] = s.values[i]!;
    }
  }
  for (let i = 0; i < n; i++) if (counts[i] !== 1) values[i] = Number.NaN;
  return values;
}

/** timestamp(v): the time of each sample; for a selector the sample's own timestamp. */
async function evalTimestamp(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const arg = unwrapParens(call.args[0]!);
  let series: StepSeries[];
  if (arg.type === 'VectorSelector') {
    series = await evalVectorSelector(ctx, arg, grid, selectHints(ctx, grid, 'timestamp'), true);
    for (const s of series) s.dropName = true;
    return series;
  }
  series = await evalVector(ctx, arg, grid);
  return mapValues(series, (_, i) => gridTime(grid, i) / 1000);
}
