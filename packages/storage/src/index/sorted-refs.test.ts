import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { intersect, intersectMany, isPostingsList, seekIndex, subtract, union } from './sorted-refs.js';

const postingsList = fc
  .uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 })
  .map((a) => a.sort((x, y) => x - y));
const lists = fc.array(postingsList, { maxLength: 8 });

const sorted = (s: Iterable<number>): number[] => [...s].sort((x, y) => x - y);

describe('postings set operations', () => {
  it('intersect equals the naive set intersection', () => {
    fc.assert(
      fc.property(postingsList, postingsList, (a, b) => {
        const sb = new Set(b);
        assert.deepEqual(
          intersect(a, b),
          a.filter((v) => sb.has(v)),
        );
      }),
    );
  });

  it('intersectMany equals the naive intersection of all lists (empty for none)', () => {
    fc.assert(
      fc.property(lists, (ls) => {
        const expected =
          ls.length === 0 ? [] : (ls[0] as number[]).filter((v) => ls.every((l) => l.includes(v)));
        assert.deepEqual(intersectMany(ls), expected);
      }),
    );
  });

  it('union equals the sorted naive set union, for any number of lists', () => {
    fc.assert(
      fc.property(lists, (ls) => {
        const got = union(ls);
        assert.deepEqual(got, sorted(new Set(ls.flat())));
        assert.ok(isPostingsList(got));
      }),
    );
  });

  it('subtract equals the naive set difference', () => {
    fc.assert(
      fc.property(postingsList, postingsList, (a, b) => {
        const sb = new Set(b);
        assert.deepEqual(
          subtract(a, b),
          a.filter((v) => !sb.has(v)),
        );
      }),
    );
  });

  it('seekIndex finds the first element >= v from any start', () => {
    fc.assert(
      fc.property(postingsList, fc.integer({ min: -1, max: 310 }), fc.nat(70), (l, v, start) => {
        const lo = Math.min(start, l.length);
        let expected = lo;
        while (expected < l.length && (l[expected] as number) < v) expected++;
        assert.equal(seekIndex(l, v, lo), expected);
      }),
    );
  });

  it('results never alias an input', () => {
    const a = [1, 2, 3];
    assert.notEqual(union([a]), a);
    assert.notEqual(intersectMany([a]), a);
    assert.notEqual(subtract(a, []), a);
  });
});
