import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { OooBuffer } from './ooo-buffer.js';

describe('OooBuffer', () => {
  it('keeps samples sorted, refuses a repeated timestamp and keeps the stale marker', () => {
    const buf = new OooBuffer(2);
    assert.equal(buf.insert(30, 3), true);
    assert.equal(buf.insert(10, STALE_NAN), true);
    assert.equal(buf.insert(20, 2), true);
    assert.equal(buf.insert(20, 9), false);
    assert.deepEqual([...buf.ts.subarray(0, buf.length)], [10, 20, 30]);
    assert.ok(isStaleNaN(buf.vs[0] as number));
    assert.deepEqual([buf.indexOf(20), buf.indexOf(25), buf.minTime, buf.maxTime], [1, -1, 10, 30]);
    assert.equal(buf.dropBefore(20), 1);
    assert.deepEqual([...buf.ts.subarray(0, buf.length)], [20, 30]);
  });

  it('matches a sorted map under random inserts and drops', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.boolean())), (ops) => {
        const buf = new OooBuffer(1);
        const model = new Map<number, number>();
        for (const [t, drop] of ops) {
          if (drop) {
            buf.dropBefore(t);
            for (const k of [...model.keys()]) if (k < t) model.delete(k);
          } else {
            assert.equal(buf.insert(t, t * 2), !model.has(t));
            if (!model.has(t)) model.set(t, t * 2);
          }
        }
        const keys = [...model.keys()].sort((x, y) => x - y);
        assert.deepEqual([...buf.ts.subarray(0, buf.length)], keys);
        assert.deepEqual(
          [...buf.vs.subarray(0, buf.length)],
          keys.map((k) => model.get(k)),
        );
      }),
    );
  });
});
