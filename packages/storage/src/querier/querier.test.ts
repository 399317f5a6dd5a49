import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StorageError } from '../errors.js';
import { labelsKey } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { createQuerier } from './querier.js';
import { drain, labelsOf, memBlock } from './testing/mem-block.js';
import { blockSpec, expectedSamples } from './testing/model.js';

const up = [createMatcher('=', '__name__', 'up')];
const run = (from: number, to: number, v: number, step = 1): [number, number][] => {
  const out: [number, number][] = [];
  for (let t = from; t <= to; t += step) out.push([t, v]);
  return out;
};

describe('createQuerier select', () => {
  it('merges a series across overlapping readers; on equal timestamps the later reader wins', () => {
    const a = memBlock({ series: [{ labels: { __name__: 'up', job: 'x' }, chunks: [run(0, 10, 1, 2)] }] });
    const b = memBlock({ series: [{ labels: { __name__: 'up', job: 'x' }, chunks: [run(4, 14, 2, 2)] }] });
    const head = memBlock({
      series: [
        {
          labels: { __name__: 'up', job: 'x' },
          chunks: [
            [
              [8, 3],
              [9, 3],
            ],
          ],
        },
      ],
    });
    const series = createQuerier([a, b, head], 0, 100).select(up);
    assert.equal(series.length, 1);
    assert.deepEqual(drain(series[0]!.iterator()), [
      [0, 1],
      [2, 1],
      [4, 2],
      [6, 2],
      [8, 3],
      [9, 3],
      [10, 2],
      [12, 2],
      [14, 2],
    ]);
  });

  it('merges overlapping chunks within one series, a later chunk winning ties', () => {
    const a = memBlock({ series: [{ labels: { __name__: 'up' }, chunks: [run(0, 6, 1, 3), run(3, 5, 2)] }] });
    assert.deepEqual(drain(createQuerier([a], 0, 10).select(up)[0]!.iterator()), [
      [0, 1],
      [3, 2],
      [4, 2],
      [5, 2],
      [6, 1],
    ]);
  });

  it('clips samples to [mint, maxt], both inclusive', () => {
    const a = memBlock({ series: [{ labels: { __name__: 'up' }, chunks: [run(0, 9, 1), run(10, 19, 2)] }] });
    const q = createQuerier([a], 5, 12);
    assert.deepEqual(
      drain(q.select(up)[0]!.iterator()).map(([t]) => t),
      [5, 6, 7, 8, 9, 10, 11, 12],
    );
  });

  it('hides tombstoned intervals of a reader, not the same timestamps held by another reader', () => {
    const a = memBlock({
      series: [
        {
          labels: { __name__: 'up' },
          chunks: [run(0, 9, 1)],
          deleted: [
            { minTime: 2, maxTime: 4 },
            { minTime: 8, maxTime: 20 },
          ],
        },
      ],
    });
    const b = memBlock({ series: [{ labels: { __name__: 'up' }, chunks: [[[3, 7]]] }] });
    const series = createQuerier([a, b], 0, 100).select(up);
    assert.deepEqual(drain(series[0]!.iterator()), [
      [0, 1],
      [1, 1],
      [3, 7],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
  });

  it('skips series whose chunks are all deleted', () => {
    const a = memBlock({
      series: [
        {
          labels: { __name__: 'up', job: 'gone' },
          chunks: [run(0, 9, 1)],
          deleted: [{ minTime: 0, maxTime: 9 }],
        },
        { labels: { __name__: 'up', job: 'kept' }, chunks: [run(0, 9, 1)] },
      ],
    });
    assert.deepEqual(
      createQuerier([a], 0, 100)
        .select(up)
        .map((s) => labelsOf(s.labels).job),
      ['kept'],
    );
  });

  it('returns series sorted by labels across readers', () => {
    const a = memBlock({
      series: [
        { labels: { __name__: 'up', job: 'b' }, chunks: [[[1, 1]]] },
        { labels: { __name__: 'up', job: 'd' }, chunks: [[[1, 1]]] },
      ],
    });
    const b = memBlock({
      series: [
        { labels: { __name__: 'up', job: 'a' }, chunks: [[[1, 1]]] },
        { labels: { __name__: 'up', job: 'c' }, chunks: [[[1, 1]]] },
      ],
    });
    const jobs = createQuerier([a, b], 0, 10)
      .select(up)
      .map((s) => labelsOf(s.labels).job);
    assert.deepEqual(jobs, ['a', 'b', 'c', 'd']);
  });

  it('decodes nothing before iteration, and one chunk at a time for non-overlapping chunks', () => {
    const a = memBlock({
      series: [{ labels: { __name__: 'up' }, chunks: [run(0, 9, 1), run(10, 19, 1), run(20, 29, 1)] }],
    });
    const [s] = createQuerier([a], 0, 100).select(up);
    assert.equal(a.chunkLoads, 0);
    const it = s!.iterator();
    assert.ok(it.next());
    assert.equal(a.chunkLoads, 1);
    assert.ok(it.seek(15));
    assert.equal(it.t, 15);
    assert.equal(a.chunkLoads, 2);
  });

  it('seeks forward and stays put when asked for an earlier time', () => {
    const a = memBlock({ series: [{ labels: { __name__: 'up' }, chunks: [run(0, 20, 1, 5)] }] });
    const b = memBlock({ series: [{ labels: { __name__: 'up' }, chunks: [run(3, 23, 2, 5)] }] });
    const it = createQuerier([a, b], 0, 100).select(up)[0]!.iterator();
    assert.ok(it.seek(6));
    assert.equal(it.t, 8);
    assert.ok(it.seek(2));
    assert.equal(it.t, 8);
    assert.ok(it.next());
    assert.equal(it.t, 10);
    assert.equal(it.seek(24), false);
    assert.equal(it.next(), false);
  });

  it('passes stale markers through', () => {
    const a = memBlock({
      series: [
        {
          labels: { __name__: 'up' },
          chunks: [
            [
              [1, 1],
              [2, STALE_NAN],
            ],
          ],
        },
      ],
    });
    const samples = drain(createQuerier([a], 0, 10).select(up)[0]!.iterator());
    assert.ok(isStaleNaN(samples[1]![1]));
  });

  it('rejects a select without matchers', () => {
    const q = createQuerier([], 0, 10);
    assert.throws(
      () => q.select([]),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_MATCHER',
    );
  });

  it('refuses use after close', () => {
    const q = createQuerier([], 0, 10);
    q.close();
    assert.throws(
      () => q.select(up),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_CLOSED',
    );
  });

  it('matches a brute-force merge of random overlapping readers', () => {
    fc.assert(
      fc.property(
        fc.array(blockSpec, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (specs, x, y) => {
          const [mint, maxt] = x <= y ? [x, y] : [y, x];
          const q = createQuerier(
            specs.map((s) => memBlock(s)),
            mint,
            maxt,
          );
          const got = new Map<string, [number, number][]>();
          for (const s of q.select([createMatcher('=~', '__name__', '.+')])) {
            const samples = drain(s.iterator());
            if (samples.length > 0) got.set(labelsKey(s.labels), samples);
          }
          assert.deepEqual(got, expectedSamples(specs, mint, maxt));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('createQuerier label listings', () => {
  const a = memBlock({
    series: [
      { labels: { __name__: 'up', job: 'api', zone: 'eu' }, chunks: [[[1, 1]]] },
      { labels: { __name__: 'load', job: 'db' }, chunks: [[[1, 1]]] },
    ],
  });
  const b = memBlock({
    series: [{ labels: { __name__: 'up', job: 'web', host: 'h1' }, chunks: [[[5, 1]]] }],
  });

  it('lists names and values across readers, sorted and deduplicated', () => {
    const q = createQuerier([a, b], 0, 10);
    assert.deepEqual(q.labelNames(), ['__name__', 'host', 'job', 'zone']);
    assert.deepEqual(q.labelValues('job'), ['api', 'db', 'web']);
    assert.deepEqual(q.labelValues('absent'), []);
  });

  it('restricts to series matching the matchers', () => {
    const q = createQuerier([a, b], 0, 10);
    assert.deepEqual(q.labelNames(up), ['__name__', 'host', 'job', 'zone']);
    assert.deepEqual(q.labelNames([createMatcher('=', 'job', 'db')]), ['__name__', 'job']);
    assert.deepEqual(q.labelValues('job', up), ['api', 'web']);
    assert.deepEqual(q.labelValues('zone', [createMatcher('=', 'job', 'web')]), []);
  });

  it('leaves out readers outside the query range', () => {
    const q = createQuerier([a, b], 3, 10);
    assert.deepEqual(q.labelValues('job'), ['web']);
  });
});
