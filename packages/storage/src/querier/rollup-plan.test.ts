import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMatcher } from '../labels/matchers.js';
import type { RollupAggregate } from '../types.js';
import { createQuerier } from './querier.js';
import { planReaders, ROLLUP_AGGREGATES, rollupAggregateFor } from './rollup-plan.js';
import { drain, labelsOf, memBlock } from './testing/mem-block.js';

const up = [createMatcher('=', '__name__', 'up')];
const OFFSET: Record<RollupAggregate, number> = { min: 1000, max: 2000, sum: 3000, count: 4000, last: 5000 };

// Raw data for [0, 100); rollups (step 50) for [0, 200), each aggregate's value = offset + time.
const raw = memBlock({
  minTime: 0,
  maxTime: 100,
  series: [
    {
      labels: { __name__: 'up', job: 'x' },
      chunks: [[0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map((t) => [t, t] as const)],
    },
  ],
});
const rollup = memBlock({
  minTime: 0,
  maxTime: 200,
  resolutionMs: 50,
  series: ROLLUP_AGGREGATES.map((agg) => ({
    labels: { __name__: 'up', job: 'x', __rollup__: agg },
    chunks: [[49, 99, 149, 199].map((t) => [t, OFFSET[agg] + t] as const)],
  })),
});

describe('rollup substitution', () => {
  it('answers from rollups only where no raw data is, stripping the rollup label', () => {
    const series = createQuerier([rollup, raw], 0, 199).select(up);
    assert.equal(series.length, 1);
    assert.deepEqual(labelsOf(series[0]!.labels), { __name__: 'up', job: 'x' });
    assert.deepEqual(drain(series[0]!.iterator()), [
      ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map((t) => [t, t]),
      [149, 5149],
      [199, 5199],
    ]);
  });

  it('picks the aggregate from the function the selector feeds', () => {
    const cases: [string | undefined, RollupAggregate][] = [
      ['min_over_time', 'min'],
      ['max_over_time', 'max'],
      ['sum_over_time', 'sum'],
      ['count_over_time', 'count'],
      ['rate', 'last'],
      [undefined, 'last'],
    ];
    for (const [func, agg] of cases) {
      assert.equal(rollupAggregateFor(func), agg);
      const q = createQuerier([raw, rollup], 100, 199);
      const samples = drain(q.select(up, func === undefined ? {} : { func })[0]!.iterator());
      assert.deepEqual(
        samples,
        [
          [149, OFFSET[agg] + 149],
          [199, OFFSET[agg] + 199],
        ],
        String(func),
      );
    }
  });

  it('uses rollups wholly when the hints allow their resolution', () => {
    const q = createQuerier([rollup, raw], 0, 199);
    const coarse = drain(q.select(up, { maxResolutionMs: 50, func: 'max_over_time' })[0]!.iterator());
    assert.deepEqual(
      coarse,
      [49, 99, 149, 199].map((t) => [t, 2000 + t]),
    );
    const fine = drain(q.select(up, { maxResolutionMs: 10 })[0]!.iterator());
    assert.equal(fine.length, 12);
  });

  it('reads raw data alone when it covers the range', () => {
    const samples = drain(createQuerier([rollup, raw], 0, 99).select(up)[0]!.iterator());
    assert.deepEqual(
      samples.map(([t]) => t),
      [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
    );
  });

  it('hides the rollup label from label listings', () => {
    const q = createQuerier([rollup], 0, 199);
    assert.deepEqual(q.labelNames(), ['__name__', 'job']);
    assert.deepEqual(q.labelNames(up), ['__name__', 'job']);
    assert.deepEqual(q.labelValues('__rollup__'), []);
    assert.deepEqual(q.labelValues('job', up), ['x']);
  });

  it('keeps series sorted after the rollup label is removed', () => {
    // With the label {__p="1"} sorts first ('__p' < '__rollup__'); without it {} is a prefix and sorts first.
    const r = memBlock({
      minTime: 0,
      maxTime: 100,
      resolutionMs: 50,
      series: [
        { labels: { __name__: 'up', __rollup__: 'last' }, chunks: [[[1, 1]]] },
        { labels: { __name__: 'up', __p: '1', __rollup__: 'last' }, chunks: [[[1, 2]]] },
      ],
    });
    assert.deepEqual(
      r
        .index()
        .allPostings()
        .map((ref) => labelsOf(r.index().series(ref)!.labels).__p),
      ['1', undefined],
    );
    const got = createQuerier([r], 0, 99)
      .select(up)
      .map((s) => labelsOf(s.labels));
    assert.deepEqual(got, [{ __name__: 'up' }, { __name__: 'up', __p: '1' }]);
  });
});

describe('planReaders', () => {
  const block = (minTime: number, maxTime: number, resolutionMs = 0) =>
    memBlock({ minTime, maxTime, resolutionMs, series: [] });

  it('gives raw readers the whole query and rollups what is left, finest rollup first', () => {
    const r5 = block(0, 300, 5);
    const r10 = block(0, 400, 10);
    const b = block(100, 200);
    const plans = planReaders([r10, r5, b], 0, 399);
    assert.deepEqual(
      plans.map((p) => p.allowed),
      [
        [{ minTime: 300, maxTime: 399 }],
        [
          { minTime: 0, maxTime: 99 },
          { minTime: 200, maxTime: 299 },
        ],
        [{ minTime: 0, maxTime: 399 }],
      ],
    );
  });

  it('lets allowed rollups claim their range first, coarsest first', () => {
    const r5 = block(0, 300, 5);
    const r10 = block(0, 200, 10);
    const b = block(0, 400);
    const plans = planReaders([r10, r5, b], 0, 399, 10);
    assert.deepEqual(
      plans.map((p) => p.allowed),
      [[{ minTime: 0, maxTime: 199 }], [{ minTime: 200, maxTime: 299 }], [{ minTime: 300, maxTime: 399 }]],
    );
  });

  it('leaves out readers that do not touch the query or have nothing left', () => {
    const plans = planReaders([block(0, 100), block(0, 100, 5), block(500, 600)], 0, 99);
    assert.equal(plans.length, 1);
    assert.equal(plans[0]!.isRollup, false);
  });
});
