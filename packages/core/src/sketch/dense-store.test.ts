import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DenseStore } from './dense-store.js';

function reference(indexes: readonly number[]): Map<number, number> {
  const ref = new Map<number, number>();
  for (const i of indexes) ref.set(i, (ref.get(i) ?? 0) + 1);
  return ref;
}

function total(store: DenseStore): number {
  return store.counts.reduce((a, b) => a + b, 0);
}

describe('DenseStore', () => {
  it('counts every index exactly while the range fits, whatever the insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 300 }), (indexes) => {
        const store = new DenseStore(1 << 14);
        for (const i of indexes) store.add(i);
        const ref = reference(indexes);
        for (const [i, n] of ref) assert.equal(store.get(i), n, `index ${i}`);
        assert.equal(total(store), indexes.length);
        if (indexes.length > 0) {
          assert.equal(store.minIndex(), Math.min(...indexes));
          assert.equal(store.maxIndex(), Math.max(...indexes));
        }
        assert.equal(store.collapsed, false);
      }),
    );
  });

  it('never exceeds maxBuckets and folds only the lowest indexes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (indexes, maxBuckets) => {
          const store = new DenseStore(maxBuckets);
          for (const i of indexes) store.add(i);
          assert.ok(store.counts.length <= maxBuckets);
          assert.equal(total(store), indexes.length);
          const hi = Math.max(...indexes);
          assert.equal(store.maxIndex(), hi);
          // Every bucket above the lowest kept one is exact.
          const ref = reference(indexes);
          const lowest = store.minIndex();
          for (const [i, n] of ref) if (i > lowest) assert.equal(store.get(i), n, `index ${i}`);
          const below = indexes.filter((i) => i <= lowest).length;
          assert.equal(store.get(lowest), below);
        },
      ),
    );
  });

  it('does not reallocate when refilled after clear()', () => {
    const store = new DenseStore(2048);
    for (let i = 100; i < 400; i++) store.add(i);
    const array = store.counts;
    store.clear();
    assert.equal(total(store), 0);
    assert.ok(Number.isNaN(store.minIndex()));
    for (let i = 100; i < 400; i++) store.add(i);
    assert.equal(store.counts, array);
    assert.equal(total(store), 300);
  });

  it('recentres a cleared store on a far-away index without growing', () => {
    const store = new DenseStore(2048);
    store.add(0);
    const length = store.counts.length;
    store.clear();
    store.add(10_000);
    assert.equal(store.counts.length, length);
    assert.equal(store.get(10_000), 1);
  });

  it('stays collapsed in O(1) for lower indexes after folding', () => {
    const store = new DenseStore(8);
    for (let i = 0; i < 20; i++) store.add(i);
    assert.equal(store.collapsed, true);
    assert.equal(store.offset, 12);
    assert.equal(store.get(12), 13);
    const array = store.counts;
    store.add(-1_000_000);
    assert.equal(store.counts, array);
    assert.equal(store.get(12), 14);
    store.clear();
    assert.equal(store.collapsed, false);
  });

  it('merges like adding the other store index by index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3000, max: 3000 }), { maxLength: 200 }),
        fc.array(fc.integer({ min: -3000, max: 3000 }), { maxLength: 200 }),
        (xs, ys) => {
          const a = new DenseStore(1 << 14);
          const b = new DenseStore(1 << 14);
          for (const i of xs) a.add(i);
          for (const i of ys) b.add(i);
          a.merge(b);
          for (const [i, n] of reference([...xs, ...ys])) assert.equal(a.get(i), n, `index ${i}`);
          assert.equal(total(a), xs.length + ys.length);
        },
      ),
    );
  });

  it('merges into itself by doubling', () => {
    const store = new DenseStore(64);
    for (const i of [3, 5, 5, 9]) store.add(i);
    store.merge(store);
    assert.deepEqual([store.get(3), store.get(5), store.get(9)], [2, 4, 2]);
  });
});
