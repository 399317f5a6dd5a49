import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramQuantile } from './histogram-quantile.js';

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);
}

// The two histograms of Prometheus's promql/testdata/histograms.test ("testhistogram" at 50m).
const POSITIVE = { bounds: [0.1, 0.2, 1], counts: [50, 70, 110, 120] };
const NEGATIVE = { bounds: [-0.2, -0.1, 0.3], counts: [10, 20, 20, 30] };

describe('histogramQuantile', () => {
  it('matches Prometheus histogram_quantile on its own test data', () => {
    const expected: [number, number, number][] = [
      [0, 0, -0.2],
      [1, 1, 0.3],
      [0.2, 0.048, -0.2],
      [0.5, 0.15, -0.15],
      [0.8, 0.72, 0.3],
    ];
    for (const [q, positive, negative] of expected) {
      close(histogramQuantile(q, POSITIVE.bounds, POSITIVE.counts), positive);
      close(histogramQuantile(q, NEGATIVE.bounds, NEGATIVE.counts), negative);
    }
  });

  it('returns -Inf/+Inf for q out of range and NaN for q = NaN', () => {
    assert.equal(histogramQuantile(-0.1, POSITIVE.bounds, POSITIVE.counts), Number.NEGATIVE_INFINITY);
    assert.equal(histogramQuantile(1.01, POSITIVE.bounds, POSITIVE.counts), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(histogramQuantile(Number.NaN, POSITIVE.bounds, POSITIVE.counts)));
  });

  it('returns NaN without observations or without finite buckets', () => {
    assert.ok(Number.isNaN(histogramQuantile(0.5, [1, 2], [0, 0, 0])));
    assert.ok(Number.isNaN(histogramQuantile(0.5, [], [5])));
  });

  it('interpolates linearly inside the bucket holding the rank', () => {
    // 10 observations, 4 in (0.1, 0.2]: the median rank 5 is the 3rd of those 4 → 0.1 + 0.1 * 3/4.
    close(histogramQuantile(0.5, [0.1, 0.2, 0.4], [2, 6, 10, 10]), 0.175);
  });

  it('treats non-monotonic counts (a scrape racing an update) as monotonic, as Prometheus does', () => {
    close(histogramQuantile(0.5, [1, 2, 3], [4, 3, 8, 8]), histogramQuantile(0.5, [1, 2, 3], [4, 4, 8, 8]));
  });
});
