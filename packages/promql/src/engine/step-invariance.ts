// Step invariance (Prometheus's PreprocessExpr): an expression whose every selector is pinned with
// `@` gives the same result at every step, so a range query evaluates it once and repeats it.
import type { Expr } from '../parser/ast.js';
import type { EvalValue } from './step-values.js';

/**
 * Functions whose result depends on the evaluation time even for pinned arguments (Prometheus's
 * AtModifierUnsafeFunctions).
 */
export const TIME_DEPENDENT_FUNCTIONS: ReadonlySet<string> = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'time',
  'timestamp',
]);

const cache = new WeakMap<Expr, boolean>();

function isStepInvariant(expr: Expr): boolean {
  let v = cache.get(expr);
  if (v === undefined) {
    v = compute(expr);
    cache.set(expr, v);
  }
  return v;
}

function compute(e: Expr): boolean {
  switch (e.type) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return true;
    case 'VectorSelector':
      return e.at !== undefined;
    case 'MatrixSelector':
      return e.vectorSelector.at !== undefined;
    case 'SubqueryExpr':
      return e.at !== undefined;
    case 'ParenExpr':
    case 'UnaryExpr':
      return isStepInvariant(e.expr);
    case 'AggregateExpr':
      return isStepInvariant(e.expr) && (e.param === undefined || isStepInvariant(e.param));
    case 'BinaryExpr':
      return isStepInvariant(e.lhs) && isStepInvariant(e.rhs);
    case 'Call':
      return !TIME_DEPENDENT_FUNCTIONS.has(e.func.name) && e.args.every(isStepInvariant);
  }
}

/** Worth evaluating once: invariant, and doing more than producing a constant. */
export function worthHoisting(expr: Expr): boolean {
  return expr.type !== 'NumberLiteral' && expr.type !== 'StringLiteral' && isStepInvariant(expr);
}

/** Repeats a one-step value over n steps. */
export function broadcast(v: EvalValue, n: number): EvalValue {
  switch (v.kind) {
    case 'scalar': {
      const values = new Float64Array(n).fill(v.values[0]!);
      return { kind: 'scalar', values };
    }
    case 'vector':
      return {
        kind: 'vector',
        series: v.series.map((s) => ({
          labels: s.labels,
          dropName: s.dropName,
          values: new Float64Array(n).fill(s.values[0]!),
          present: new Uint8Array(n).fill(s.present[0]!),
        })),
      };
    default:
      return v;
  }
}
