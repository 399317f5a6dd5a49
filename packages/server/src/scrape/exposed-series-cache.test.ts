import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedSample } from '@telemeter/core';
import fc from 'fast-check';
import { ExposedSeriesCache, ownCopy } from './exposed-series-cache.js';

type Pairs = readonly (readonly [string, string])[];

function sample(name: string, pairs: Pairs): ParsedSample {
  const labels: Record<string, string> = {};
  for (const [k, v] of pairs) labels[k] = v;
  return { name, labels, value: 1 };
}

/** The exposed series as the cache must tell it apart: name and labels in exposition order. */
function keyOf(name: string, pairs: Pairs): string {
  return JSON.stringify([name, pairs]);
}

// Values of equal length that differ in one place, names that share values: the cases a weak
// hash or a sloppy comparison would mix up.
const names = fc.constantFrom('up', 'a_total', 'a_bucket', 'http_request_duration_seconds_bucket');
const labelNames = fc.constantFrom('le', 'job', 'path', 'instance');
const values = fc.constantFrom(
  '',
  '0.5',
  '1',
  'GET',
  'PUT',
  '/api/v1/resource-00',
  '/api/v1/resource-01',
  'é',
  'Ω',
);
const exposed = fc.record({
  name: names,
  pairs: fc.uniqueArray(fc.tuple(labelNames, values), { maxLength: 3, selector: ([k]) => k }),
});
/** Scrapes of a target: the series it exposes (from a small pool, so they recur), in order, repeats allowed. */
const scrapes = fc
  .array(exposed, { minLength: 1, maxLength: 6 })
  .chain((pool) =>
    fc.array(fc.array(fc.constantFrom(...pool), { maxLength: 10 }), { minLength: 1, maxLength: 8 }),
  );

describe('ExposedSeriesCache', () => {
  it('finds exactly what was added for the same name and labels in the same order, and forgets what a batch did not see', () => {
    fc.assert(
      fc.property(scrapes, (batches) => {
        const cache = new ExposedSeriesCache<string>();
        const model = new Map<string, string>();
        batches.forEach((series, b) => {
          const batch = b + 1;
          const seen = new Set<string>();
          for (const { name, pairs } of series) {
            const key = keyOf(name, pairs);
            const hit = cache.get(sample(name, pairs), batch);
            assert.equal(hit?.value, model.get(key), `lookup of ${key} in batch ${batch}`);
            if (hit === undefined) {
              cache.add(sample(name, pairs), key);
              model.set(key, key);
            }
            seen.add(key);
          }
          cache.end(batch);
          for (const key of model.keys()) if (!seen.has(key)) model.delete(key);
          assert.equal(cache.size, model.size);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart label orders, and series whose parts only join up alike', () => {
    const cache = new ExposedSeriesCache<string>();
    const forms: [string, Pairs][] = [
      [
        'a',
        [
          ['x', '1'],
          ['y', '2'],
        ],
      ],
      [
        'a',
        [
          ['y', '2'],
          ['x', '1'],
        ],
      ],
      ['a', [['x', '12']]],
      ['a', [['x1', '2']]],
      ['ax', [['', '12']]],
    ];
    for (const [name, pairs] of forms) {
      assert.equal(cache.get(sample(name, pairs), 1), undefined);
      cache.add(sample(name, pairs), keyOf(name, pairs));
    }
    for (const [name, pairs] of forms.reverse())
      assert.equal(cache.get(sample(name, pairs), 2)?.value, keyOf(name, pairs));
  });

  it('grows past its first table and still finds everything, in any order', () => {
    const cache = new ExposedSeriesCache<number>();
    for (let i = 0; i < 5000; i++) {
      const s = sample('m', [['i', String(i)]]);
      assert.equal(cache.get(s, 1), undefined);
      cache.add(s, i);
    }
    for (let i = 4999; i >= 0; i -= 7) assert.equal(cache.get(sample('m', [['i', String(i)]]), 2)?.value, i);
    cache.end(2);
    assert.equal(cache.size, Math.ceil(5000 / 7));
    assert.equal(cache.get(sample('m', [['i', '2']]), 3), undefined, 'dropped: not seen by batch 2');
  });
});

describe('ownCopy', () => {
  it('returns an equal string for short, Latin-1, wider and long text', () => {
    const text = `x${'é'.repeat(20)}Ω${'y'.repeat(5000)}`;
    for (const s of [text.slice(1, 5), text.slice(1, 21), text.slice(1, 40), text.slice(22), text])
      assert.equal(ownCopy(s), s);
  });
});
