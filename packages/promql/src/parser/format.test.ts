import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from './ast.js';
import { format, formatNumber } from './format.js';
import { FUNCTIONS, type FunctionSignature } from './functions.js';
import { parse } from './parser.js';

const P = { start: 0, end: 0 };
const num = (value: number): Expr => ({ type: 'NumberLiteral', value, posRange: P });
const sel = (name: string): Expr => ({
  type: 'VectorSelector',
  name,
  matchers: [{ type: '=', name: '__name__', value: name }],
  offsetMs: 0,
  posRange: P,
});
const bin = (op: '+' | '*' | '^' | '-' | 'or' | 'and', lhs: Expr, rhs: Expr): Expr => ({
  type: 'BinaryExpr',
  op,
  lhs,
  rhs,
  returnBool: false,
  posRange: P,
});

describe('format: canonical text', () => {
  const CANONICAL: Array<[string, string]> = [
    [
      '  sum   BY(job,instance)(rate( foo{b="2",a="1"}[ 5m ] ))',
      'sum by (job, instance) (rate(foo{a="1",b="2"}[5m]))',
    ],
    ['foo{a=~"x"}+on(a)group_left(b)bar', 'foo{a=~"x"} + on (a) group_left (b) bar'],
    ['a>bool 1', 'a > bool 1'],
    ['x offset 120s', 'x offset 2m'],
    ['x offset 3600000ms', 'x offset 1h'],
    ['x[86400s]', 'x[1d]'],
    ['x[10d]', 'x[10d]'],
    ['x[14d]', 'x[2w]'],
    ['x[365d]', 'x[1y]'],
    ['x[366d]', 'x[366d]'],
    ['x[1h:60s]', 'x[1h:1m]'],
    ['{\'a.b\'="c"}', '{"a.b"="c"}'],
    ['{"a\\"b"}', '{"a\\"b"}'],
    ['{"on"}', '{"on"}'],
    ['{"Inf"}', '{"Inf"}'],
    ['{"sum"}', 'sum'],
    ['"\\u00a0\\u200b\\x7f"', '"\\u00a0\\u200b\\x7f"'],
    ['1 + 2 # comment', '1 + 2'],
  ];
  for (const [input, expected] of CANONICAL) {
    it(JSON.stringify(input), () => {
      const out = format(parse(input));
      assert.equal(out, expected);
      assert.equal(format(parse(out)), out, 'stable');
    });
  }

  it('prints numbers as Go does', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [-2.5, '-2.5'],
      [100000, '100000'],
      [999999, '999999'],
      [1000000, '1e+06'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [1e100, '1e+100'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [5e-324, '5e-324'],
      [Number.POSITIVE_INFINITY, '+Inf'],
      [Number.NEGATIVE_INFINITY, '-Inf'],
      [Number.NaN, 'NaN'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [v, s] of cases) assert.equal(formatNumber(v), s, String(v));
  });

  it('adds the parentheses a hand-built tree needs', () => {
    assert.equal(format(bin('*', bin('+', sel('a'), sel('b')), sel('c'))), '(a + b) * c');
    assert.equal(format(bin('-', sel('a'), bin('-', sel('b'), sel('c')))), 'a - (b - c)');
    assert.equal(format(bin('^', bin('^', sel('a'), sel('b')), sel('c'))), '(a ^ b) ^ c');
    assert.equal(format(bin('^', sel('a'), bin('^', sel('b'), sel('c')))), 'a ^ b ^ c');
    assert.equal(format(bin('^', num(-1), num(2))), '(-1) ^ 2');
    assert.equal(format(bin('and', bin('or', sel('a'), sel('b')), sel('c'))), '(a or b) and c');
    const neg: Expr = { type: 'UnaryExpr', op: '-', expr: bin('+', sel('a'), sel('b')), posRange: P };
    assert.equal(format(neg), '-(a + b)');
    assert.equal(format(bin('^', neg, num(2))), '(-(a + b)) ^ 2');
    const sq: Expr = {
      type: 'SubqueryExpr',
      expr: bin('+', sel('a'), num(1)),
      rangeMs: 60000,
      stepMs: 0,
      offsetMs: 0,
      posRange: P,
    };
    assert.equal(format(sq), '(a + 1)[1m:]');
    for (const e of [neg, sq]) assert.equal(format(parse(format(e))), format(e));
  });

  it('prints calls, aggregations and group modifiers like Prometheus', () => {
    const call: Expr = {
      type: 'Call',
      func: FUNCTIONS.clamp as FunctionSignature,
      args: [sel('x'), num(0), num(1)],
      posRange: P,
    };
    assert.equal(format(call), 'clamp(x, 0, 1)');
    assert.equal(format(parse('sum without () (x)')), 'sum without () (x)');
    assert.equal(format(parse('a * ignoring () group_left () b')), 'a * ignoring () group_left () b');
  });

  it('prints a long chain without deep recursion', () => {
    const text = Array.from({ length: 20000 }, (_, i) => `m${i}`).join(' + ');
    assert.equal(format(parse(text)), text);
  });
});
