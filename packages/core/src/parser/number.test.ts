import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpenMetricsTimestampMs, parsePrometheusTimestamp, parseValue } from './number.js';

const value = (s: string) => parseValue(s, 0, s.length);

describe('parseValue (Go ParseFloat / OpenMetrics number)', () => {
  it('accepts decimal forms, signs, exponents and leading zeros', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['42', 42],
      ['-7', -7],
      ['+7', 7],
      ['1.5', 1.5],
      ['.5', 0.5],
      ['5.', 5],
      ['-.5e-3', -0.0005],
      ['1e5', 100000],
      ['1E+05', 100000],
      ['00012', 12],
      ['0000000000000000000000000000000000000000001.2e-1', 0.12],
      ['9223372036854775808', 2 ** 63],
      ['123456789012345', 123456789012345],
      ['1234567890123456789', Number('1234567890123456789')],
    ];
    for (const [text, expected] of cases) assert.equal(value(text), expected, text);
    assert.ok(Object.is(value('-0'), -0));
  });

  it('accepts Inf, Infinity and NaN in any case, a sign only before Inf', () => {
    for (const s of ['Inf', '+Inf', 'inf', 'INF', 'Infinity', '+infinity', 'iNfInItY']) {
      assert.equal(value(s), Number.POSITIVE_INFINITY, s);
    }
    for (const s of ['-Inf', '-infinity']) assert.equal(value(s), Number.NEGATIVE_INFINITY, s);
    for (const s of ['NaN', 'nan', 'NAN', 'Nan']) assert.ok(Number.isNaN(value(s)), s);
  });

  it('refuses hex, binary, octal, separators, partial words, blanks and out-of-range literals', () => {
    for (const s of [
      '',
      '+',
      '-',
      '.',
      'e5',
      '1e',
      '1e+',
      '1.2.3',
      '0x1',
      '0x1p-3',
      '0X1P-3',
      '0b1',
      '0o1',
      '0O1',
      '1_000',
      '+nan',
      '-NaN',
      'infinit',
      'infinityy',
      'in',
      ' 1',
      '1 ',
      '1\t',
      '1e400',
      '-1e400',
      '１',
    ]) {
      assert.equal(value(s), undefined, JSON.stringify(s));
    }
  });

  it('reads only the given range of a longer string', () => {
    assert.equal(parseValue('a 12 b', 2, 4), 12);
    assert.equal(parseValue('x1.5e3y', 1, 6), 1500);
  });
});

describe('parsePrometheusTimestamp', () => {
  const ts = (s: string) => parsePrometheusTimestamp(s, 0, s.length);
  it('reads int64 milliseconds', () => {
    assert.equal(ts('0'), 0);
    assert.equal(ts('1700000000123'), 1700000000123);
    assert.equal(ts('9223372036854775807'), 2 ** 63);
  });
  it('refuses signs, fractions, and values beyond int64', () => {
    for (const s of ['', '-1', '+1', '1.5', '1e3', '9223372036854775808', '99999999999999999999']) {
      assert.equal(ts(s), undefined, s);
    }
  });
});

describe('parseOpenMetricsTimestampMs', () => {
  const ms = (s: string) => parseOpenMetricsTimestampMs(s, 0, s.length);
  it('converts seconds to milliseconds without float error', () => {
    assert.equal(ms('1'), 1000);
    assert.equal(ms('000'), 0);
    assert.equal(ms('1.1'), 1100);
    assert.equal(ms('1.5e3'), 1500000);
    assert.equal(ms('1700000000.123'), 1700000000123);
    assert.equal(ms('-1.25'), -1250);
    assert.equal(ms('123.456E-2'), 1234.56);
    assert.equal(ms('12345678901234567890.1234567890'), 1.2345678901234568e22);
  });
  it('refuses Inf, NaN, hex and garbage', () => {
    for (const s of ['', 'Inf', '-Inf', 'NaN', '0x1p-3', '1z', '1.1.1', '1e999'])
      assert.equal(ms(s), undefined, s);
  });
});
