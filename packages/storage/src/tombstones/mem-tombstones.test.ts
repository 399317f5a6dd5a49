import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemTombstones } from './mem-tombstones.js';

describe('MemTombstones', () => {
  it('merges overlapping and adjacent intervals and truncates', () => {
    const t = new MemTombstones();
    t.add(1, { minTime: 10, maxTime: 20 });
    t.add(1, { minTime: 30, maxTime: 40 });
    t.add(1, { minTime: 21, maxTime: 25 });
    t.add(1, { minTime: 0, maxTime: 5 });
    t.add(1, { minTime: 7, maxTime: 6 }); // empty: ignored
    assert.deepEqual(t.get(1), [
      { minTime: 0, maxTime: 5 },
      { minTime: 10, maxTime: 25 },
      { minTime: 30, maxTime: 40 },
    ]);
    t.add(1, { minTime: 4, maxTime: 35 });
    assert.deepEqual(t.get(1), [{ minTime: 0, maxTime: 40 }]);
    t.add(2, { minTime: -Infinity, maxTime: Infinity });
    assert.equal(t.size, 2);
    t.truncateBefore(41);
    assert.deepEqual([t.size, t.get(1), t.get(2)], [1, [], [{ minTime: -Infinity, maxTime: Infinity }]]);
    assert.deepEqual([...t.entries()], [[2, [{ minTime: -Infinity, maxTime: Infinity }]]]);
  });
});
