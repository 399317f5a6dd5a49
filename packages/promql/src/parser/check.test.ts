import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from './parser.js';

/** Type and placement errors found after parsing: [input, full message]. */
const TYPE_ERRORS: Array<[string, string]> = [
  // Operands of binary operators.
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['1 or 1', '1:1: parse error: set operator "or" not allowed in binary scalar expression'],
  ['1 unless 1', '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ['foo and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo and bool 10', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['1 + foo[5m]', '1:5: parse error: binary expression must contain only scalar and instant vector types'],
  ['"a" + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['foo + on(a) 1', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo or on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "or" operation'],
  ['foo unless on(bar) group_right(baz) bar', '1:1: parse error: no grouping allowed for "unless" operation'],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    '1:35: parse error: label "instance" must not occur in ON and GROUP clause at once',
  ],
  // Unary operators and subqueries.
  [
    '-"string"',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"',
  ],
  [
    '-test[5m]',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
  ],
  ['foo[5m][10m:]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['"x"[5m:]', '1:1: parse error: subquery is only allowed on instant vector, got string instead'],
  // Aggregations.
  [
    'sum(foo[5m])',
    '1:5: parse error: expected type instant vector in aggregation expression, got range vector',
  ],
  ['sum(1)', '1:5: parse error: expected type instant vector in aggregation expression, got scalar'],
  [
    'topk(some_metric, other_metric)',
    '1:6: parse error: expected type scalar in aggregation parameter, got instant vector',
  ],
  ['quantile("a", foo)', '1:10: parse error: expected type scalar in aggregation parameter, got string'],
  ['limitk(foo, foo)', '1:8: parse error: expected type scalar in aggregation parameter, got instant vector'],
  ['limit_ratio("x", foo)', '1:13: parse error: expected type scalar in aggregation parameter, got string'],
  [
    'count_values(5, other_metric)',
    '1:14: parse error: expected type string in aggregation parameter, got scalar',
  ],
  ['sum()', '1:1: parse error: no arguments for aggregate expression provided'],
  ['sum () by (test)', '1:1: parse error: no arguments for aggregate expression provided'],
  [
    'sum(a, b)',
    '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2',
  ],
  [
    'topk(some_metric)',
    '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1',
  ],
  [
    'count_values(foo)',
    '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1',
  ],
  // Selectors.
  ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=""}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x!~".+"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x!="a"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=~"(?i).*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['foo{"bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['foo{a=~"("}', '1:5: parse error: error parsing regexp: /^(?:()$/s: Unterminated group'],
  ['foo{a=~"(?x)a"}', '1:5: parse error: error parsing regexp: /^(?:(?x)a)$/s: Invalid group'],
  ['foo{""="x"}', '1:5: parse error: invalid label name: ""'],
  ['sum by ("") (foo)', '1:9: parse error: invalid label name: ""'],
  // Ranges, offset and @ placement.
  ['(foo + bar)[5m]', '1:12: parse error: ranges only allowed for vector selectors'],
  ['rate(foo[5m])[5m]', '1:14: parse error: ranges only allowed for vector selectors'],
  ['some_metric OFFSET 1m[5m]', '1:22: parse error: no offset modifiers allowed before range'],
  ['some_metric @ 1234 [5m]', '1:20: parse error: no @ modifiers allowed before range'],
  [
    '1 offset 1d',
    '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  [
    '(foo) offset 1d',
    '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  ['foo offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times'],
  ['foo[5m] offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times'],
  [
    'rate(some_metric[5m]) @ 1234',
    '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  ['foo @ 1 @ 2', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['foo @ start() @ end()', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['foo @ +Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['foo @ -Inf', '1:1: parse error: timestamp out of bounds for @ modifier: -Inf'],
  ['foo @ NaN', '1:1: parse error: timestamp out of bounds for @ modifier: NaN'],
  [
    'foo @ 9223372036854775808.000000',
    '1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000',
  ],
];

describe('type checking', () => {
  for (const [input, message] of TYPE_ERRORS) {
    it(input, () => {
      assert.throws(() => parse(input), { name: 'PromQLParseError', message });
    });
  }

  it('accepts what Prometheus accepts', () => {
    const ok = [
      '1 > bool 1',
      'foo > 1',
      '1 < foo',
      'foo and on() bar',
      '1 + on() foo',
      'foo * on(a) group_left(b) bar',
      '{__name__=~"bar", __name__!~"baz"}',
      '{__name__="bar", __name__="baz"}',
      '{x=~"(?i)abc"}',
      'foo{x=~"(?i:PRO).*"}',
      'foo{x=~"a(?i)b[[:digit:]]"}',
      'count_values("v", foo)',
      'topk(scalar(foo), foo)',
      'foo offset 5m @ 10',
      'foo[5m:] offset 5m @ 10',
      '"plain string"',
      '-(1)',
      '+Inf',
    ];
    for (const text of ok) assert.doesNotThrow(() => parse(text), text);
  });
});
