import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@telemeter/storage';
import { almostEqual } from './almost-equal.js';
import { annotationText, formatGoFloat } from './annotations.js';

describe('formatGoFloat (%g)', () => {
  it('formats like Go', () => {
    assert.equal(formatGoFloat(1.1), '1.1');
    assert.equal(formatGoFloat(-1.1), '-1.1');
    assert.equal(formatGoFloat(Number.NaN), 'NaN');
    assert.equal(formatGoFloat(Infinity), '+Inf');
    assert.equal(formatGoFloat(123456), '123456');
    assert.equal(formatGoFloat(1e6), '1e+06');
    assert.equal(formatGoFloat(1234567), '1.234567e+06');
    assert.equal(formatGoFloat(0.0001), '0.0001');
    assert.equal(formatGoFloat(1e-5), '1e-05');
  });
  it('builds the texts the conformance files expect', () => {
    assert.equal(
      annotationText.invalidQuantile(Number.NaN),
      'PromQL warning: quantile value should be between 0 and 1, got NaN',
    );
    assert.equal(
      annotationText.invalidRatio(1.1, 1),
      'PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1',
    );
    assert.equal(
      annotationText.badBucketLabel('series', 'Hello World'),
      'PromQL warning: bucket label "le" is missing or has a malformed value of "Hello World" for metric name "series"',
    );
  });
});

describe('almostEqual', () => {
  it('compares relatively, NaN equal to NaN, stale only to stale', () => {
    assert.ok(almostEqual(1, 1 + 1e-7, 1e-6));
    assert.ok(!almostEqual(1, 1.00001, 1e-6));
    assert.ok(almostEqual(Number.NaN, Number.NaN, 1e-6));
    assert.ok(!almostEqual(Number.NaN, STALE_NAN, 1e-6));
    assert.ok(almostEqual(STALE_NAN, STALE_NAN, 1e-6));
    assert.ok(!almostEqual(0, 1e-300, 1e-6));
    assert.ok(almostEqual(Infinity, Infinity, 1e-6));
    assert.ok(!almostEqual(Infinity, -Infinity, 1e-6));
  });
});
