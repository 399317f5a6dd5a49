// Type checking after a successful parse (Prometheus's checkAST): operand types, aggregation
// parameters, function arguments, binary-operator modifiers. Reports the first error found in
// Prometheus's traversal order, with its wording.
import {
  type BinaryExpr,
  type Expr,
  exprType,
  isComparisonOp,
  isSetOp,
  type PosRange,
  type ValueType,
} from './ast.js';
import { arityOf } from './functions.js';
import type { TokenStream } from './token-stream.js';

/** Where each parsed binary operator token sits, for errors about the operator itself. */
export const operatorRanges = new WeakMap<BinaryExpr, PosRange>();

/** Prometheus's DocumentedType: how value types are named in messages. */
export function documentedType(t: ValueType): string {
  if (t === 'vector') return 'instant vector';
  if (t === 'matrix') return 'range vector';
  return t;
}

export function checkExpr(expr: Expr, ts: TokenStream): ValueType {
  const fail = (range: PosRange, msg: string): never => {
    throw ts.error(msg, range.start, range.end);
  };
  const expectType = (node: Expr, want: ValueType, context: string): void => {
    const got = checkExpr(node, ts);
    if (got !== want) {
      fail(node.posRange, `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`);
    }
  };

  switch (expr.type) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      break;
    case 'MatrixSelector':
      checkExpr(expr.vectorSelector, ts);
      break;
    case 'ParenExpr':
      checkExpr(expr.expr, ts);
      break;
    case 'UnaryExpr': {
      const t = checkExpr(expr.expr, ts);
      if (t !== 'scalar' && t !== 'vector') {
        fail(
          expr.posRange,
          `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(t))}`,
        );
      }
      break;
    }
    case 'SubqueryExpr': {
      const t = checkExpr(expr.expr, ts);
      if (t !== 'vector') fail(expr.posRange, `subquery is only allowed on instant vector, got ${t} instead`);
      break;
    }
    case 'AggregateExpr':
      expectType(expr.expr, 'vector', 'aggregation expression');
      if (expr.op === 'count_values') {
        expectType(expr.param as Expr, 'string', 'aggregation parameter');
      } else if (expr.param !== undefined) {
        expectType(expr.param, 'scalar', 'aggregation parameter');
      }
      break;
    case 'Call': {
      const { func, args } = expr;
      const { min, max } = arityOf(func);
      if (func.variadic === 0 && args.length !== min) {
        fail(
          expr.posRange,
          `expected ${min} argument(s) in call to ${JSON.stringify(func.name)}, got ${args.length}`,
        );
      } else if (args.length < min) {
        fail(
          expr.posRange,
          `expected at least ${min} argument(s) in call to ${JSON.stringify(func.name)}, got ${args.length}`,
        );
      } else if (args.length > max) {
        fail(
          expr.posRange,
          `expected at most ${max} argument(s) in call to ${JSON.stringify(func.name)}, got ${args.length}`,
        );
      }
      const n = func.argTypes.length;
      args.forEach((arg, i) => {
        expectType(
          arg,
          func.argTypes[Math.min(i, n - 1)] as ValueType,
          `call to function ${JSON.stringify(func.name)}`,
        );
      });
      if (func.name === 'info' && args.length > 1) {
        // info's second argument selects info metrics by labels only.
        const sel = args[1] as Expr;
        if (sel.type !== 'VectorSelector') fail(sel.posRange, 'expected label selectors only');
        else if (sel.name !== undefined)
          fail(sel.posRange, 'expected label selectors only, got vector selector instead');
      }
      break;
    }
    case 'BinaryExpr': {
      // Long `a + b + c + ...` chains nest to the left; walk them without recursion.
      const chain: BinaryExpr[] = [];
      let e: Expr = expr;
      while (e.type === 'BinaryExpr') {
        chain.push(e);
        e = e.lhs;
      }
      let lt = checkExpr(e, ts);
      for (let i = chain.length - 1; i >= 0; i--) {
        const node = chain[i] as BinaryExpr;
        const rt = checkExpr(node.rhs, ts);
        checkBinary(node, lt, rt, fail);
        lt = lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
      }
      return lt;
    }
  }
  return exprType(expr);
}

function checkBinary(
  node: BinaryExpr,
  lt: ValueType,
  rt: ValueType,
  fail: (range: PosRange, msg: string) => never,
): void {
  const opRange = operatorRanges.get(node) ?? node.posRange;
  const { op } = node;
  if (node.returnBool && !isComparisonOp(op))
    fail(opRange, 'bool modifier can only be used on comparison operators');
  if (isComparisonOp(op) && !node.returnBool && lt === 'scalar' && rt === 'scalar') {
    fail(opRange, 'comparisons between scalars must use BOOL modifier');
  }
  const m = node.matching;
  if (m !== undefined && isSetOp(op) && m.card === 'one-to-one') m.card = 'many-to-many';
  if (m?.on) {
    for (const label of m.labels) {
      if (m.include.includes(label)) {
        fail(opRange, `label ${JSON.stringify(label)} must not occur in ON and GROUP clause at once`);
      }
    }
  }
  if (lt !== 'scalar' && lt !== 'vector') {
    fail(node.lhs.posRange, 'binary expression must contain only scalar and instant vector types');
  }
  if (rt !== 'scalar' && rt !== 'vector') {
    fail(node.rhs.posRange, 'binary expression must contain only scalar and instant vector types');
  }
  if ((lt !== 'vector' || rt !== 'vector') && m !== undefined) {
    if (m.labels.length > 0) {
      fail(node.posRange, 'vector matching only allowed between instant vectors');
    }
    delete node.matching;
  } else if (m !== undefined && isSetOp(op)) {
    if (m.card === 'one-to-many' || m.card === 'many-to-one')
      fail(node.posRange, `no grouping allowed for "${op}" operation`);
    if (m.card !== 'many-to-many') fail(node.posRange, 'set operations must always be many-to-many');
  }
  if ((lt === 'scalar' || rt === 'scalar') && isSetOp(op)) {
    fail(node.posRange, `set operator "${op}" not allowed in binary scalar expression`);
  }
}
