// fast-check generators of well-typed PromQL trees in canonical form: the shape `parse(format(e))`
// returns (matchers sorted as printed, parentheses where precedence needs them, no sign-folded
// literals under unary operators), so a round trip must give the same tree back.
import type { LabelMatcher, MatchType } from '@telemeter/storage';
import fc from 'fast-check';
import {
  AGGREGATE_OPS,
  type AggregateExpr,
  type AtModifier,
  type BinaryExpr,
  type BinaryOp,
  type Call,
  type Expr,
  type MatchCardinality,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
} from '../ast.js';
import { type ChildSlot, formatMatcher, needsParens } from '../format.js';
import { argTypeAt, arityOf, FUNCTIONS, type FunctionSignature } from '../functions.js';

const POS = { start: 0, end: 0 };

const LABELS = [
  'a',
  'b',
  'job',
  'le',
  'instance',
  'by',
  'on',
  'offset',
  'sum',
  'nan',
  'with.dot',
  'ünï',
  'x y',
];
const METRICS = [
  'foo',
  'bar:baz',
  'http_requests_total',
  'sum',
  'offset',
  'start',
  'by',
  'on',
  'inf',
  'my.metric',
  '📈',
];
const REGEXES = ['a.*', 'b|c', '.+', 'x(y)?z', '[0-9]+', '(?i)pro.*', '.*'];

/** Strings, sometimes with one byte that is not valid UTF-8 (kept as U+DC00+byte by the lexer). */
const stringValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'a"b', "it's", 'back\\slash', 'tab\there', 'nl\n', '\u0000\u007f\u00a0\u200b', 'é☺😀'),
  fc
    .tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 0x80, max: 0xff }), fc.string({ maxLength: 3 }))
    .map(([a, b, c]) => `${a}${String.fromCharCode(0xdc00 + b)}${c}`),
);

const matcherArb: fc.Arbitrary<LabelMatcher> = fc.oneof(
  fc.record({
    type: fc.constantFrom<MatchType>('=', '!='),
    name: fc.constantFrom(...LABELS),
    value: stringValue,
  }),
  fc.record({
    type: fc.constantFrom<MatchType>('=~', '!~'),
    name: fc.constantFrom(...LABELS),
    value: fc.constantFrom(...REGEXES),
  }),
);

function sortMatchers(ms: LabelMatcher[]): LabelMatcher[] {
  return [...ms].sort((x, y) =>
    formatMatcher(x) < formatMatcher(y) ? -1 : formatMatcher(x) > formatMatcher(y) ? 1 : 0,
  );
}

const offsetArb = fc.oneof(fc.constant(0), fc.integer({ min: -1e12, max: 1e12 }));
const atArb: fc.Arbitrary<AtModifier | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<AtModifier>('start', 'end'),
  fc.integer({ min: -1e15, max: 1e15 }),
);
const rangeArb = fc.integer({ min: 1, max: 1e12 });

const vectorSelector: fc.Arbitrary<VectorSelector> = fc
  .record({
    name: fc.option(fc.constantFrom(...METRICS), { nil: undefined }),
    matchers: fc.array(matcherArb, { maxLength: 3 }),
    anchor: fc.record({ name: fc.constantFrom(...LABELS), value: fc.string({ minLength: 1, maxLength: 4 }) }),
    offsetMs: offsetArb,
    at: atArb,
  })
  .map(({ name, matchers, anchor, offsetMs, at }) => {
    const vs: VectorSelector =
      name !== undefined
        ? {
            type: 'VectorSelector',
            name,
            matchers: [{ type: '=', name: '__name__', value: name }, ...sortMatchers(matchers)],
            offsetMs,
            posRange: POS,
          }
        : {
            type: 'VectorSelector',
            // A selector without a name needs a matcher that does not match the empty string.
            matchers: sortMatchers([...matchers, { type: '=', ...anchor }]),
            offsetMs,
            posRange: POS,
          };
    if (at !== undefined) vs.at = at;
    return vs;
  });

function paren(child: Expr, parent: Expr, slot: ChildSlot): Expr {
  return needsParens(child, parent, slot) ? { type: 'ParenExpr', expr: child, posRange: POS } : child;
}

function binary(
  op: BinaryOp,
  lhs: Expr,
  rhs: Expr,
  returnBool: boolean,
  matching?: VectorMatching,
): BinaryExpr {
  const node: BinaryExpr = { type: 'BinaryExpr', op, lhs, rhs, returnBool, posRange: POS };
  node.lhs = paren(lhs, node, 'lhs');
  node.rhs = paren(rhs, node, 'rhs');
  if (matching !== undefined) node.matching = matching;
  return node;
}

const ARITH: BinaryOp[] = ['+', '-', '*', '/', '%', '^', 'atan2'];
const CMP: BinaryOp[] = ['==', '!=', '>', '<', '>=', '<='];
const SET: BinaryOp[] = ['and', 'or', 'unless'];
const labelList = fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 3 });

const matchingArb: fc.Arbitrary<VectorMatching> = fc
  .record({
    card: fc.constantFrom<MatchCardinality>('one-to-one', 'many-to-one', 'one-to-many'),
    on: fc.boolean(),
    labels: labelList,
    include: labelList,
  })
  .map((m) => {
    const grouped = m.card !== 'one-to-one';
    const include = grouped ? m.include.filter((l) => !(m.on && m.labels.includes(l))) : [];
    return { card: m.card, on: m.on, labels: m.labels, include };
  });

const SIMPLE_FUNCTIONS = Object.values(FUNCTIONS).filter((f) => f.name !== 'info');

export interface ExprArbitraries {
  scalar: fc.Arbitrary<Expr>;
  vector: fc.Arbitrary<Expr>;
  matrix: fc.Arbitrary<Expr>;
  string: fc.Arbitrary<Expr>;
  any: fc.Arbitrary<Expr>;
}

/** Well-typed expressions of each value type, nesting up to about `depth` levels. */
export function exprArbitraries(depth = 4): ExprArbitraries {
  const tie = fc.letrec<Record<ValueType, Expr> & { any: Expr }>((tie) => {
    const of = (t: ValueType) => tie(t) as fc.Arbitrary<Expr>;
    const callOf = (want: ValueType): fc.Arbitrary<Expr> => {
      const sigs = SIMPLE_FUNCTIONS.filter((f) => f.returnType === want);
      return fc.constantFrom(...sigs).chain((sig: FunctionSignature) => {
        const { min, max } = arityOf(sig);
        return fc
          .integer({ min, max: Math.min(max, min + 2) })
          .chain((n) =>
            fc
              .tuple(...Array.from({ length: n }, (_, i) => of(argTypeAt(sig, i))))
              .map((args): Call => ({ type: 'Call', func: sig, args, posRange: POS })),
          );
      });
    };
    const number = fc.double().map((value): Expr => ({ type: 'NumberLiteral', value, posRange: POS }));
    const unary = (t: 'scalar' | 'vector') =>
      fc.tuple(fc.constantFrom<'-' | '+'>('-', '+'), of(t)).map(([op, e]): Expr => {
        const node: Expr = { type: 'UnaryExpr', op, expr: e, posRange: POS };
        // The parser folds a sign into a literal, so a literal operand needs parentheses.
        node.expr =
          e.type === 'NumberLiteral'
            ? { type: 'ParenExpr', expr: e, posRange: POS }
            : paren(e, node, 'unary');
        return node;
      });
    const parenOf = (t: ValueType) => of(t).map((e): Expr => ({ type: 'ParenExpr', expr: e, posRange: POS }));
    const scalarBinary = fc
      .tuple(fc.constantFrom(...ARITH, ...CMP), of('scalar'), of('scalar'))
      .map(([op, l, r]) => binary(op, l, r, CMP.includes(op)));
    const vectorBinary = fc.oneof(
      fc
        .tuple(fc.constantFrom(...ARITH, ...CMP), of('vector'), of('vector'), fc.boolean(), matchingArb)
        .map(([op, l, r, b, m]) => binary(op, l, r, b && CMP.includes(op), m)),
      fc
        .tuple(fc.constantFrom(...SET), of('vector'), of('vector'), fc.boolean(), labelList)
        .map(([op, l, r, on, labels]) =>
          binary(op, l, r, false, { card: 'many-to-many', on, labels, include: [] }),
        ),
      fc
        .tuple(fc.constantFrom(...ARITH, ...CMP), of('vector'), of('scalar'), fc.boolean(), fc.boolean())
        .map(([op, v, s, b, swap]) => binary(op, swap ? s : v, swap ? v : s, b && CMP.includes(op))),
    );
    const aggregate = fc
      .record({
        op: fc.constantFrom(...AGGREGATE_OPS),
        expr: of('vector'),
        scalarParam: of('scalar'),
        stringParam: of('string'),
        grouping: labelList,
        without: fc.boolean(),
      })
      .map(({ op, expr, scalarParam, stringParam, grouping, without }): AggregateExpr => {
        const node: AggregateExpr = { type: 'AggregateExpr', op, expr, grouping, without, posRange: POS };
        if (op === 'count_values') node.param = stringParam;
        else if (['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio'].includes(op))
          node.param = scalarParam;
        return node;
      });
    const subquery = fc
      .record({
        expr: of('vector'),
        rangeMs: rangeArb,
        stepMs: fc.oneof(fc.constant(0), rangeArb),
        offsetMs: offsetArb,
        at: atArb,
      })
      .map(({ expr, rangeMs, stepMs, offsetMs, at }): Expr => {
        const node: Expr = { type: 'SubqueryExpr', expr, rangeMs, stepMs, offsetMs, posRange: POS };
        node.expr = paren(expr, node, 'subquery');
        if (at !== undefined) node.at = at;
        return node;
      });
    const matrixSelector = fc
      .tuple(vectorSelector, rangeArb)
      .map(([vs, rangeMs]): Expr => ({ type: 'MatrixSelector', vectorSelector: vs, rangeMs, posRange: POS }));
    const leafOr = (leaf: fc.Arbitrary<Expr>, ...rest: fc.Arbitrary<Expr>[]) =>
      fc.oneof({ depthSize: 'small', maxDepth: depth, withCrossShrink: true }, leaf, ...rest);
    return {
      scalar: leafOr(number, scalarBinary, callOf('scalar'), parenOf('scalar'), unary('scalar')),
      vector: leafOr(
        vectorSelector,
        vectorBinary,
        callOf('vector'),
        aggregate,
        parenOf('vector'),
        unary('vector'),
      ),
      matrix: leafOr(matrixSelector, subquery),
      string: fc.oneof(
        stringValue.map((value): Expr => ({ type: 'StringLiteral', value, posRange: POS })),
        parenOf('string'),
      ),
      any: fc.oneof(of('scalar'), of('vector'), of('matrix'), of('string')),
    };
  });
  return tie as unknown as ExprArbitraries;
}

/** Fragments of PromQL for building near-miss garbage. */
export const PROMQL_FRAGMENTS = [
  'foo',
  'sum',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  '@',
  'start()',
  'end()',
  'rate',
  'topk',
  'count_values',
  'and',
  'or',
  'unless',
  'atan2',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '=',
  '!=',
  '=~',
  '!~',
  '==',
  '>',
  '<=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '5m',
  '1h30m',
  '0x1f',
  '1e3',
  'Inf',
  'NaN',
  '"s"',
  "'s'",
  '`r`',
  '"\\x',
  '#c\n',
  ' ',
  '\n',
  'a="b"',
  '.',
  '1',
  '-1',
  '__name__',
  '"a.b"',
  '0',
  '1.5',
  '5mm',
];
