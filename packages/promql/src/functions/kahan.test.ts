import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KahanSum, kahanSum } from './kahan.js';

describe('kahanSum', () => {
  it('keeps small terms that a naive sum loses', () => {
    const values = [1, 1e100, 1, -1e100];
    assert.equal(
      values.reduce((a, b) => a + b, 0),
      0,
    );
    assert.equal(kahanSum(values), 2);
    const acc = new KahanSum();
    for (const x of values) acc.add(x);
    assert.equal(acc.value(), 2);
  });
  it('returns an overflowed sum without NaN from the compensation', () => {
    assert.equal(kahanSum([Number.MAX_VALUE, Number.MAX_VALUE, 1]), Infinity);
    assert.ok(Number.isNaN(kahanSum([Infinity, -Infinity])));
  });
});
