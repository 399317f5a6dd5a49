// Binary operators between scalars and vectors. Vector-to-vector operators are in vector-binop.ts
// (arithmetic, comparisons) and set-ops.ts (and, or, unless).
import type { BinaryExpr } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { PromQLError } from './errors.js';
import { evalExpr } from './evaluator.js';
import { arithmetic, compare, isComparison } from './operators.js';
import { evalSetOp } from './set-ops.js';
import type { EvalValue, Grid, StepSeries } from './step-values.js';
import { vectorBinop } from './vector-binop.js';

export async function evalBinary(ctx: EvalContext, e: BinaryExpr, grid: Grid): Promise<EvalValue> {
  const lhs = await evalExpr(ctx, e.lhs, grid);
  const rhs = await evalExpr(ctx, e.rhs, grid);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    const out = lhs.values;
    const cmp = isComparison(e.op);
    for (let i = 0; i < out.length; i++) {
      const l = out[i]!;
      const r = rhs.values[i]!;
      out[i] = cmp ? (compare(e.op, l, r) ? 1 : 0) : arithmetic(e.op, l, r);
    }
    return lhs;
  }
  if (lhs.kind === 'vector' && rhs.kind === 'scalar') {
    return { kind: 'vector', series: vectorScalar(ctx, e, lhs.series, rhs.values, false) };
  }
  if (lhs.kind === 'scalar' && rhs.kind === 'vector') {
    return { kind: 'vector', series: vectorScalar(ctx, e, rhs.series, lhs.values, true) };
  }
  if (lhs.kind === 'vector' && rhs.kind === 'vector') {
    if (e.op === 'and' || e.op === 'or' || e.op === 'unless') {
      return { kind: 'vector', series: await evalSetOp(ctx, e, lhs.series, rhs.series, grid) };
    }
    return { kind: 'vector', series: await vectorBinop(ctx, e, lhs.series, rhs.series, grid) };
  }
  throw new PromQLError(
    'TM_PROMQL_EXECUTION',
    `operator ${e.op} not allowed between ${lhs.kind} and ${rhs.kind}`,
  );
}

/**
 * A vector against a scalar, point by point in place. `swapped` when the scalar is the left
 * operand. Comparisons keep the vector's value (whichever side it is on) and drop points that fail;
 * arithmetic and `bool` drop the metric name.
 */
function vectorScalar(
  ctx: EvalContext,
  e: BinaryExpr,
  series: StepSeries[],
  scalar: Float64Array,
  swapped: boolean,
): StepSeries[] {
  const cmp = isComparison(e.op);
  const out: StepSeries[] = [];
  let removed = 0;
  for (const s of series) {
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (s.present[i] !== 1) continue;
      const v = s.values[i]!;
      const l = swapped ? scalar[i]! : v;
      const r = swapped ? v : scalar[i]!;
      if (!cmp) {
        s.values[i] = arithmetic(e.op, l, r);
      } else {
        const keep = compare(e.op, l, r);
        if (e.returnBool) s.values[i] = keep ? 1 : 0;
        else if (!keep) {
          s.present[i] = 0;
          removed++;
          continue;
        }
      }
      any = true;
    }
    if (!cmp || e.returnBool) s.dropName = true;
    if (any) out.push(s);
  }
  ctx.release(removed);
  return out;
}
