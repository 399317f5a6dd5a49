import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets, validateBuckets } from './buckets.js';
import { InvalidConfigError, InvalidMetricError } from './errors.js';

describe('bucket helpers', () => {
  it('DEFAULT_BUCKETS are Prometheus defaults', () => {
    assert.deepEqual(DEFAULT_BUCKETS, [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    assert.ok(Object.isFrozen(DEFAULT_BUCKETS));
  });

  it('linearBuckets and exponentialBuckets', () => {
    assert.deepEqual(linearBuckets(0, 10, 4), [0, 10, 20, 30]);
    assert.deepEqual(linearBuckets(-1, 0.5, 3), [-1, -0.5, 0]);
    assert.deepEqual(exponentialBuckets(1, 2, 5), [1, 2, 4, 8, 16]);
    assert.deepEqual(exponentialBuckets(0.5, 3, 3), [0.5, 1.5, 4.5]);
  });

  const bad: [string, () => unknown, string][] = [
    ['zero width', () => linearBuckets(0, 0, 3), 'width'],
    ['NaN start', () => linearBuckets(Number.NaN, 1, 3), 'start'],
    ['zero count', () => linearBuckets(0, 1, 0), 'count'],
    ['fractional count', () => exponentialBuckets(1, 2, 1.5), 'count'],
    ['start <= 0', () => exponentialBuckets(0, 2, 3), 'start'],
    ['factor <= 1', () => exponentialBuckets(1, 1, 3), 'factor'],
    ['overflow', () => exponentialBuckets(1, 1e300, 5), 'count'],
  ];
  for (const [what, call, key] of bad) {
    it(`rejects ${what} with InvalidConfigError naming "${key}"`, () => {
      assert.throws(
        call,
        (e: unknown) =>
          e instanceof InvalidConfigError && e.key === key && e.code === 'TELEMETER_ERR_INVALID_CONFIG',
      );
    });
  }

  it('validateBuckets removes a trailing +Inf and rejects bad layouts', () => {
    assert.deepEqual(validateBuckets('h', [1, 2, Infinity]), [1, 2]);
    assert.equal(validateBuckets('h', undefined), DEFAULT_BUCKETS);
    for (const buckets of [[], [Infinity], [1, 1], [2, 1], [1, Number.NaN], [1, '2'], 'x', [-Infinity, 1]]) {
      assert.throws(() => validateBuckets('h', buckets), InvalidMetricError, JSON.stringify(buckets));
    }
  });
});
