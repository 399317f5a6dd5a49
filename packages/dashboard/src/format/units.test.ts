import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatAxisTicks, formatSignificant, formatValue } from './units.js';

describe('formatValue', () => {
  test('seconds pick the largest unit the value reaches', () => {
    assert.equal(formatValue(0.000000042, 'seconds'), '42 ns');
    assert.equal(formatValue(0.0000153, 'seconds'), '15.3 µs');
    assert.equal(formatValue(0.1234, 'seconds'), '123 ms');
    assert.equal(formatValue(1.5, 'seconds'), '1.5 s');
    assert.equal(formatValue(90, 'seconds'), '1.5 min');
    assert.equal(formatValue(7200, 'seconds'), '2 h');
    assert.equal(formatValue(0, 'seconds'), '0 s');
    assert.equal(formatValue(-0.25, 'seconds'), '-250 ms');
    assert.equal(formatValue(250, 'milliseconds'), '250 ms');
  });

  test('rounding up into the next unit shows that unit', () => {
    assert.equal(formatValue(0.9999, 'seconds'), '1 s');
    assert.equal(formatValue(1023.9, 'bytes'), '1 KiB');
  });

  test('bytes are 1024-based', () => {
    assert.equal(formatValue(512, 'bytes'), '512 B');
    assert.equal(formatValue(1536, 'bytes'), '1.5 KiB');
    assert.equal(formatValue(5 * 1024 ** 2, 'bytes'), '5 MiB');
    assert.equal(formatValue(1.25 * 1024 ** 3, 'bytes'), '1.25 GiB');
    assert.equal(formatValue(2048, 'bytes_per_second'), '2 KiB/s');
  });

  test('percent is shown as is, ratio times 100', () => {
    assert.equal(formatValue(12.345, 'percent'), '12.3%');
    assert.equal(formatValue(0.0523, 'ratio'), '5.23%');
    assert.equal(formatValue(1, 'ratio'), '100%');
    assert.equal(formatValue(1.5, 'ratio'), '150%');
  });

  test('rates and counts use SI prefixes', () => {
    assert.equal(formatValue(0.05, 'per_second'), '0.05/s');
    assert.equal(formatValue(12.34, 'per_second'), '12.3/s');
    assert.equal(formatValue(1234, 'per_second'), '1.23k/s');
    assert.equal(formatValue(3_400_000, 'count'), '3.4M');
    assert.equal(formatValue(999, 'count'), '999');
    assert.equal(formatValue(42, undefined), '42');
  });

  test('gaps and special values', () => {
    assert.equal(formatValue(null, 'seconds'), '—');
    assert.equal(formatValue(Number.POSITIVE_INFINITY, 'seconds'), '+Inf');
    assert.equal(formatValue(Number.NEGATIVE_INFINITY), '-Inf');
  });

  test('NaN (0/0, e.g. an error ratio without requests) is shown as missing in every unit', () => {
    const units = [
      undefined,
      'none',
      'count',
      'seconds',
      'milliseconds',
      'bytes',
      'bytes_per_second',
      'percent',
      'ratio',
      'per_second',
    ] as const;
    for (const unit of units) {
      assert.equal(formatValue(Number.NaN, unit), '—', String(unit));
      assert.equal(formatValue(0 / 0, unit), formatValue(null, unit), String(unit));
    }
    assert.equal(formatValue(Number.parseFloat('NaN'), 'ratio'), '—');
  });

  test('significant digits', () => {
    assert.equal(formatSignificant(123.456), '123');
    assert.equal(formatSignificant(0.004237), '0.00424');
    assert.equal(formatSignificant(1.5), '1.5');
    assert.equal(formatSignificant(0), '0');
  });
});

describe('formatAxisTicks', () => {
  test('one unit for all ticks, chosen by the largest', () => {
    assert.deepEqual(formatAxisTicks([0, 0.25, 0.5, 0.75], 'seconds'), [
      '0 ms',
      '250 ms',
      '500 ms',
      '750 ms',
    ]);
    assert.deepEqual(formatAxisTicks([0, 0.5, 1, 1.5], 'seconds'), ['0.0 s', '0.5 s', '1.0 s', '1.5 s']);
  });

  test('bytes and rates', () => {
    const mib = 1024 ** 2;
    assert.deepEqual(formatAxisTicks([0, 50 * mib, 100 * mib], 'bytes'), ['0 MiB', '50 MiB', '100 MiB']);
    assert.deepEqual(formatAxisTicks([0, 500, 1000, 1500], 'per_second'), [
      '0.0k/s',
      '0.5k/s',
      '1.0k/s',
      '1.5k/s',
    ]);
    assert.deepEqual(formatAxisTicks([0, 0.2, 0.4], 'per_second'), ['0.0/s', '0.2/s', '0.4/s']);
  });

  test('ratios as percent', () => {
    assert.deepEqual(formatAxisTicks([0, 0.25, 0.5], 'ratio'), ['0%', '25%', '50%']);
    assert.deepEqual(formatAxisTicks([0, 0.005, 0.01], 'ratio'), ['0.0%', '0.5%', '1.0%']);
    assert.deepEqual(formatAxisTicks([0.025, 0.05, 0.075, 0.1], 'ratio'), ['2.5%', '5.0%', '7.5%', '10.0%']);
    assert.deepEqual(formatAxisTicks([0.1, 0.2, 0.30000000000000004], 'ratio'), ['10%', '20%', '30%']);
  });

  test('a single tick or no finite ticks', () => {
    assert.deepEqual(formatAxisTicks([3], 'count'), ['3']);
    assert.deepEqual(formatAxisTicks([], 'count'), []);
    assert.deepEqual(formatAxisTicks([Number.NaN], 'ratio'), ['—']);
    assert.deepEqual(formatAxisTicks([0, Number.NaN, 0.5], 'ratio'), ['0%', '—', '50%']);
  });
});
