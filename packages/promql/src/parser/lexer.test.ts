import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DurationError, formatDuration, parseDuration } from './duration.js';
import { Lexer, type Token } from './lexer.js';
import { parseNumberLiteral } from './numbers.js';
import { decodeQuoted, goQuote, isValidUtf8 } from './strings.js';

function tokens(text: string): Array<[string, string]> {
  const lexer = new Lexer(text);
  const out: Array<[string, string]> = [];
  for (let t: Token = lexer.next(); t.kind !== 'eof'; t = lexer.next()) {
    out.push([t.kind, t.text]);
    if (t.kind === 'error') break;
  }
  return out;
}

describe('lexer', () => {
  it('splits a query into tokens', () => {
    assert.deepEqual(tokens('sum by (a) (rate(x{b=~"c"}[5m:1m] offset -1h)) >= bool 0x1f # c'), [
      ['word', 'sum'],
      ['word', 'by'],
      ['(', '('],
      ['word', 'a'],
      [')', ')'],
      ['(', '('],
      ['word', 'rate'],
      ['(', '('],
      ['word', 'x'],
      ['{', '{'],
      ['word', 'b'],
      ['op', '=~'],
      ['string', 'c'],
      ['}', '}'],
      ['[', '['],
      ['duration', '5m'],
      [':', ':'],
      ['duration', '1m'],
      [']', ']'],
      ['word', 'offset'],
      ['op', '-'],
      ['duration', '1h'],
      [')', ')'],
      [')', ')'],
      ['op', '>='],
      ['word', 'bool'],
      ['number', '0x1f'],
    ]);
  });

  it('reads metric names with colons, and colons inside brackets as separators', () => {
    assert.deepEqual(tokens('a:b:c :d'), [
      ['word', 'a:b:c'],
      ['word', ':d'],
    ]);
    assert.deepEqual(tokens('x[5m:]'), [
      ['word', 'x'],
      ['[', '['],
      ['duration', '5m'],
      [':', ':'],
      [']', ']'],
    ]);
  });

  it('reads numbers and durations like Prometheus', () => {
    for (const n of ['1', '1.', '.5', '1e3', '1E-3', '0x1F', '0X_1f', '1_000', '0x1.8p1']) {
      assert.deepEqual(tokens(n), [['number', n]], n);
    }
    for (const d of ['5m', '1h30m', '1s500ms', '2w', '1y', '10ms', '1d2h3m4s5ms']) {
      assert.deepEqual(tokens(d), [['duration', d]], d);
    }
  });
});

describe('number literals', () => {
  it('follows Go ParseInt(base 0) then ParseFloat', () => {
    const cases: Array<[string, number]> = [
      ['0755', 493],
      ['08', 8],
      ['0x1f', 31],
      ['0X_1F', 31],
      ['1_000', 1000],
      ['1.5e3', 1500],
      ['0x1p-2', 0.25],
      ['0x1.8p1', 3],
      ['9223372036854775807', 2 ** 63],
      ['9223372036854775808', 2 ** 63],
      ['.5', 0.5],
      ['5.', 5],
    ];
    for (const [text, value] of cases) assert.equal(parseNumberLiteral(text), value, text);
    for (const bad of ['1__0', '_1', '1_', '0x', '1e', '0x1.8', '1e400']) {
      assert.equal(typeof parseNumberLiteral(bad), 'string', bad);
    }
  });
});

describe('durations', () => {
  it('parses every unit, largest first', () => {
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1y2w3d4h5m6s7ms'), 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_706_007);
    assert.equal(parseDuration('90s'), 90_000);
  });

  it('rejects what Prometheus rejects, with its wording', () => {
    const bad: Array<[string, string]> = [
      ['', 'empty duration string'],
      ['5m1h', 'not a valid duration string: "5m1h"'],
      ['5m5m', 'not a valid duration string: "5m5m"'],
      ['1.5h', 'unknown unit "." in duration "1.5h"'],
      ['5y1hs', 'unknown unit "hs" in duration "5y1hs"'],
      ['m', 'not a valid duration string: "m"'],
      ['5', 'not a valid duration string: "5"'],
      ['300y', 'duration out of range'],
    ];
    for (const [text, message] of bad) assert.throws(() => parseDuration(text), new DurationError(message));
  });

  it('prints canonically', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [1, '1ms'],
      [90_000, '1m30s'],
      [86_400_000, '1d'],
      [604_800_000, '1w'],
      [864_000_000, '10d'],
      [31_536_000_000, '1y'],
      [31_622_400_000, '366d'],
      [1_209_600_000, '2w'],
      [3_600_001, '1h1ms'],
      [-60_000, '-1m'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, text);
  });
});

describe('strings', () => {
  it('decodes Go escapes in double and single quotes, nothing in backticks', () => {
    const dec = (s: string) => decodeQuoted(s, 0).value;
    assert.equal(dec('"a\\"b\\n\\t\\\\"'), 'a"b\n\t\\');
    assert.equal(dec("'a\\'b'"), "a'b");
    assert.equal(dec('"\\101\\x41\\u0041\\U00000041"'), 'AAAA');
    assert.equal(dec('"\\xe2\\x98\\xba"'), '☺');
    assert.equal(dec('"\\xff"'), '\udcff');
    assert.equal(dec('`a\\nb`'), 'a\\nb');
    assert.throws(() => dec('"\\\'"'), /unknown escape sequence U\+0027/);
    assert.throws(() => dec("'\\\"'"), /unknown escape sequence U\+0022/);
  });

  it('quotes like Go strconv.Quote, and the lexer reads it back', () => {
    const cases: Array<[string, string]> = [
      ['plain', '"plain"'],
      ['a"b', '"a\\"b"'],
      ['é☺😀', '"é☺😀"'],
      ['\u0007\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
      ['\u0000', '"\\x00"'],
      ['\u00a0', '"\\u00a0"'],
      ['\udcc5', '"\\xc5"'],
      ["it's", '"it\'s"'],
    ];
    for (const [value, quoted] of cases) {
      assert.equal(goQuote(value), quoted);
      assert.equal(decodeQuoted(quoted, 0).value, value);
    }
    assert.equal(isValidUtf8('a\udcc5'), false);
    assert.equal(isValidUtf8('😀'), true);
  });
});
