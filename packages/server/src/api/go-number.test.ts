import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatApiTimestamp, formatGoFloat, parseGoFloat, parseGoInt } from './go-number.js';

test('sample values are spelled as Go strconv.FormatFloat(v, f/e, -1, 64) spells them', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [1e-6, '0.000001'],
    [1e-7, '1e-07'],
    [1.5e-7, '1.5e-07'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [123456789.125, '123456789.125'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
  ];
  for (const [v, want] of cases) assert.equal(formatGoFloat(v), want, `formatGoFloat(${v})`);
});

test('formatted values read back to the same number', () => {
  fc.assert(
    fc.property(fc.double(), (v) => {
      const back = parseGoFloat(formatGoFloat(v));
      assert.ok(Object.is(back, v) || (Number.isNaN(v) && Number.isNaN(back)), `${v} -> ${formatGoFloat(v)}`);
    }),
  );
});

test('timestamps are unix seconds with three decimals when there are milliseconds', () => {
  assert.equal(formatApiTimestamp(1_700_000_000_000), '1700000000');
  assert.equal(formatApiTimestamp(1_500), '1.500');
  assert.equal(formatApiTimestamp(1_005), '1.005');
  assert.equal(formatApiTimestamp(-250), '-0.250');
  assert.equal(formatApiTimestamp(-1_500), '-1.500');
  assert.equal(formatApiTimestamp(0), '0');
});

test('parseGoFloat takes what Go strconv.ParseFloat takes', () => {
  const ok: [string, number][] = [
    ['1', 1],
    ['+1.5', 1.5],
    ['-.5', -0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['1_000', 1000],
    ['0x1p4', 16],
    ['0x1.8p1', 3],
    ['-0X10P-4', -1],
    ['inf', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['+INF', Number.POSITIVE_INFINITY],
  ];
  for (const [text, want] of ok) assert.equal(parseGoFloat(text), want, text);
  assert.ok(Number.isNaN(parseGoFloat('NaN')));
  for (const bad of [
    '',
    ' 1',
    '1 ',
    '1e',
    'e1',
    '.',
    '1..2',
    '_1',
    '1_',
    '1__0',
    '0x',
    '0x1',
    '1e400',
    '-1e999',
    'abc',
    '1,5',
  ]) {
    assert.equal(parseGoFloat(bad), undefined, JSON.stringify(bad));
  }
});

test('parseGoInt takes decimal integers only', () => {
  assert.equal(parseGoInt('42'), 42);
  assert.equal(parseGoInt('+7'), 7);
  assert.equal(parseGoInt('-007'), -7);
  for (const bad of ['', '1.0', '1e3', ' 1', '0x10', '99999999999999999999'])
    assert.equal(parseGoInt(bad), undefined, bad);
});
