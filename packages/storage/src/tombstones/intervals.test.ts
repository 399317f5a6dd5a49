import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Interval } from '../types.js';
import { addInterval, coversRange, isDeleted } from './intervals.js';
import { MemTombstones } from './mem-tombstones.js';

const interval = fc
  .tuple(fc.integer({ min: -20, max: 60 }), fc.nat(15))
  .map(([minTime, len]): Interval => ({ minTime, maxTime: minTime + len }));

/** The set of deleted milliseconds, the naive model of a tombstone list. */
function covered(list: readonly Interval[]): Set<number> {
  const s = new Set<number>();
  for (const iv of list) for (let t = iv.minTime; t <= iv.maxTime; t++) s.add(t);
  return s;
}

describe('tombstone intervals', () => {
  it('adding intervals covers exactly their union, kept sorted, disjoint and non-adjacent', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 12 }), (ivs) => {
        let list: Interval[] = [];
        for (const iv of ivs) list = addInterval(list, iv);
        assert.deepEqual(covered(list), covered(ivs));
        for (let i = 1; i < list.length; i++) {
          assert.ok(
            (list[i] as Interval).minTime > (list[i - 1] as Interval).maxTime + 1,
            'gap between intervals',
          );
        }
        for (let t = -25; t < 80; t++) assert.equal(isDeleted(list, t), covered(ivs).has(t));
      }),
    );
  });

  it('merges overlapping and touching intervals, keeps separate ones apart', () => {
    let list = addInterval([], { minTime: 10, maxTime: 20 });
    list = addInterval(list, { minTime: 21, maxTime: 25 });
    assert.deepEqual(list, [{ minTime: 10, maxTime: 25 }]);
    list = addInterval(list, { minTime: 27, maxTime: 30 });
    assert.deepEqual(list, [
      { minTime: 10, maxTime: 25 },
      { minTime: 27, maxTime: 30 },
    ]);
    list = addInterval(list, { minTime: 0, maxTime: 100 });
    assert.deepEqual(list, [{ minTime: 0, maxTime: 100 }]);
    assert.deepEqual(
      addInterval(list, { minTime: 5, maxTime: 4 }),
      list,
      'an empty interval changes nothing',
    );
    assert.ok(coversRange(list, 0, 100));
    assert.ok(!coversRange(list, -1, 50));
  });

  it('MemTombstones keeps one merged list per ref and clones independently', () => {
    const stones = new MemTombstones();
    stones.add(7, { minTime: 1, maxTime: 5 });
    stones.add(7, { minTime: 3, maxTime: 9 });
    stones.add(2, { minTime: 100, maxTime: 100 });
    const copy = stones.clone();
    stones.add(9, { minTime: 0, maxTime: 0 });
    assert.deepEqual(stones.get(7), [{ minTime: 1, maxTime: 9 }]);
    assert.deepEqual(stones.get(8), []);
    assert.equal(stones.size, 3);
    assert.equal(copy.size, 2);
    assert.deepEqual(
      [...copy.entries()].map(([ref]) => ref),
      [2, 7],
    );
  });
});
