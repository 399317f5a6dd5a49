// The set operators and, or, unless (Prometheus's VectorAnd/VectorOr/VectorUnless): per step, an
// element is kept depending on whether the other side has any element with the same signature.
// Elements keep their own labels, so the outputs are the input series with points masked out.
import type { BinaryExpr } from '../parser/ast.js';
import { mergeSameLabelsets } from './collector.js';
import type { EvalContext } from './context.js';
import { releaseSeries } from './evaluator.js';
import { matchSignatures } from './labels.js';
import type { Grid, StepSeries } from './step-values.js';

/** For each signature, at which steps some series of `series` with that signature has a point. */
function presenceBySignature(series: StepSeries[], sig: Int32Array, count: number, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < count; o++) out.push(new Uint8Array(n));
  series.forEach((s, k) => {
    const p = out[sig[k]!]!;
    for (let i = 0; i < n; i++) p[i]! |= s.present[i]!;
  });
  return out;
}

export async function evalSetOp(
  ctx: EvalContext,
  e: BinaryExpr,
  lhs: StepSeries[],
  rhs: StepSeries[],
  grid: Grid,
): Promise<StepSeries[]> {
  const matching = e.matching ?? { card: 'many-to-many', on: false, labels: [], include: [] };
  const { l: lsig, r: rsig, count } = matchSignatures(matching.on, matching.labels, lhs, rhs);
  await ctx.checkpoint();
  const n = grid.n;
  const masked = (series: StepSeries[], sig: Int32Array, other: Uint8Array[], keepWhenPresent: boolean) => {
    const out: StepSeries[] = [];
    let removed = 0;
    series.forEach((s, k) => {
      const p = other[sig[k]!]!;
      let any = false;
      for (let i = 0; i < n; i++) {
        if (s.present[i] !== 1) continue;
        if ((p[i] === 1) === keepWhenPresent) any = true;
        else {
          s.present[i] = 0;
          removed++;
        }
      }
      if (any) out.push(s);
    });
    ctx.release(removed);
    return out;
  };
  if (e.op === 'or') {
    // All of the left side, plus the right side where the left has nothing with its signature.
    const fromRhs = masked(rhs, rsig, presenceBySignature(lhs, lsig, count, n), false);
    return mergeSameLabelsets([...lhs, ...fromRhs]);
  }
  // and keeps the left side where the right has its signature; unless where it has not.
  const result = masked(lhs, lsig, presenceBySignature(rhs, rsig, count, n), e.op === 'and');
  releaseSeries(ctx, rhs);
  return result;
}
