import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doubleExponentialSmoothing, KernelArgumentError } from './smoothing.js';

describe('double_exponential_smoothing', () => {
  it('follows a straight line exactly', () => {
    assert.equal(doubleExponentialSmoothing([1, 2, 3], 0, 3, 0.5, 0.5), 3);
  });
  it('smooths by hand-computed steps', () => {
    // s1=0, b=10; i=1: 0.1*10 + 0.9*(0+10) = 10; i=2: b = 0.5*10 + 0.5*10 = 10,
    // 0.1*0 + 0.9*(10+10) = 18.
    assert.equal(doubleExponentialSmoothing([0, 10, 0], 0, 3, 0.1, 0.5), 18);
  });
  it('needs two samples and valid factors', () => {
    assert.equal(doubleExponentialSmoothing([1], 0, 1, 0.5, 0.5), undefined);
    assert.throws(() => doubleExponentialSmoothing([1, 2], 0, 2, 1, 0.5), KernelArgumentError);
    assert.throws(
      () => doubleExponentialSmoothing([1, 2], 0, 2, 0.5, 0),
      /invalid trend factor. Expected: 0 < tf < 1, got: 0.000000/,
    );
  });
});
