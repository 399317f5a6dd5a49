import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ExposedSeriesCache, ownCopy, seriesHash, seriesTextOf } from './exposed-series-cache.js';

type Pairs = readonly (readonly [string, string])[];

function text(name: string, pairs: Pairs): string {
  const labels: Record<string, string> = {};
  for (const [k, v] of pairs) labels[k] = v;
  return seriesTextOf({ name, labels, value: 1 });
}

/** The exposed series as the cache must tell it apart: name and labels in exposition order. */
function keyOf(name: string, pairs: Pairs): string {
  return JSON.stringify([name, pairs]);
}

/** `s` as the parser hands it out: a slice of a larger text, not the string the cache holds. */
function sliced(s: string): string {
  return `${'#'.repeat(20)}${s}\n`.slice(20, 20 + s.length);
}

// Values of equal length that differ in one place, names that share values, characters the text
// escapes: the cases a weak hash or a sloppy comparison would mix up.
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
  '"',
  '\\',
  '\\"',
  '\n',
  '\\n',
  'a",b="c',
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

/** Two different texts with the same hash (a birthday search over `m{i="n"}`). */
function collidingTexts(): [string, string] {
  const byHash = new Map<number, string>();
  for (let n = 0; ; n++) {
    const s = `m{i="${n}"}`;
    const h = seriesHash(s);
    const other = byHash.get(h);
    if (other !== undefined) return [other, s];
    byHash.set(h, s);
  }
}

describe('ExposedSeriesCache', () => {
  it('finds exactly what was added for the same text, and forgets what a batch did not see', () => {
    fc.assert(
      fc.property(scrapes, (batches) => {
        const cache = new ExposedSeriesCache<string>();
        const model = new Map<string, string>();
        batches.forEach((series, b) => {
          const batch = b + 1;
          const seen = new Set<string>();
          for (const { name, pairs } of series) {
            const key = keyOf(name, pairs);
            const hit = cache.get(sliced(text(name, pairs)), batch);
            assert.equal(hit?.value, model.get(key), `lookup of ${key} in batch ${batch}`);
            if (hit === undefined) {
              cache.add(sliced(text(name, pairs)), key);
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

  it('tells apart texts with the same hash, by guess and by table', () => {
    const [a, b] = collidingTexts();
    assert.notEqual(a, b);
    assert.equal(seriesHash(a), seriesHash(b));
    const cache = new ExposedSeriesCache<string>();
    assert.equal(cache.get(a, 1), undefined);
    cache.add(a, 'a');
    assert.equal(cache.get(b, 1), undefined, 'same hash, other text: a miss');
    cache.add(b, 'b');
    cache.end(1);
    // Batch 2 in the order of batch 1: the guesses hit.
    assert.equal(cache.get(sliced(a), 2)?.value, 'a');
    assert.equal(cache.get(sliced(b), 2)?.value, 'b');
    // Batch 3 the other way round: both through the table, one behind the other in its probe.
    assert.equal(cache.get(sliced(b), 3)?.value, 'b');
    assert.equal(cache.get(sliced(a), 3)?.value, 'a');
    cache.end(3);
    assert.equal(cache.size, 2);
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
      ['a', [['x', '1",y="2']]],
      ['a', [['x', '\\']]],
      ['a', [['x', '\\\\']]],
      ['a', []],
    ];
    const texts = forms.map(([name, pairs]) => text(name, pairs));
    assert.equal(new Set(texts).size, texts.length, `distinct texts: ${texts.join(' ')}`);
    for (const [i, t] of texts.entries()) {
      assert.equal(cache.get(t, 1), undefined);
      cache.add(t, keyOf(...(forms[i] as [string, Pairs])));
    }
    for (const [i, t] of [...texts.entries()].reverse())
      assert.equal(cache.get(t, 2)?.value, keyOf(...(forms[i] as [string, Pairs])));
  });

  it('grows past its first table and still finds everything, in any order', () => {
    const cache = new ExposedSeriesCache<number>();
    for (let i = 0; i < 5000; i++) {
      const s = `m{i="${i}"}`;
      assert.equal(cache.get(s, 1), undefined);
      cache.add(s, i);
    }
    for (let i = 4999; i >= 0; i -= 7) assert.equal(cache.get(`m{i="${i}"}`, 2)?.value, i);
    cache.end(2);
    assert.equal(cache.size, Math.ceil(5000 / 7));
    assert.equal(cache.get('m{i="2"}', 3), undefined, 'dropped: not seen by batch 2');
  });
});

describe('seriesTextOf', () => {
  it('gives the same text exactly to the same name and labels in the same order', () => {
    fc.assert(
      fc.property(exposed, exposed, (a, b) => {
        const same = keyOf(a.name, a.pairs) === keyOf(b.name, b.pairs);
        assert.equal(text(a.name, a.pairs) === text(b.name, b.pairs), same);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ownCopy', () => {
  it('returns an equal string for short, Latin-1, wider and long text', () => {
    const text = `x${'é'.repeat(20)}Ω${'y'.repeat(5000)}`;
    for (const s of [text.slice(1, 5), text.slice(1, 21), text.slice(1, 40), text.slice(22), text])
      assert.equal(ownCopy(s), s);
  });
});
