// Aggregation operators that reduce each group to one value per step: sum, avg, count, min, max,
// group, stddev, stdvar, quantile (Prometheus's aggregation()). topk, bottomk, limitk and
// limit_ratio are in aggregate-k.ts, count_values in count-values.ts.
import { annotationText } from '../functions/index.js';
import type { AggregateExpr } from '../parser/ast.js';
import { evalAggregateK } from './aggregate-k.js';
import type { EvalContext } from './context.js';
import { evalCountValues } from './count-values.js';
import { evalScalar, held } from './evaluator.js';
import { type FoldOp, GroupAccumulator } from './group-accumulator.js';
import { Grouper } from './grouping.js';
import type { Grid, StepSeries } from './step-values.js';
import { streamVector } from './vector-stream.js';

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
  const grouper = new Grouper(e);
  const acc = new GroupAccumulator(e.op as FoldOp, grid.n, param);
  await streamVector(ctx, e.expr, grid, (s) => {
    const g = grouper.groupOf(s.labels);
    if (g === acc.size) acc.addGroup(grouper.labels[g]!);
    acc.add(g, s);
  });
  return held(ctx, acc.result());
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
