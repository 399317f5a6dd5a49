import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { labelsFromRecord, labelsKey } from '../labels/labels.js';
import type { Labels } from '../types.js';
import { Head } from './head.js';
import { hashLabels, SeriesByLabels } from './series-by-labels.js';
import { commitBatch, readSamples } from './testing/head-fixtures.js';

// Two label sets whose 30-bit hashes collide (found by a search over i = 0..300k).
const x = labelsFromRecord({ __name__: 'm', i: '89857' });
const y = labelsFromRecord({ __name__: 'm', i: '97926' });

describe('SeriesByLabels', () => {
  it('keeps colliding label sets apart and promotes a conflict when the first is deleted', () => {
    assert.equal(hashLabels(x), hashLabels(y));
    const map = new SeriesByLabels<{ labels: Labels }>();
    const sx = { labels: x };
    const sy = { labels: y };
    map.add(sx);
    assert.equal(map.get(y), undefined);
    map.add(sy);
    assert.equal(map.get(labelsFromRecord({ __name__: 'm', i: '89857' })), sx);
    assert.equal(map.get(y), sy);
    assert.equal(map.size, 2);
    map.delete(sx);
    assert.deepEqual([map.get(x), map.get(y), map.size], [undefined, sy, 1]);
    map.delete(sy);
    assert.deepEqual([map.get(y), map.size, [...map.values()]], [undefined, 0, []]);
  });

  it('behaves like a Map keyed by labelsKey', () => {
    const labelSet = fc.dictionary(
      fc.constantFrom('a', 'b', '__name__'),
      fc.string({ minLength: 1, maxLength: 3 }),
      { minKeys: 1 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), labelSet)), (ops) => {
        const map = new SeriesByLabels<{ labels: Labels }>();
        const model = new Map<string, { labels: Labels }>();
        for (const [add, record] of ops) {
          const labels = labelsFromRecord(record);
          const key = labelsKey(labels);
          const found = map.get(labels);
          assert.equal(found, model.get(key));
          if (add && found === undefined) {
            const s = { labels };
            map.add(s);
            model.set(key, s);
          } else if (!add && found !== undefined) {
            map.delete(found);
            model.delete(key);
          }
        }
        assert.equal(map.size, model.size);
        assert.deepEqual(new Set(map.values()), new Set(model.values()));
      }),
    );
  });

  it('lets the head hold series whose hashes collide', async () => {
    const head = new Head();
    await commitBatch(head, [
      [x, 1, 1],
      [y, 1, 2],
    ]);
    assert.equal(head.numSeries, 2);
    assert.notEqual(head.getRef(x), head.getRef(y));
    assert.deepEqual(readSamples(head).get(labelsKey(y)), [[1, 2]]);
  });
});
