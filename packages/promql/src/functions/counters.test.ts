import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changes, resets } from './counters.js';

describe('changes and resets', () => {
  it('changes counts value changes; NaN to NaN is none', () => {
    assert.equal(changes([1, 1, 2, Number.NaN, Number.NaN, 3], 0, 6), 3);
    assert.equal(changes([7], 0, 1), 0);
    assert.equal(changes([7], 0, 0), undefined);
  });
  it('resets counts decreases', () => {
    assert.equal(resets([5, 3, 4, 1, 1], 0, 5), 2);
    assert.equal(resets([5, 3, 4, 1], 1, 3), 0);
  });
});
