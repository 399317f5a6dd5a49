import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriv, linearRegression, predictLinear } from './regression.js';

const ts = Float64Array.from([0, 60_000, 120_000]);

describe('deriv and predict_linear', () => {
  it('fit a straight line exactly', () => {
    const vs = Float64Array.from([0, 60, 120]);
    assert.equal(deriv(ts, vs, 0, 3), 1);
    assert.equal(predictLinear(ts, vs, 0, 3, 120_000, 60), 180);
  });

  it('least squares through noisy points', () => {
    // y = 0, 2, 1 at x = 0, 60, 120: slope = cov/var = 60 / 7200.
    const vs = Float64Array.from([0, 2, 1]);
    assert.ok(Math.abs((deriv(ts, vs, 0, 3) as number) - 60 / 7200) < 1e-15);
  });

  it('constant input has slope 0; constant infinity has no line', () => {
    assert.deepEqual(linearRegression(ts, Float64Array.from([5, 5, 5]), 0, 3, 0), { slope: 0, intercept: 5 });
    const inf = linearRegression(ts, Float64Array.from([Infinity, Infinity, Infinity]), 0, 3, 0);
    assert.ok(Number.isNaN(inf.slope) && Number.isNaN(inf.intercept));
  });

  it('need two samples', () => {
    assert.equal(deriv(ts, Float64Array.from([1, 2, 3]), 0, 1), undefined);
    assert.equal(predictLinear(ts, Float64Array.from([1, 2, 3]), 2, 3, 0, 1), undefined);
  });
});
