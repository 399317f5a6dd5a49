import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clamp, clampMax, clampMin, ELEMENT_FUNCTIONS, round, sgn } from './math.js';

describe('element functions', () => {
  it('round to nearest, ties up', () => {
    assert.equal(round(2.5), 3);
    assert.equal(round(-2.5), -2);
    assert.equal(round(13, 5), 15);
    assert.equal(round(12.4, 5), 10);
    assert.equal(round(0.123456, 0.01), 0.12);
  });
  it('clamp, clamp_min, clamp_max', () => {
    assert.equal(clamp(5, 0, 3), 3);
    assert.equal(clamp(-5, 0, 3), 0);
    assert.ok(Number.isNaN(clamp(1, 3, 0)));
    assert.ok(Number.isNaN(clamp(Number.NaN, 0, 3)));
    assert.equal(clampMin(-1, 0), 0);
    assert.equal(clampMax(7, 3), 3);
  });
  it('sgn keeps zero and NaN', () => {
    assert.equal(sgn(-3), -1);
    assert.equal(sgn(3), 1);
    assert.ok(Object.is(sgn(-0), -0));
    assert.ok(Number.isNaN(sgn(Number.NaN)));
  });
  it('the table covers math and trig', () => {
    const f = ELEMENT_FUNCTIONS;
    assert.equal(f.abs?.(-2), 2);
    assert.equal(f.ln?.(Math.E), 1);
    assert.equal(f.log2?.(8), 3);
    assert.equal(f.log10?.(1000), 3);
    assert.equal(f.deg?.(Math.PI), 180);
    assert.equal(f.rad?.(180), Math.PI);
    assert.equal(f.sin?.(0), 0);
    assert.ok(Number.isNaN(f.sqrt?.(-1) as number));
    assert.equal(f.atanh?.(1), Infinity);
    for (const name of [
      'ceil',
      'floor',
      'exp',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'tanh',
      'asinh',
      'acosh',
    ]) {
      assert.equal(typeof f[name], 'function', name);
    }
  });
});
