import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Bucket, bucketFraction, bucketQuantile, parseBucketBound } from './histogram.js';

const buckets = (pairs: [number, number][]): Bucket[] =>
  pairs.map(([upperBound, count]) => ({ upperBound, count }));
// testhistogram2 of histograms.test at 50m: observations spread evenly over (0, 6].
const even = (): Bucket[] =>
  buckets([
    [Infinity, 30],
    [0, 0],
    [4, 20],
    [2, 10],
    [6, 30],
  ]);

describe('bucketQuantile', () => {
  it('interpolates linearly inside the bucket (unsorted input)', () => {
    assert.equal(bucketQuantile(1 / 6, even()).value, 1);
    assert.equal(bucketQuantile(0.5, even()).value, 3);
    assert.equal(bucketQuantile(5 / 6, even()).value, 5);
  });

  it('returns the second highest bound in the +Inf bucket and a bound <= 0 in the lowest', () => {
    assert.equal(
      bucketQuantile(
        0.9,
        buckets([
          [1, 10],
          [Infinity, 20],
        ]),
      ).value,
      1,
    );
    assert.equal(
      bucketQuantile(
        0.1,
        buckets([
          [-1, 5],
          [Infinity, 10],
        ]),
      ).value,
      -1,
    );
  });

  it('gives NaN without +Inf bucket, with one bucket or without observations; ±Inf for q out of range', () => {
    assert.ok(
      Number.isNaN(
        bucketQuantile(
          0.5,
          buckets([
            [1, 1],
            [2, 2],
          ]),
        ).value,
      ),
    );
    assert.ok(Number.isNaN(bucketQuantile(0.5, buckets([[Infinity, 2]])).value));
    assert.ok(
      Number.isNaN(
        bucketQuantile(
          0.5,
          buckets([
            [1, 0],
            [Infinity, 0],
          ]),
        ).value,
      ),
    );
    assert.ok(Number.isNaN(bucketQuantile(Number.NaN, even()).value));
    assert.equal(bucketQuantile(-0.1, even()).value, -Infinity);
    assert.equal(bucketQuantile(1.1, even()).value, Infinity);
  });

  it('coalesces equal bounds and forces monotonicity, reporting where', () => {
    const r = bucketQuantile(
      0.5,
      buckets([
        [1, 10],
        [2, 8],
        [3, 9],
        [Infinity, 12],
      ]),
    );
    assert.equal(r.forcedMonotonicity, true);
    assert.equal(r.minBucket, 2);
    assert.equal(r.maxBucket, 3);
    assert.equal(r.maxDiff, 2);
    assert.equal(r.value, 0.6);
    const merged = buckets([
      [1, 2],
      [1, 2],
      [Infinity, 8],
    ]);
    assert.equal(bucketQuantile(0.25, merged).value, 0.5);
    assert.equal(merged.length, 2);
  });

  it('silently absorbs float noise', () => {
    const r = bucketQuantile(
      0.5,
      buckets([
        [1, 10],
        [2, 10 - 1e-14],
        [Infinity, 20],
      ]),
    );
    assert.equal(r.forcedMonotonicity, false);
    assert.equal(r.fixedPrecision, true);
  });
});

describe('bucketFraction', () => {
  it('interpolates linearly inside buckets', () => {
    assert.equal(bucketFraction(0, 4, even()), 20 / 30);
    assert.equal(bucketFraction(1, 3, even()), 10 / 30);
    assert.equal(bucketFraction(-Infinity, Infinity, even()), 1);
  });
  it('special cases', () => {
    assert.equal(bucketFraction(4, 0, even()), 0);
    assert.ok(Number.isNaN(bucketFraction(Number.NaN, 1, even())));
    assert.ok(Number.isNaN(bucketFraction(0, 1, buckets([[1, 1]]))));
    assert.ok(Number.isNaN(bucketFraction(0, 1, [])));
  });
});

describe('parseBucketBound', () => {
  it('accepts Go float syntax and rejects the rest', () => {
    assert.equal(parseBucketBound('0.1'), 0.1);
    assert.equal(parseBucketBound('.2'), 0.2);
    assert.equal(parseBucketBound('2e-1'), 0.2);
    assert.equal(parseBucketBound('+Inf'), Infinity);
    assert.equal(parseBucketBound('+inf'), Infinity);
    assert.equal(parseBucketBound('-Inf'), -Infinity);
    assert.equal(parseBucketBound(''), undefined);
    assert.equal(parseBucketBound('Hello World'), undefined);
    assert.equal(parseBucketBound(' 1'), undefined);
  });
});
