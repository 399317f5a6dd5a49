import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XorChunk } from '../chunkenc/xor.js';
import type { SampleIterator } from '../types.js';
import { DeletedFilterIterator } from './deleted-filter.js';
import { mergeSampleIterators } from './merge-iterator.js';
import { drain, type Sample } from './testing/mem-block.js';

function chunkOf(samples: readonly Sample[]): XorChunk {
  const c = new XorChunk();
  for (const [t, v] of samples) c.append(t, v);
  return c;
}

/** Later lists win equal timestamps. */
function model(lists: readonly (readonly Sample[])[], mint: number, maxt: number): Sample[] {
  const m = new Map<number, number>();
  for (const l of lists) for (const [t, v] of l) if (t >= mint && t <= maxt) m.set(t, v);
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

const run = fc
  .uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 20 })
  .map((ts) => ts.sort((a, b) => a - b).map((t): Sample => [t, 0]));
const runs = fc
  .array(run, { maxLength: 5 })
  .map((ls) => ls.map((l, i) => l.map(([t]): Sample => [t, t * 10 + i])));

type Op = { kind: 'next' } | { kind: 'seek'; t: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'next' }),
  fc.integer({ min: -5, max: 110 }).map((t): Op => ({ kind: 'seek', t })),
);

describe('mergeSampleIterators', () => {
  it('yields the deduplicated union in time order, the later input winning ties', () => {
    fc.assert(
      fc.property(runs, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (lists, x, y) => {
        const [mint, maxt] = x <= y ? [x, y] : [y, x];
        const its = lists.map((l) => chunkOf(l).iterator());
        assert.deepEqual(drain(mergeSampleIterators(its, mint, maxt)), model(lists, mint, maxt));
      }),
    );
  });

  it('follows any mix of next and seek like a cursor over the expected samples', () => {
    fc.assert(
      fc.property(runs, fc.array(op, { maxLength: 30 }), (lists, ops) => {
        const want = model(lists, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        const it = mergeSampleIterators(lists.map((l) => chunkOf(l).iterator()));
        let pos = -1;
        for (const o of ops) {
          if (o.kind === 'next') {
            pos = Math.min(pos + 1, want.length);
            assert.equal(it.next(), pos < want.length);
          } else {
            // Seek never moves backwards; it stays put when already at or past t.
            if (pos < 0 || (pos < want.length && (want[pos] as Sample)[0] < o.t)) {
              pos = Math.max(pos, 0);
              while (pos < want.length && (want[pos] as Sample)[0] < o.t) pos++;
            }
            assert.equal(it.seek(o.t), pos < want.length);
          }
          if (pos >= want.length) return;
          assert.deepEqual([it.t, it.v], want[pos]);
        }
      }),
    );
  });

  it('reports an input error through err() and stops', () => {
    const failing: SampleIterator = {
      t: 0,
      v: 0,
      next: () => false,
      seek: () => false,
      err: () => new Error('boom'),
    };
    const it = mergeSampleIterators([chunkOf([[1, 1]]).iterator(), failing]);
    assert.equal(it.next(), false);
    assert.equal(it.err()?.message, 'boom');
  });
});

describe('DeletedFilterIterator', () => {
  it('skips samples inside deleted intervals, also when seeking into one', () => {
    const c = chunkOf(Array.from({ length: 20 }, (_, i): Sample => [i, i]));
    const deleted = [
      { minTime: 3, maxTime: 5 },
      { minTime: 10, maxTime: 12 },
    ];
    assert.deepEqual(
      drain(new DeletedFilterIterator(c.iterator(), deleted)).map(([t]) => t),
      [0, 1, 2, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19],
    );
    const it = new DeletedFilterIterator(c.iterator(), deleted);
    assert.ok(it.seek(11));
    assert.equal(it.t, 13);
  });
});
