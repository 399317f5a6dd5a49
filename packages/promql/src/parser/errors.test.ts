import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineColumn, PromQLParseError } from './errors.js';
import { parse } from './parser.js';

/** [input, full message]. Wording follows Prometheus's parser (its parse_test.go cases where they exist). */
const ERRORS: Array<[string, string]> = [
  // Lexer.
  ['', '1:1: parse error: no expression found in input'],
  ['# just a comment\n\n', '1:1: parse error: no expression found in input'],
  ['.', "1:1: parse error: unexpected character: '.'"],
  ['2.5.', '1:1: parse error: bad number or duration syntax: "2.5."'],
  ['100..4', '1:1: parse error: bad number or duration syntax: "100.."'],
  ['0deadbeef', '1:1: parse error: bad number or duration syntax: "0de"'],
  ['1 !~ 1', "1:3: parse error: unexpected character after '!': '~'"],
  ['1 =~ 1', "1:3: parse error: unexpected character after '=': '~'"],
  ['(1))', "1:5: parse error: unexpected right parenthesis ')'"],
  ['((1)', '1:5: parse error: unclosed left parenthesis'],
  ['(', '1:2: parse error: unclosed left parenthesis'],
  ['sum(', '1:5: parse error: unclosed left parenthesis'],
  ['}', "1:1: parse error: unexpected character: '}'"],
  ['some}', "1:5: parse error: unexpected character: '}'"],
  ['{', '1:2: parse error: unexpected end of input inside braces'],
  ['some{', '1:6: parse error: unexpected end of input inside braces'],
  ['foo{a*"b"}', "1:6: parse error: unexpected character inside braces: '*'"],
  ['foo{a>="b"}', "1:6: parse error: unexpected character inside braces: '>'"],
  ['some_metric{a:b="b"}', "1:14: parse error: unexpected character inside braces: ':'"],
  ['foo{1}', "1:5: parse error: unexpected character inside braces: '1'"],
  ['foo{{', "1:5: parse error: unexpected left brace '{'"],
  ['foo]', "1:4: parse error: unexpected right bracket ']'"],
  ['foo[5m', '1:7: parse error: unexpected end of input in duration expression'],
  ['foo{bar="baz"}[', '1:16: parse error: unexpected end of input in duration expression'],
  ['foo["5m"]', "1:5: parse error: unexpected character in duration expression: '\"'"],
  ['foo[5s x 5s]', "1:8: parse error: unexpected character: 'x', expected ':'"],
  ['foo[5m[', "1:7: parse error: unexpected left bracket '['"],
  ['"\\', '1:1: parse error: escape sequence not terminated'],
  ['"\\c"', "1:1: parse error: unknown escape sequence U+0063 'c'"],
  ['"\\x."', "1:1: parse error: illegal character U+002E '.' in escape sequence"],
  ['"\\ud800"', '1:1: parse error: escape sequence is an invalid Unicode code point'],
  ['"\\U00110000"', '1:1: parse error: escape sequence is an invalid Unicode code point'],
  ['"abc', '1:1: parse error: unterminated quoted string'],
  ['"ab\nc"', '1:1: parse error: unterminated quoted string'],
  ['`\\``', '1:4: parse error: unterminated raw string'],
  ['sum by ("foo)(x)', '1:9: parse error: unterminated quoted string'],
  ['"\ud800"', '1:1: parse error: invalid UTF-8 rune'],
  [
    '1e400',
    '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range',
  ],
  ['1__0', '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1__0": invalid syntax'],
  ['1e', '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax'],
  // Syntax.
  ['1+', '1:3: parse error: unexpected end of input'],
  ['1 /', '1:4: parse error: unexpected end of input'],
  ['*1', '1:1: parse error: unexpected <op:*>'],
  ['@@', '1:1: parse error: unexpected <op:@>'],
  ['-=', '1:2: parse error: unexpected "="'],
  ['++-++-+-+-<', '1:11: parse error: unexpected <op:<>'],
  ['e-+=/(0)', '1:4: parse error: unexpected "="'],
  ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
  ['foo 1', '1:5: parse error: unexpected number "1"'],
  ['foo "averyveryverylongstring"', '1:5: parse error: unexpected string "\\"averyvery"...'],
  ['()', '1:2: parse error: unexpected ")"'],
  ['foo bool', '1:5: parse error: unexpected <bool>'],
  ['on', '1:1: parse error: unexpected <on>'],
  ['a - on(b) ignoring(c) d', '1:11: parse error: unexpected <ignoring>'],
  ['a * group_left b', '1:5: parse error: unexpected <group_left>'],
  ['a > on(x) bool b', '1:11: parse error: unexpected <bool>'],
  ['a + on b', '1:8: parse error: unexpected identifier "b" in grouping opts, expected "("'],
  ['a + on(1) b', '1:8: parse error: unexpected number "1" in grouping opts, expected label'],
  ['a + on(x y) b', '1:10: parse error: unexpected identifier "y" in grouping opts, expected "," or ")"'],
  ['sum without(==)(some_metric)', '1:13: parse error: unexpected <op:==> in grouping opts, expected label'],
  ['sum without(,)(some_metric)', '1:13: parse error: unexpected "," in grouping opts, expected label'],
  ['sum without(foo,,)(some_metric)', '1:17: parse error: unexpected "," in grouping opts, expected label'],
  [
    'sum by (a:b) (x)',
    '1:9: parse error: unexpected metric identifier "a:b" in grouping opts, expected label',
  ],
  ['sum some_metric by (test)', '1:5: parse error: unexpected identifier "some_metric"'],
  [
    'sum (some_metric) by test',
    '1:22: parse error: unexpected identifier "test" in grouping opts, expected "("',
  ],
  ['MIN keep_common (some_metric)', '1:5: parse error: unexpected identifier "keep_common"'],
  ['sum (some_metric) without (test) by (test)', '1:34: parse error: unexpected <by>'],
  ['sum by (a) x', '1:12: parse error: unexpected identifier "x" in aggregation'],
  ['some_metric{a=b}', '1:15: parse error: unexpected identifier "b" in label matching, expected string'],
  ['foo{gibberish}', '1:14: parse error: unexpected "}" in label matching, expected label matching operator'],
  ['foo{__name__= =}', '1:15: parse error: unexpected "=" in label matching, expected string'],
  ['foo{,}', '1:5: parse error: unexpected "," in label matching, expected identifier or "}"'],
  ['foo{__name__ == "bar"}', '1:15: parse error: unexpected "=" in label matching, expected string'],
  [
    'foo{__name__="bar" lol}',
    '1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"',
  ],
  ['foo{"a"=}', '1:9: parse error: unexpected "}" in label matching, expected string'],
  ['foo[]', '1:5: parse error: unexpected "]" in subquery or range selector, expected number or duration'],
  ['foo[5m 1m]', '1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]"'],
  ['foo[5m:1m 1m]', '1:11: parse error: unexpected duration "1m" in subquery selector, expected "]"'],
  ['foo[5m1]', '1:5: parse error: bad number or duration syntax: "5m1"'],
  ['foo[5mm]', '1:5: parse error: bad number or duration syntax: "5mm"'],
  ['foo[5m:1m1]', '1:8: parse error: bad number or duration syntax: "1m1"'],
  ['foo[5y1hs]', '1:5: parse error: unknown unit "hs" in duration "5y1hs"'],
  ['foo[5m1h]', '1:5: parse error: not a valid duration string: "5m1h"'],
  ['foo[5m1m]', '1:5: parse error: not a valid duration string: "5m1m"'],
  ['foo[0m]', '1:5: parse error: duration must be greater than 0'],
  ['foo[-1]', '1:5: parse error: duration must be greater than 0'],
  ['foo[9.5e10]', '1:5: parse error: duration out of range'],
  ['some_metric[5m] OFFSET 1mm', '1:24: parse error: bad number or duration syntax: "1mm"'],
  [
    'some_metric[5m] OFFSET',
    '1:23: parse error: unexpected end of input in offset, expected number or duration',
  ],
  ['foo offset 9.5e10', '1:12: parse error: duration out of range'],
  ['some_metric[5m] @', '1:18: parse error: unexpected end of input in @, expected timestamp'],
  ['foo @ start', '1:12: parse error: unexpected end of input in @, expected timestamp'],
  ['trailing(', '1:10: parse error: unclosed left parenthesis'],
  ['rate(foo[5m],)', '1:13: parse error: trailing commas not allowed in function call args'],
  ['topk(some_metric,)', '1:17: parse error: trailing commas not allowed in function call args'],
  ['rate(foo bar)', '1:10: parse error: unexpected identifier "bar"'],
  // Multi-line positions.
  ['sum(\n  rate(foo[5m]\n  bar)', '3:3: parse error: unexpected identifier "bar"'],
  ['foo\n  + \n  {a=b}', '3:6: parse error: unexpected identifier "b" in label matching, expected string'],
  ['# comment\nfoo +', '2:6: parse error: unexpected end of input'],
  ['"héllo" +\n  ☺', "2:3: parse error: unexpected character: '☺'"],
];

describe('parse errors: what was expected, and where', () => {
  for (const [input, message] of ERRORS) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parse(input),
        (err: unknown) => {
          assert.ok(err instanceof PromQLParseError, `not a PromQLParseError: ${String(err)}`);
          assert.equal(err.message, message);
          const m = /^(\d+):(\d+): parse error: (.*)$/s.exec(message);
          assert.ok(m);
          assert.equal(err.line, Number(m[1]));
          assert.equal(err.column, Number(m[2]));
          assert.equal(err.detail, m[3]);
          assert.deepEqual(lineColumn(input, err.position), { line: err.line, column: err.column });
          return true;
        },
      );
    });
  }

  it('counts columns in code points, not UTF-16 units', () => {
    assert.deepEqual(lineColumn('😀😀x', 4), { line: 1, column: 3 });
    assert.throws(() => parse('"😀" +'), { message: '1:6: parse error: unexpected end of input' });
  });

  it('reports an over-deep nesting as a parse error, not a stack overflow', () => {
    const deep = `${'('.repeat(20000)}1${')'.repeat(20000)}`;
    assert.throws(() => parse(deep), PromQLParseError);
  });
});
