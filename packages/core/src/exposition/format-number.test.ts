import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatGoFloat, formatOpenMetricsFloat, formatSecondsFromMs, formatValue } from './format-number.js';

/** How the Prometheus parsers read a number back (Go's ParseFloat accepts the same spellings). */
function parse(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

describe('formatValue', () => {
  it('spells special values as Prometheus does', () => {
    assert.equal(formatValue(Number.NaN), 'NaN');
    assert.equal(formatValue(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(formatValue(Number.NEGATIVE_INFINITY), '-Inf');
  });

  it('writes integers plainly and other numbers in the shortest round-trip form', () => {
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(-0), '0');
    assert.equal(formatValue(42), '42');
    assert.equal(formatValue(-7), '-7');
    assert.equal(formatValue(2 ** 40), '1099511627776');
    assert.equal(formatValue(0.1 + 0.2), '0.30000000000000004');
    assert.equal(formatValue(1e21), '1e+21');
    assert.equal(formatValue(5e-324), '5e-324');
  });

  it('round-trips every double (property)', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        // -0 is written as 0, as prom-client does; every other double comes back bit for bit.
        assert.equal(parse(formatValue(value)), Object.is(value, -0) ? 0 : value);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatGoFloat', () => {
  // Expected values are what Go's strconv.FormatFloat(f, 'g', -1, 64) prints.
  const cases: [number, string][] = [
    [0.005, '0.005'],
    [0.01, '0.01'],
    [0.25, '0.25'],
    [1, '1'],
    [2.5, '2.5'],
    [10, '10'],
    [100000, '100000'],
    [123456, '123456'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [-0.5, '-0.5'],
    [-2e6, '-2e+06'],
    [0, '0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ];
  for (const [value, expected] of cases) {
    it(`formats ${value} as ${expected}`, () => assert.equal(formatGoFloat(value), expected));
  }

  it('round-trips every finite double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        assert.equal(parse(formatGoFloat(value)), value);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatOpenMetricsFloat', () => {
  it('adds .0 to integral values as client_golang does, and leaves the rest as Go %g', () => {
    assert.equal(formatOpenMetricsFloat(1), '1.0');
    assert.equal(formatOpenMetricsFloat(0), '0.0');
    assert.equal(formatOpenMetricsFloat(-1), '-1.0');
    assert.equal(formatOpenMetricsFloat(10), '10.0');
    assert.equal(formatOpenMetricsFloat(0.005), '0.005');
    assert.equal(formatOpenMetricsFloat(1e6), '1e+06');
    assert.equal(formatOpenMetricsFloat(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(formatOpenMetricsFloat(Number.NaN), 'NaN');
  });
});

describe('formatSecondsFromMs', () => {
  it('converts milliseconds to seconds without float noise', () => {
    assert.equal(formatSecondsFromMs(1_700_000_000_123), '1700000000.123');
    assert.equal(formatSecondsFromMs(1_700_000_000_000), '1700000000');
    assert.equal(formatSecondsFromMs(1), '0.001');
  });
});
