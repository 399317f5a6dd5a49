// promqltest re-runs every instant query with an `@ <eval time>` appended to each selector and
// evaluates that at other times too: a step-invariant result must not change (Prometheus
// promqltest atModifierTestCases).

import { TIME_DEPENDENT_FUNCTIONS } from '../engine/step-invariance.js';
import type { Expr } from '../parser/ast.js';

/**
 * Functions that stop a query from being pinned: those that depend on the evaluation time, and
 * those that return the query's own start, end, range and step, which differ between the variants.
 */
const AT_MODIFIER_UNSAFE: ReadonlySet<string> = new Set([
  ...TIME_DEPENDENT_FUNCTIONS,
  'start',
  'end',
  'range',
  'step',
]);

/**
 * Pins every selector and outermost subquery without an `@` to `atMs`, in place. Like Prometheus,
 * it does not descend into subqueries (they get the `@` themselves). Returns false when the
 * expression calls a function that is not step invariant: no variants are run then.
 */
export function pinToEvalTime(expr: Expr, atMs: number): boolean {
  let safe = true;
  const visit = (node: Expr): void => {
    switch (node.type) {
      case 'VectorSelector':
        if (node.at === undefined) node.at = atMs;
        return;
      case 'MatrixSelector':
        if (node.vectorSelector.at === undefined) node.vectorSelector.at = atMs;
        return;
      case 'SubqueryExpr':
        if (node.at === undefined) node.at = atMs;
        return;
      case 'Call':
        if (AT_MODIFIER_UNSAFE.has(node.func.name)) safe = false;
        for (const arg of node.args) visit(arg);
        return;
      case 'AggregateExpr':
        if (node.param) visit(node.param);
        visit(node.expr);
        return;
      case 'BinaryExpr':
        visit(node.lhs);
        visit(node.rhs);
        return;
      case 'UnaryExpr':
      case 'ParenExpr':
        visit(node.expr);
        return;
      default:
        return;
    }
  };
  visit(expr);
  return safe;
}

/** The extra evaluation times promqltest uses for the pinned expression. */
export function atModifierEvalTimes(evalMs: number): number[] {
  return evalMs === 0 ? [-1000, 0, 1000] : [-10 * evalMs, 0, Math.trunc(evalMs / 5), evalMs, 10 * evalMs];
}
