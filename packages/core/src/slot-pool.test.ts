import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlotPool } from './slot-pool.js';

describe('SlotPool', () => {
  it('hands out slots from 1, reuses freed ones first, and grows by half through the callback', () => {
    const grown: number[] = [];
    const pool = new SlotPool(4, (capacity) => grown.push(capacity));
    assert.deepEqual([pool.take(), pool.take(), pool.take()], [1, 2, 3]);
    assert.deepEqual(grown, []);
    pool.give(2);
    assert.equal(pool.take(), 2);
    assert.equal(pool.take(), 4);
    assert.deepEqual(grown, [6]);
    assert.equal(pool.capacity, 6);
    pool.reset(8);
    assert.equal(pool.take(), 1);
    assert.equal(pool.capacity, 8);
  });
});
