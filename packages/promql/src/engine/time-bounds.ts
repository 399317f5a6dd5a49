// The time range a query reads (Prometheus's FindMinMaxTime), so one querier covers every selector:
// lookback windows, ranges, offsets, `@` times and subquery ranges included.
import type { AtModifier, Expr } from '../parser/ast.js';

export interface BoundsParams {
  readonly startMs: number;
  readonly endMs: number;
  readonly lookbackDeltaMs: number;
}

export function selectionBounds(expr: Expr, p: BoundsParams): { mint: number; maxt: number } {
  let mint = Number.POSITIVE_INFINITY;
  let maxt = Number.NEGATIVE_INFINITY;
  const at = (a: AtModifier | undefined, lo: number, hi: number): [number, number] => {
    if (a === undefined) return [lo, hi];
    const t = a === 'start' ? p.startMs : a === 'end' ? p.endMs : a;
    return [t, t];
  };
  const visit = (e: Expr, lo: number, hi: number): void => {
    switch (e.type) {
      case 'VectorSelector': {
        const [a, b] = at(e.at, lo, hi);
        mint = Math.min(mint, a - e.offsetMs - p.lookbackDeltaMs + 1);
        maxt = Math.max(maxt, b - e.offsetMs);
        return;
      }
      case 'MatrixSelector': {
        const vs = e.vectorSelector;
        const [a, b] = at(vs.at, lo, hi);
        mint = Math.min(mint, a - vs.offsetMs - e.rangeMs + 1);
        maxt = Math.max(maxt, b - vs.offsetMs);
        return;
      }
      case 'SubqueryExpr': {
        const [a, b] = at(e.at, lo, hi);
        visit(e.expr, a - e.offsetMs - e.rangeMs, b - e.offsetMs);
        return;
      }
      case 'ParenExpr':
      case 'UnaryExpr':
        visit(e.expr, lo, hi);
        return;
      case 'AggregateExpr':
        if (e.param !== undefined) visit(e.param, lo, hi);
        visit(e.expr, lo, hi);
        return;
      case 'BinaryExpr':
        visit(e.lhs, lo, hi);
        visit(e.rhs, lo, hi);
        return;
      case 'Call':
        for (const arg of e.args) visit(arg, lo, hi);
        return;
      default:
        return;
    }
  };
  visit(expr, p.startMs, p.endMs);
  return maxt === Number.NEGATIVE_INFINITY ? { mint: 0, maxt: 0 } : { mint, maxt };
}
