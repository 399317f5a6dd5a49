// An instant-vector argument handed to a consumer one series at a time. Aggregations fold each
// series as it comes, so when the argument is a range function (the usual `sum(rate(x[5m]))`)
// its output is never materialised: one row buffer is reused for every input series.
import { type Expr, unwrapParens } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { evalVector, releaseSeries } from './evaluator.js';
import { isRangeFunction, streamRangeFunction } from './range-functions.js';
import { worthHoisting } from './step-invariance.js';
import type { Grid, StepSeries } from './step-values.js';

/**
 * Calls `sink` with every series of `expr` over `grid`, in the order evalVector would return them.
 * A series handed to `sink` may be overwritten once `sink` returns.
 */
export async function streamVector(
  ctx: EvalContext,
  expr: Expr,
  grid: Grid,
  sink: (s: StepSeries) => void,
): Promise<void> {
  const e = unwrapParens(expr);
  // A step-invariant argument is evaluated once and broadcast by evalExpr: leave that to it.
  if (e.type === 'Call' && isRangeFunction(e.func.name) && !(grid.n > 1 && worthHoisting(expr))) {
    await ctx.checkpoint();
    await streamRangeFunction(ctx, e, grid, true, (row) => sink(row));
    return;
  }
  const series = await evalVector(ctx, expr, grid);
  for (const s of series) {
    sink(s);
    await ctx.checkpoint(grid.n);
  }
  releaseSeries(ctx, series);
}
