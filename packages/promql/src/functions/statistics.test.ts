import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AggregationMean, AggregationVariance, quantile, stddev, stdvar } from './statistics.js';

describe('quantile', () => {
  it('interpolates between ranks', () => {
    assert.equal(quantile(0.5, [1, 2, 3, 4]), 2.5);
    assert.equal(quantile(0, [3, 1, 2]), 1);
    assert.equal(quantile(1, Float64Array.from([3, 1, 2])), 3);
    assert.equal(quantile(0.9, [1, 2, 3, 4, 5]), 4.6);
  });
  it('orders NaN first and handles out-of-range q', () => {
    assert.ok(Number.isNaN(quantile(0, [2, Number.NaN, 1])));
    assert.equal(quantile(1, [2, Number.NaN, 1]), 2);
    assert.equal(quantile(-1, [1]), -Infinity);
    assert.equal(quantile(1.5, [1]), Infinity);
    assert.ok(Number.isNaN(quantile(Number.NaN, [1])));
    assert.ok(Number.isNaN(quantile(0.5, [])));
  });
});

describe('variance', () => {
  it('stddev/stdvar of arrays', () => {
    assert.equal(stdvar([2, 4, 4, 4, 5, 5, 7, 9]), 4);
    assert.equal(stddev([2, 4, 4, 4, 5, 5, 7, 9]), 2);
  });
  it('the aggregation makes a group starting with Inf or NaN NaN', () => {
    const acc = new AggregationVariance();
    acc.add(Infinity);
    assert.ok(Number.isNaN(acc.stdvar()));
    const ok = new AggregationVariance();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) ok.add(x);
    assert.equal(ok.stddev(), 2);
    const single = new AggregationVariance();
    single.add(3);
    assert.equal(single.stdvar(), 0);
  });
});

describe('AggregationMean', () => {
  const mean = (values: number[]) => {
    const acc = new AggregationMean();
    for (const v of values) acc.add(v);
    return acc.value();
  };
  it('averages with compensation and without overflow', () => {
    assert.equal(mean([1, 2, 3, 4]), 2.5);
    assert.equal(mean([1, 1e100, 1, -1e100]), 0.5);
    assert.equal(mean([Number.MAX_VALUE, Number.MAX_VALUE]), Number.MAX_VALUE);
  });
  it('keeps infinite means and turns opposite infinities into NaN', () => {
    assert.equal(mean([Infinity, 1, 2]), Infinity);
    assert.equal(mean([1, Infinity, 2]), Infinity);
    assert.ok(Number.isNaN(mean([Infinity, -Infinity])));
    assert.ok(Number.isNaN(mean([1, Number.NaN])));
  });
});
