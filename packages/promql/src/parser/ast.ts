// The PromQL syntax tree: the contract between the parser, the formatter and the engine.
// Shapes follow Prometheus's promql/parser/ast.go so its semantics carry over one to one.
import type { LabelMatcher } from '@telemeter/storage';
import type { FunctionSignature } from './functions.js';

/** The four PromQL value types. `matrix` is a range vector, `vector` an instant vector. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Offsets into the query text: `start` inclusive, `end` exclusive (UTF-16 code units). */
export interface PosRange {
  readonly start: number;
  readonly end: number;
}

/** The aggregation operators (Prometheus's order). */
export const AGGREGATE_OPS = [
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
] as const;

export type AggregateOp = (typeof AGGREGATE_OPS)[number];

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** `@` modifier: a timestamp in milliseconds, or the query's start/end (`@ start()`, `@ end()`). */
export type AtModifier = number | 'start' | 'end';

export interface NumberLiteral {
  readonly type: 'NumberLiteral';
  /** `-1` parses to a literal with value -1 (Prometheus folds a sign into a literal). */
  value: number;
  posRange: PosRange;
}

export interface StringLiteral {
  readonly type: 'StringLiteral';
  value: string;
  posRange: PosRange;
}

export interface VectorSelector {
  readonly type: 'VectorSelector';
  /** The metric name when written as `name{...}` or `{"name", ...}`; also present as a matcher. */
  name?: string;
  /** Every matcher, including the `__name__="..."` one implied by `name`. */
  matchers: LabelMatcher[];
  /** `offset` in milliseconds, negative for `offset -5m`; 0 when absent. */
  offsetMs: number;
  at?: AtModifier;
  posRange: PosRange;
}

/** `selector[range]`. The selector's own offsetMs/at hold `foo[5m] offset 1m @ 100`. */
export interface MatrixSelector {
  readonly type: 'MatrixSelector';
  vectorSelector: VectorSelector;
  rangeMs: number;
  posRange: PosRange;
}

export interface SubqueryExpr {
  readonly type: 'SubqueryExpr';
  expr: Expr;
  rangeMs: number;
  /** 0 means the default: the engine's evaluation interval. */
  stepMs: number;
  offsetMs: number;
  at?: AtModifier;
  posRange: PosRange;
}

export interface AggregateExpr {
  readonly type: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  /** topk/bottomk/limitk/limit_ratio/quantile (scalar) and count_values (string). */
  param?: Expr;
  grouping: string[];
  /** `without (...)`; false for `by (...)` and for no grouping clause. */
  without: boolean;
  posRange: PosRange;
}

export type MatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  card: MatchCardinality;
  /** `on(...)` when true, `ignoring(...)` (or no clause) when false. */
  on: boolean;
  labels: string[];
  /** The extra labels of `group_left(...)` / `group_right(...)`. */
  include: string[];
}

export interface BinaryExpr {
  readonly type: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** The `bool` modifier of a comparison. */
  returnBool: boolean;
  /** Present exactly when both operands are instant vectors (set operators get many-to-many). */
  matching?: VectorMatching;
  posRange: PosRange;
}

export interface UnaryExpr {
  readonly type: 'UnaryExpr';
  op: '-' | '+';
  expr: Expr;
  posRange: PosRange;
}

export interface ParenExpr {
  readonly type: 'ParenExpr';
  expr: Expr;
  posRange: PosRange;
}

export interface Call {
  readonly type: 'Call';
  func: FunctionSignature;
  args: Expr[];
  posRange: PosRange;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | Call;

export type ExprType = Expr['type'];

const COMPARISON_OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return COMPARISON_OPS.has(op);
}

export function isSetOp(op: BinaryOp): op is SetOp {
  return SET_OPS.has(op);
}

/** The value type an expression evaluates to (Prometheus's `Expr.Type()`). */
export function exprType(expr: Expr): ValueType {
  switch (expr.type) {
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'BinaryExpr': {
      // Scalar only when every operand is; walk left-nested chains without recursion.
      let e: Expr = expr;
      while (e.type === 'BinaryExpr') {
        if (exprType(e.rhs) !== 'scalar') return 'vector';
        e = e.lhs;
      }
      return exprType(e) === 'scalar' ? 'scalar' : 'vector';
    }
    case 'UnaryExpr':
    case 'ParenExpr':
      return exprType(expr.expr);
    case 'Call':
      return expr.func.returnType;
  }
}

/** Strips any number of enclosing parentheses (Prometheus's `unwrapParenExpr`). */
export function unwrapParens(expr: Expr): Expr {
  let e = expr;
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}

/** Calls `visit` on `expr` and every node below it, parents first; children in source order. */
export function walkExpr(expr: Expr, visit: (node: Expr, parent: Expr | undefined) => void): void {
  const step = (node: Expr, parent: Expr | undefined): void => {
    visit(node, parent);
    switch (node.type) {
      case 'MatrixSelector':
        step(node.vectorSelector, node);
        break;
      case 'SubqueryExpr':
      case 'UnaryExpr':
      case 'ParenExpr':
        step(node.expr, node);
        break;
      case 'AggregateExpr':
        if (node.param) step(node.param, node);
        step(node.expr, node);
        break;
      case 'BinaryExpr':
        step(node.lhs, node);
        step(node.rhs, node);
        break;
      case 'Call':
        for (const arg of node.args) step(arg, node);
        break;
      default:
        break;
    }
  };
  step(expr, undefined);
}
