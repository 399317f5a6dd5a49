import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { almostEqual } from './almost-equal.js';
import {
  avgOverTime,
  countOverTime,
  lastOverTime,
  madOverTime,
  maxOverTime,
  minOverTime,
  presentOverTime,
  quantileOverTime,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfExtremeOverTime,
} from './over-time.js';

describe('*_over_time', () => {
  it('avg, sum, count, last, present over a window', () => {
    const vs = [9, 1, 2, 3, 4, 9];
    assert.equal(avgOverTime(vs, 1, 5), 2.5);
    assert.equal(sumOverTime(vs, 1, 5), 10);
    assert.equal(countOverTime(1, 5), 4);
    assert.equal(lastOverTime(vs, 1, 5), 4);
    assert.equal(presentOverTime(1, 5), 1);
    for (const f of [avgOverTime, sumOverTime, lastOverTime, maxOverTime, stddevOverTime]) {
      assert.equal(f(vs, 3, 3), undefined);
    }
  });

  it('avg switches to an incremental mean instead of overflowing', () => {
    assert.equal(avgOverTime([1e308, 1e308], 0, 2), 1e308);
    // The incremental mean is off by an ulp or two, as in Prometheus.
    const max = avgOverTime([Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE], 0, 3) as number;
    assert.ok(almostEqual(max, Number.MAX_VALUE, 1e-15), String(max));
  });

  it('avg and sum are compensated', () => {
    assert.equal(sumOverTime([1, 1e100, 1, -1e100], 0, 4), 2);
    assert.equal(avgOverTime([1, 1e100, 1, -1e100], 0, 4), 0.5);
  });

  it('min and max skip a leading NaN but not a NaN-only window', () => {
    assert.equal(maxOverTime([Number.NaN, 3, 1], 0, 3), 3);
    assert.equal(minOverTime([Number.NaN, 3, 1], 0, 3), 1);
    assert.equal(maxOverTime([3, Number.NaN, 1], 0, 3), 3);
    assert.ok(Number.isNaN(maxOverTime([Number.NaN, Number.NaN], 0, 2) as number));
  });

  it('stddev and stdvar are population statistics', () => {
    const vs = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(stdvarOverTime(vs, 0, 8), 4);
    assert.equal(stddevOverTime(vs, 0, 8), 2);
    assert.equal(stdvarOverTime([5], 0, 1), 0);
  });

  it('quantile and mad', () => {
    assert.equal(quantileOverTime(0.5, [4, 1, 3, 2], 0, 4), 2.5);
    assert.equal(quantileOverTime(0.25, [4, 1, 3, 2], 0, 4), 1.75);
    assert.equal(quantileOverTime(2, [1], 0, 1), Infinity);
    assert.equal(madOverTime([1, 1, 2, 2, 4, 6, 9], 0, 7), 1);
    assert.ok(Number.isNaN(madOverTime([1, 2, Number.NaN, 4], 0, 4) as number));
  });

  it('ts_of_max/min report the last sample holding the extreme, in seconds', () => {
    const ts = [1000, 2000, 3000];
    assert.equal(tsOfExtremeOverTime(ts, [5, 7, 7], 0, 3, true), 3);
    assert.equal(tsOfExtremeOverTime(ts, [5, 7, 7], 0, 3, false), 1);
  });
});
