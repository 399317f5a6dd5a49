import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AggregateExpr,
  BinaryExpr,
  Call,
  MatrixSelector,
  SubqueryExpr,
  UnaryExpr,
  VectorSelector,
} from './ast.js';
import { exprType } from './ast.js';
import { format } from './format.js';
import { parse } from './parser.js';

/** [input, canonical output] — the parse must succeed and print as given. */
const GRAMMAR: Array<[string, string]> = [
  // Number and string literals.
  ['1', '1'],
  ['.5', '0.5'],
  ['5.', '5'],
  ['5e-3', '0.005'],
  ['5E3', '5000'],
  ['0x1f', '31'],
  ['0X1F', '31'],
  ['0755', '493'],
  ['08', '8'],
  ['1_000', '1000'],
  ['0x1p-2', '0.25'],
  ['Inf', '+Inf'],
  ['+inf', '+Inf'],
  ['-Inf', '-Inf'],
  ['NaN', 'NaN'],
  ['nan', 'NaN'],
  ['1e6', '1e+06'],
  ['123456', '123456'],
  ['0.0001', '0.0001'],
  ['0.00001', '1e-05'],
  ['1h', '3600'],
  ['1h30m', '5400'],
  ['500ms', '0.5'],
  ['"double \\" quoted"', '"double \\" quoted"'],
  ["'single \\' quoted'", '"single \' quoted"'],
  ['`raw \\n string`', '"raw \\\\n string"'],
  ['"\\a\\b\\f\\n\\r\\t\\v\\\\"', '"\\a\\b\\f\\n\\r\\t\\v\\\\"'],
  ['"\\u263a\\U0001F600\\101"', '"☺😀A"'],
  ['"\\xff"', '"\\xff"'],
  ['"\\xc3\\xa9"', '"é"'],
  // Vector selectors and the four matcher kinds.
  ['foo', 'foo'],
  ['foo:bar:baz', 'foo:bar:baz'],
  [':foo', ':foo'],
  ['foo{}', 'foo'],
  ['foo{b="1", a!="2", c=~"x.*", d!~"y",}', 'foo{a!="2",b="1",c=~"x.*",d!~"y"}'],
  ['{__name__="foo"}', '{__name__="foo"}'],
  ['{__name__=~"foo|bar"}', '{__name__=~"foo|bar"}'],
  ['{"foo"}', 'foo'],
  ['{"my.metric", "label.name"="v"}', '{"my.metric","label.name"="v"}'],
  ['{"bar", __name__="baz"}', '{__name__="bar",__name__="baz"}'],
  ['{a="1"}', '{a="1"}'],
  ['foo{by="x", offset="y", sum="z", nan="n"}', 'foo{by="x",nan="n",offset="y",sum="z"}'],
  ['sum', 'sum'],
  ['offset', 'offset'],
  ['by', 'by'],
  ['start', 'start'],
  ['sum{a="b"}', 'sum{a="b"}'],
  ['foo{a=`x\\y`}', 'foo{a="x\\\\y"}'],
  ['foo # a comment', 'foo'],
  ['# comment\nfoo\n# another', 'foo'],
  // Range selectors, offset and @.
  ['foo[5m]', 'foo[5m]'],
  ['foo[90s]', 'foo[1m30s]'],
  ['foo[1h30m]', 'foo[1h30m]'],
  ['foo[300]', 'foo[5m]'],
  ['foo[1.5]', 'foo[1s500ms]'],
  ['foo[2w]', 'foo[2w]'],
  ['foo[14d]', 'foo[2w]'],
  ['foo[1y]', 'foo[1y]'],
  ['foo offset 5m', 'foo offset 5m'],
  ['foo OFFSET -1h30m', 'foo offset -1h30m'],
  ['foo offset 0s', 'foo'],
  ['foo offset 60', 'foo offset 1m'],
  ['foo[5m] offset 1m', 'foo[5m] offset 1m'],
  ['foo @ 100', 'foo @ 100.000'],
  ['foo @ -1.5', 'foo @ -1.500'],
  ['foo @ 3.3335', 'foo @ 3.334'],
  ['foo @ 1m', 'foo @ 60.000'],
  ['foo @ start()', 'foo @ start()'],
  ['foo @ END()', 'foo @ end()'],
  ['foo offset 5m @ 100', 'foo @ 100.000 offset 5m'],
  ['foo @ 100 offset 5m', 'foo @ 100.000 offset 5m'],
  ['foo[5m] @ end() offset -1m', 'foo[5m] @ end() offset -1m'],
  // Subqueries.
  ['foo[5m:]', 'foo[5m:]'],
  ['foo[5m:1m]', 'foo[5m:1m]'],
  ['rate(foo[5m])[30m:1m]', 'rate(foo[5m])[30m:1m]'],
  ['(a + b)[5m:] offset 1m @ start()', '(a + b)[5m:] @ start() offset 1m'],
  ['foo offset 1m [5m:]', 'foo offset 1m[5m:]'],
  [
    'min_over_time(rate(foo[2s])[5m:] offset 4m)[4m:3s]',
    'min_over_time(rate(foo[2s])[5m:] offset 4m)[4m:3s]',
  ],
  // Aggregations.
  ['sum(foo)', 'sum(foo)'],
  ['SUM(foo)', 'sum(foo)'],
  ['sum by (a, b) (foo)', 'sum by (a, b) (foo)'],
  ['sum(foo) by (a)', 'sum by (a) (foo)'],
  ['sum without (a) (foo)', 'sum without (a) (foo)'],
  ['sum(foo) without ()', 'sum without () (foo)'],
  ['sum by () (foo)', 'sum(foo)'],
  ['sum by (a,) (foo)', 'sum by (a) (foo)'],
  ['sum by (and, by, offset, on, bool) (foo)', 'sum by (and, by, offset, on, bool) (foo)'],
  ['sum by ("foo bar", \'baz\') (foo)', 'sum by ("foo bar", baz) (foo)'],
  ['topk(5, foo)', 'topk(5, foo)'],
  ['bottomk by (a) (2, foo)', 'bottomk by (a) (2, foo)'],
  ['quantile(0.9, foo)', 'quantile(0.9, foo)'],
  ['count_values("value", foo)', 'count_values("value", foo)'],
  ['limitk(3, foo)', 'limitk(3, foo)'],
  ['limit_ratio(-0.5, foo)', 'limit_ratio(-0.5, foo)'],
  ['group(foo)', 'group(foo)'],
  ['stddev(foo) + stdvar(foo)', 'stddev(foo) + stdvar(foo)'],
  ['sum(sum)', 'sum(sum)'],
  // Functions.
  ['time()', 'time()'],
  ['rate(foo[5m])', 'rate(foo[5m])'],
  ['round(foo)', 'round(foo)'],
  ['round(foo, 5)', 'round(foo, 5)'],
  ['label_join(foo, "dst", ",", "a", "b", "c")', 'label_join(foo, "dst", ",", "a", "b", "c")'],
  [
    'histogram_quantile(0.9, sum by (le) (rate(x[5m])))',
    'histogram_quantile(0.9, sum by (le) (rate(x[5m])))',
  ],
  ['start() + end() + step() + range()', 'start() + end() + step() + range()'],
  // Binary operators, precedence and associativity.
  ['1 + 2 * 3', '1 + 2 * 3'],
  ['(1 + 2) * 3', '(1 + 2) * 3'],
  ['1 - 2 - 3', '1 - 2 - 3'],
  ['2 ^ 3 ^ 2', '2 ^ 3 ^ 2'],
  ['a or b and c unless d', 'a or b and c unless d'],
  ['a > b + c', 'a > b + c'],
  ['a atan2 b', 'a atan2 b'],
  ['a ATAN2 b', 'a atan2 b'],
  ['a AND b', 'a and b'],
  ['a % b / c', 'a % b / c'],
  ['1 > bool 2', '1 > bool 2'],
  ['a == bool b', 'a == bool b'],
  ['a * on (x) b', 'a * on (x) b'],
  ['a * on () b', 'a * on () b'],
  ['a * ignoring (x, y) b', 'a * ignoring (x, y) b'],
  ['a * ignoring () b', 'a * b'],
  ['a * on(x) group_left b', 'a * on (x) group_left () b'],
  ['a * on(x) group_left(y, z) b', 'a * on (x) group_left (y, z) b'],
  ['a / ignoring(x) group_right(y) b', 'a / ignoring (x) group_right (y) b'],
  ['a > bool on(x) group_left(y) b', 'a > bool on (x) group_left (y) b'],
  ['a and on(x) b', 'a and on (x) b'],
  ['a or ignoring(x) b', 'a or ignoring (x) b'],
  ['a + on("x.y") b', 'a + on ("x.y") b'],
  ['a - sum', 'a - sum'],
  // Unary minus and parentheses.
  ['-1', '-1'],
  ['+1', '1'],
  ['-foo', '-foo'],
  ['+foo', '+foo'],
  ['- - foo', '--foo'],
  ['--1', '1'],
  ['-1 ^ 2', '-1 ^ 2'],
  ['(-1) ^ 2', '(-1) ^ 2'],
  ['-foo ^ 2', '-foo ^ 2'],
  ['2 ^ -1', '2 ^ -1'],
  ['-(1 + 2)', '-(1 + 2)'],
  ['((foo))', '((foo))'],
  ['-foo offset 5m', '-foo offset 5m'],
  ['-rate(foo[5m])', '-rate(foo[5m])'],
];

describe('parser: grammar', () => {
  for (const [input, expected] of GRAMMAR) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => {
      assert.equal(format(parse(input)), expected);
    });
  }
});

describe('parser: tree shapes', () => {
  it('puts the __name__ matcher first and keeps the name', () => {
    const vs = parse('foo{a="b"}') as VectorSelector;
    assert.equal(vs.name, 'foo');
    assert.deepEqual(vs.matchers, [
      { type: '=', name: '__name__', value: 'foo' },
      { type: '=', name: 'a', value: 'b' },
    ]);
    assert.deepEqual(vs.posRange, { start: 0, end: 10 });
  });

  it('reads a quoted name in braces as the metric name', () => {
    const vs = parse('{a="b", "my.metric"}') as VectorSelector;
    assert.equal(vs.name, 'my.metric');
    assert.deepEqual(vs.matchers[0], { type: '=', name: '__name__', value: 'my.metric' });
  });

  it('stores offset and @ in milliseconds, on the selector under a range', () => {
    const ms = parse('foo[5m] offset -1h30m @ 1603774568.5') as MatrixSelector;
    assert.equal(ms.type, 'MatrixSelector');
    assert.equal(ms.rangeMs, 300_000);
    assert.equal(ms.vectorSelector.offsetMs, -5_400_000);
    assert.equal(ms.vectorSelector.at, 1_603_774_568_500);
    assert.deepEqual(ms.posRange, { start: 0, end: 36 });
  });

  it('parses subqueries with and without a step', () => {
    const sq = parse('rate(foo[1m])[1h:5m] @ end() offset 10m') as SubqueryExpr;
    assert.equal(sq.type, 'SubqueryExpr');
    assert.equal(sq.rangeMs, 3_600_000);
    assert.equal(sq.stepMs, 300_000);
    assert.equal(sq.at, 'end');
    assert.equal(sq.offsetMs, 600_000);
    assert.equal((parse('foo[5m:]') as SubqueryExpr).stepMs, 0);
  });

  it('gives binary operators Prometheus precedence and associativity', () => {
    const e = parse('a + b * c ^ d ^ e') as BinaryExpr;
    assert.equal(e.op, '+');
    const mul = e.rhs as BinaryExpr;
    assert.equal(mul.op, '*');
    const pow = mul.rhs as BinaryExpr;
    assert.equal(pow.op, '^');
    assert.equal((pow.rhs as BinaryExpr).op, '^', '^ is right-associative');
    const sub = parse('a - b - c') as BinaryExpr;
    assert.equal((sub.lhs as BinaryExpr).op, '-', '- is left-associative');
    const cmp = parse('a == b != c') as BinaryExpr;
    assert.equal((cmp.lhs as BinaryExpr).op, '==', 'comparisons are left-associative');
  });

  it('binds unary minus like multiplication', () => {
    const pow = parse('-a ^ b') as UnaryExpr;
    assert.equal(pow.type, 'UnaryExpr');
    assert.equal((pow.expr as BinaryExpr).op, '^');
    const mul = parse('-a * b') as BinaryExpr;
    assert.equal(mul.op, '*');
    assert.equal(mul.lhs.type, 'UnaryExpr');
    assert.deepEqual(parse('-1'), { type: 'NumberLiteral', value: -1, posRange: { start: 0, end: 2 } });
  });

  it('sets vector matching only between two instant vectors', () => {
    const vv = parse('a * on(x) group_left(y) b') as BinaryExpr;
    assert.deepEqual(vv.matching, { card: 'many-to-one', on: true, labels: ['x'], include: ['y'] });
    assert.deepEqual((parse('a and b') as BinaryExpr).matching, {
      card: 'many-to-many',
      on: false,
      labels: [],
      include: [],
    });
    assert.deepEqual((parse('a + b') as BinaryExpr).matching?.card, 'one-to-one');
    assert.equal((parse('a + 1') as BinaryExpr).matching, undefined);
    assert.equal((parse('1 + 1') as BinaryExpr).matching, undefined);
  });

  it('accepts the grouping clause before or after the argument', () => {
    const before = parse('sum without (a) (foo)') as AggregateExpr;
    const after = parse('sum(foo) without (a)') as AggregateExpr;
    assert.deepEqual([before.grouping, before.without], [['a'], true]);
    assert.deepEqual([after.grouping, after.without], [['a'], true]);
    const topk = parse('topk by (x) (3, foo)') as AggregateExpr;
    assert.equal(topk.param?.type, 'NumberLiteral');
    assert.equal(topk.expr.type, 'VectorSelector');
  });

  it('resolves calls to their signature', () => {
    const call = parse('label_replace(foo, "dst", "$1", "src", "(.*)")') as Call;
    assert.equal(call.func.name, 'label_replace');
    assert.equal(call.args.length, 5);
    assert.deepEqual(call.posRange, { start: 0, end: 46 });
  });

  it('types expressions', () => {
    const cases: Array<[string, string]> = [
      ['1', 'scalar'],
      ['"s"', 'string'],
      ['foo', 'vector'],
      ['foo[5m]', 'matrix'],
      ['foo[5m:]', 'matrix'],
      ['1 + 1', 'scalar'],
      ['1 + foo', 'vector'],
      ['scalar(foo)', 'scalar'],
      ['-(foo)', 'vector'],
      ['sum(foo)', 'vector'],
    ];
    for (const [input, type] of cases) assert.equal(exprType(parse(input)), type, input);
  });

  it('reads invalid UTF-8 escapes losslessly', () => {
    const s = parse('"a\\xc5z"');
    assert.deepEqual(s, { type: 'StringLiteral', value: 'a\udcc5z', posRange: { start: 0, end: 8 } });
  });

  it('parses long flat expressions quickly', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `m${i}{job="x"}`).join(' + ');
    const e = parse(text);
    assert.equal(e.type, 'BinaryExpr');
  });
});
