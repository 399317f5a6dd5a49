// The evaluator: every expression node is evaluated once over all steps of a grid (Prometheus's
// evaluator.eval), returning scalars as one value per step and instant vectors as dense step series.
// Each node holds its output against the sample limit and releases its inputs once consumed.
import type { SelectHints } from '@telemeter/storage';
import { type Expr, type MatrixSelector, type SubqueryExpr, unwrapParens } from '../parser/ast.js';
import { evalAggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import { evalCall } from './calls.js';
import type { EvalContext } from './context.js';
import { PromQLError } from './errors.js';
import {
  openMatrixSelector,
  type RangeInput,
  subqueryGrid,
  subqueryInput,
  windowEnds,
} from './range-input.js';
import { evalVectorSelector } from './selectors.js';
import { broadcast, worthHoisting } from './step-invariance.js';
import { type EvalValue, type Grid, type RangePoints, type StepSeries, totalPoints } from './step-values.js';

export async function evalExpr(ctx: EvalContext, expr: Expr, grid: Grid): Promise<EvalValue> {
  await ctx.checkpoint();
  if (grid.n > 1 && expr.type !== 'MatrixSelector' && expr.type !== 'SubqueryExpr' && worthHoisting(expr)) {
    const once = await evalNode(ctx, expr, { start: grid.start, step: grid.step, n: 1 });
    const all = broadcast(once, grid.n);
    if (all.kind === 'vector')
      ctx.hold(totalPoints(all.series) - totalPoints(once.kind === 'vector' ? once.series : []));
    return all;
  }
  return evalNode(ctx, expr, grid);
}

async function evalNode(ctx: EvalContext, expr: Expr, grid: Grid): Promise<EvalValue> {
  switch (expr.type) {
    case 'NumberLiteral': {
      const values = new Float64Array(grid.n).fill(expr.value);
      return { kind: 'scalar', values };
    }
    case 'StringLiteral':
      return { kind: 'string', value: expr.value };
    case 'ParenExpr':
      return evalExpr(ctx, expr.expr, grid);
    case 'UnaryExpr': {
      const v = await evalExpr(ctx, expr.expr, grid);
      if (expr.op === '+') return v;
      if (v.kind === 'scalar') {
        for (let i = 0; i < v.values.length; i++) v.values[i] = -v.values[i]!;
        return v;
      }
      if (v.kind !== 'vector') throw new PromQLError('TM_PROMQL_EXECUTION', 'unary minus needs a number');
      for (const s of v.series) {
        s.dropName = true;
        for (let i = 0; i < s.values.length; i++) s.values[i] = -s.values[i]!;
      }
      return v;
    }
    case 'VectorSelector':
      return { kind: 'vector', series: await evalVectorSelector(ctx, expr, grid, selectHints(ctx, grid)) };
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return { kind: 'matrix', series: await evalMatrix(ctx, expr, grid) };
    case 'AggregateExpr':
      return { kind: 'vector', series: await evalAggregate(ctx, expr, grid) };
    case 'BinaryExpr':
      return evalBinary(ctx, expr, grid);
    case 'Call':
      return evalCall(ctx, expr, grid);
  }
}

export function selectHints(ctx: EvalContext, grid: Grid, func?: string): SelectHints {
  const hints: { stepMs?: number; func?: string } = {};
  if (ctx.isRangeQuery && grid.n > 1) hints.stepMs = grid.step;
  if (func !== undefined) hints.func = func;
  return hints;
}

export async function evalScalar(ctx: EvalContext, expr: Expr, grid: Grid): Promise<Float64Array> {
  const v = await evalExpr(ctx, expr, grid);
  if (v.kind !== 'scalar') throw new PromQLError('TM_PROMQL_EXECUTION', `expected a scalar, got ${v.kind}`);
  return v.values;
}

export async function evalVector(ctx: EvalContext, expr: Expr, grid: Grid): Promise<StepSeries[]> {
  const v = await evalExpr(ctx, expr, grid);
  if (v.kind !== 'vector')
    throw new PromQLError('TM_PROMQL_EXECUTION', `expected an instant vector, got ${v.kind}`);
  return v.series;
}

export function releaseSeries(ctx: EvalContext, series: readonly StepSeries[]): void {
  ctx.release(totalPoints(series));
}

/** A range-vector argument of a function, ready to be walked series by series. */
export async function openRangeInput(
  ctx: EvalContext,
  expr: Expr,
  grid: Grid,
  func: string,
): Promise<RangeInput> {
  const e = unwrapParens(expr);
  if (e.type === 'MatrixSelector') return openMatrixSelector(ctx, e, grid, selectHints(ctx, grid, func));
  if (e.type === 'SubqueryExpr') return openSubquery(ctx, e, grid);
  throw new PromQLError('TM_PROMQL_EXECUTION', `expected a range vector, got ${e.type}`);
}

async function openSubquery(ctx: EvalContext, sq: SubqueryExpr, grid: Grid): Promise<RangeInput> {
  const ends = windowEnds(ctx, grid, sq.offsetMs, sq.at);
  const step = sq.stepMs > 0 ? sq.stepMs : ctx.options.defaultSubqueryStepMs;
  const inner = subqueryGrid(sq, step, ends);
  const series = inner.n === 0 ? [] : await evalVector(ctx, sq.expr, inner);
  return subqueryInput(ctx, sq, inner, series, ends);
}

/** A range vector as a query result (instant queries only): the points of its single window. */
async function evalMatrix(
  ctx: EvalContext,
  expr: MatrixSelector | SubqueryExpr,
  grid: Grid,
): Promise<RangePoints[]> {
  if (grid.n !== 1) {
    throw new PromQLError('TM_PROMQL_BAD_QUERY', 'cannot do range evaluation of matrix selector');
  }
  const input = await openRangeInput(ctx, expr, grid, '');
  const out: RangePoints[] = [];
  for (let k = 0; k < input.length; k++) {
    await ctx.checkpoint();
    const w = input.load(k);
    const lo = w.lo[0]!;
    const hi = w.hi[0]!;
    if (hi <= lo) continue;
    ctx.hold(hi - lo);
    out.push({ labels: w.labels, dropName: w.dropName, ts: w.ts.slice(lo, hi), vs: w.vs.slice(lo, hi) });
  }
  input.close();
  return out;
}

/** Accounts for a freshly built result against the sample limit and returns it. */
export function held(ctx: EvalContext, series: StepSeries[]): StepSeries[] {
  ctx.hold(totalPoints(series));
  return series;
}
