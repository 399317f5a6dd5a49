// @telemeter/promql — public API.

// Parser: text -> AST, AST -> canonical text.
export type {
  AggregateExpr,
  AggregateOp,
  ArithmeticOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  Call,
  ComparisonOp,
  Expr,
  ExprType,
  MatchCardinality,
  MatrixSelector,
  NumberLiteral,
  ParenExpr,
  PosRange,
  SetOp,
  StringLiteral,
  SubqueryExpr,
  UnaryExpr,
  ValueType,
  VectorMatching,
  VectorSelector,
} from './parser/ast.js';
export { exprType, isComparisonOp, isSetOp, unwrapParens, walkExpr } from './parser/ast.js';
export { argTypeAt, arityOf, FUNCTIONS, type FunctionSignature, getFunction } from './parser/functions.js';
export { DurationError, formatDuration, parseDuration } from './parser/duration.js';
export { lineColumn, PromQLParseError } from './parser/errors.js';
export { type ParseOptions, parse } from './parser/parser.js';
export { format, formatMatcher, formatNumber, needsParens } from './parser/format.js';
export { compileMatcherRegex } from './parser/selectors.js';
export { goQuote, isValidUtf8 } from './parser/strings.js';

// Engine: instant and range evaluation over a storage Querier.
export { Engine, type EngineOptions, type Queryable, type QueryOptions } from './engine/engine.js';
export { PromQLError, type PromQLErrorCode } from './engine/errors.js';
export type {
  Matrix,
  MatrixResult,
  QueryResult,
  ResultType,
  Sample,
  Scalar,
  ScalarResult,
  Series,
  StringResult,
  StringValue,
  Vector,
  VectorResult,
} from './engine/values.js';

// Prometheus test scripts (../shared/conformance/promql/FORMAT.md), for users' own cases.
export { type RunOptions, type RunResult, runTestScript, TestScriptError } from './testscript/runner.js';
export { runTestFile } from './testscript/run-file.js';
export { parseTestScript } from './testscript/script.js';
