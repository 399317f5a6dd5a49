// Aggregation operators that reduce each group to one value per step: sum, avg, count, min, max,
// group, stddev, stdvar, quantile (Prometheus's aggregation()). topk, bottomk, limitk and
// limit_ratio are in aggregate-k.ts, count_values in count-values.ts.
import {
  AggregationMean,
  AggregationVariance,
  annotationText,
  kahanInc,
  kahanState,
  quantile,
} from '../functions/index.js';
import type { AggregateExpr } from '../parser/ast.js';
import { evalAggregateK } from './aggregate-k.js';
import type { EvalContext } from './context.js';
import { evalCountValues } from './count-values.js';
import { evalScalar, evalVector, held, releaseSeries } from './evaluator.js';
import { groupSeries } from './grouping.js';
import { type Grid, newStepSeries, type StepSeries } from './step-values.js';

export async function evalAggregate(ctx: EvalContext, e: AggregateExpr, grid: Grid): Promise<StepSeries[]> {
  switch (e.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return evalAggregateK(ctx, e, grid);
    case 'count_values':
      return evalCountValues(ctx, e, grid);
    default:
      break;
  }
  const param =
    e.op === 'quantile' && e.param !== undefined ? await evalScalar(ctx, e.param, grid) : undefined;
  if (param !== undefined) warnQuantileParam(ctx, e, param);
  const input = await evalVector(ctx, e.expr, grid);
  const groups = groupSeries(e, input);
  const G = groups.labels.length;
  const out = groups.labels.map((labels) => newStepSeries(labels, grid.n));
  const seen = new Int32Array(G);
  const value = new Float64Array(G);
  const comp = new Float64Array(G);
  const count = new Float64Array(G);
  const means: AggregationMean[] = [];
  const variances: AggregationVariance[] = [];
  const samples: number[][] = [];
  const op = e.op;
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint(input.length);
    seen.fill(0);
    for (let k = 0; k < input.length; k++) {
      const s = input[k]!;
      if (s.present[i] !== 1) continue;
      const g = groups.of[k]!;
      const f = s.values[i]!;
      if (s.dropName) out[g]!.dropName = true;
      if (seen[g] === 0) {
        seen[g] = 1;
        value[g] = f;
        comp[g] = 0;
        count[g] = 1;
        if (op === 'avg') (means[g] = new AggregationMean()).add(f);
        else if (op === 'stddev' || op === 'stdvar') (variances[g] = new AggregationVariance()).add(f);
        else if (op === 'quantile') samples[g] = [f];
        continue;
      }
      switch (op) {
        case 'sum':
          value[g] = kahanInc(f, value[g]!, comp[g]!);
          comp[g] = kahanState.c;
          break;
        case 'avg':
          means[g]!.add(f);
          break;
        case 'count':
          count[g]!++;
          break;
        case 'max':
          if (value[g]! < f || Number.isNaN(value[g]!)) value[g] = f;
          break;
        case 'min':
          if (value[g]! > f || Number.isNaN(value[g]!)) value[g] = f;
          break;
        case 'stddev':
        case 'stdvar':
          variances[g]!.add(f);
          break;
        case 'quantile':
          samples[g]!.push(f);
          break;
        default:
          break;
      }
    }
    for (let g = 0; g < G; g++) {
      if (seen[g] === 0) continue;
      const o = out[g]!;
      o.present[i] = 1;
      o.values[i] = finalValue(op, g, i);
    }
  }

  function finalValue(op: AggregateExpr['op'], g: number, i: number): number {
    switch (op) {
      case 'sum': {
        const v = value[g]!;
        return v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY ? v : v + comp[g]!;
      }
      case 'avg':
        return means[g]!.value();
      case 'count':
        return count[g]!;
      case 'group':
        return 1;
      case 'stddev':
        return variances[g]!.stddev();
      case 'stdvar':
        return variances[g]!.stdvar();
      case 'quantile':
        return quantile(param![i]!, samples[g]!);
      default:
        return value[g]!;
    }
  }

  releaseSeries(ctx, input);
  return held(
    ctx,
    out.filter((s) => s.present.indexOf(1) !== -1),
  );
}

/** Prometheus warns once per query about quantile parameters outside [0, 1]. */
function warnQuantileParam(ctx: EvalContext, e: AggregateExpr, param: Float64Array): void {
  let nan = false;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const q of param) {
    if (Number.isNaN(q)) nan = true;
    else {
      if (q > max) max = q;
      if (q < min) min = q;
    }
  }
  const pos = e.param!.posRange;
  if (nan) ctx.annotations.add(annotationText.invalidQuantile(Number.NaN), pos);
  if (max > 1) ctx.annotations.add(annotationText.invalidQuantile(max), pos);
  if (min < 0) ctx.annotations.add(annotationText.invalidQuantile(min), pos);
}
