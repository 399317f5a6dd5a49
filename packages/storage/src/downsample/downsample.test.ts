import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { openBlock } from '../block/block.js';
import { StorageError } from '../errors.js';
import { compareLabels, labelsKey } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import { ChunkSeriesIterator } from '../querier/chunk-series-iterator.js';
import { createQuerier } from '../querier/querier.js';
import { ROLLUP_AGGREGATES, ROLLUP_LABEL } from '../querier/rollup-plan.js';
import { tempDir, writeSpecBlock } from '../querier/testing/disk-block.js';
import { drain, labelsOf, type MemBlockSpec, memBlock, type Sample } from '../querier/testing/mem-block.js';
import { expectedSamples } from '../querier/testing/model.js';
import type { BlockReader, RollupAggregate } from '../types.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { downsampleBlock } from './downsample.js';

const tmp = tempDir('downsample');
after(tmp.cleanup);
let dirCount = 0;
const freshDir = (): string => join(tmp.dir, String(++dirCount));

/** What each aggregate series must hold, computed the obvious way from the merged raw samples. */
function bruteForce(samples: readonly Sample[], res: number): Record<RollupAggregate, Sample[]> {
  const out: Record<RollupAggregate, Sample[]> = { min: [], max: [], sum: [], count: [], last: [] };
  const windows = new Map<number, Sample[]>();
  for (const s of samples) {
    const w = Math.floor(s[0] / res);
    windows.set(w, [...(windows.get(w) ?? []), s]);
  }
  for (const w of [...windows.keys()].sort((a, b) => a - b)) {
    const live = (windows.get(w) as Sample[]).filter(([, v]) => !isStaleNaN(v));
    if (live.length === 0) continue;
    const [t, last] = live[live.length - 1] as Sample;
    out.last.push([t, last]);
    const numbers = live.map(([, v]) => v).filter((v) => !Number.isNaN(v));
    if (numbers.length === 0) continue;
    out.min.push([t, Math.min(...numbers)]);
    out.max.push([t, Math.max(...numbers)]);
    out.sum.push([t, numbers.reduce((a, b) => a + b, 0)]);
    out.count.push([t, numbers.length]);
  }
  return out;
}

/** Reads every rollup series straight from the index: `labelsKey(raw labels)/aggregate` → samples. */
function readRollups(block: BlockReader): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  const index = block.index();
  for (const ref of index.allPostings()) {
    const entry = index.series(ref)!;
    const aggregate = entry.labels.find((l) => l.name === ROLLUP_LABEL)!.value;
    const raw = entry.labels.filter((l) => l.name !== ROLLUP_LABEL);
    const it = new ChunkSeriesIterator([{ chunkReader: block.chunks(), chunks: entry.chunks, deleted: [] }]);
    out.set(`${labelsKey(raw)}/${aggregate}`, drain(it));
  }
  return out;
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(STALE_NAN) },
);
const rawBlock: fc.Arbitrary<MemBlockSpec> = fc
  .uniqueArray(
    fc.record({
      // `Zone` and `__name__` sort before the rollup label, `job` after it; leaving some out makes
      // label sets whose rollups interleave differently from the raw order.
      labels: fc.record(
        {
          __name__: fc.constantFrom('up', 'load'),
          job: fc.constantFrom('a', 'b'),
          Zone: fc.constantFrom('1', '2'),
        },
        { requiredKeys: ['job'] },
      ),
      chunks: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 999 }), value), { maxLength: 30 }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    { maxLength: 8, selector: (s) => JSON.stringify(s.labels) },
  )
  .map((series) => ({
    minTime: 0,
    maxTime: 1000,
    // Each chunk ascending and duplicate-free; chunks may overlap each other.
    series: series.map((s) => ({
      labels: s.labels,
      chunks: s.chunks.map((c) =>
        [...new Map(c.map(([t, v]) => [t, v] as Sample)).entries()].sort((a, b) => a[0] - b[0]),
      ),
    })),
  }));

describe('downsampleBlock', () => {
  it('matches a brute-force rollup of the merged raw samples', async () => {
    await fc.assert(
      fc.asyncProperty(rawBlock, fc.constantFrom(10, 50, 300), async (spec, res) => {
        const dir = freshDir();
        const meta = await downsampleBlock(memBlock(spec), res, dir, { samplesPerChunk: 7 });
        const raw = expectedSamples([spec], 0, 999);
        const want = new Map<string, Sample[]>();
        for (const [key, samples] of raw) {
          const rollups = bruteForce(samples, res);
          for (const agg of ROLLUP_AGGREGATES)
            if (rollups[agg].length > 0) want.set(`${key}/${agg}`, rollups[agg]);
        }
        if (want.size === 0) {
          assert.equal(meta, undefined);
          return;
        }
        const block = openBlock(join(dir, meta!.ulid));
        try {
          assert.deepEqual(readRollups(block), want);
          assert.equal(block.meta.resolutionMs, res);
          const refs = block.index().allPostings();
          const labels = refs.map((r) => block.index().series(r)!.labels);
          for (let i = 1; i < labels.length; i++)
            assert.ok(compareLabels(labels[i - 1]!, labels[i]!) < 0, 'series in label order');
          assert.equal(labels.length, want.size);
        } finally {
          block.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the source range, level and sources, applies tombstones, and is read by the querier', async () => {
    const dir = freshDir();
    const samples: Sample[] = Array.from({ length: 120 }, (_, i) => [i * 15_000, i]);
    const raw = writeSpecBlock(dir, {
      minTime: 0,
      maxTime: 1_800_000,
      series: [
        {
          labels: { __name__: 'requests_total', job: 'api' },
          chunks: [samples.slice(0, 60), samples.slice(60)],
        },
      ],
    });
    raw.delete([createMatcher('=', 'job', 'api')], 0, 299_999);
    const meta = (await downsampleBlock(raw, 300_000, dir))!;
    assert.equal(meta.minTime, 0);
    assert.equal(meta.maxTime, 1_800_000);
    assert.deepEqual(meta.compaction, raw.meta.compaction);
    const rollup = openBlock(join(dir, meta.ulid));
    const q = createQuerier([rollup], 0, 1_799_999);
    const [series] = q.select([createMatcher('=', '__name__', 'requests_total')], {
      func: 'count_over_time',
    });
    assert.deepEqual(labelsOf(series!.labels), { __name__: 'requests_total', job: 'api' });
    // 5 windows left after the deletion, 20 samples each, stamped with their last sample's time.
    assert.deepEqual(
      drain(series!.iterator()),
      [1, 2, 3, 4, 5].map((k) => [k * 300_000 + 285_000, 20]),
    );
    const last = drain(q.select([createMatcher('=', 'job', 'api')])[0]!.iterator());
    assert.deepEqual(
      last.map(([, v]) => v),
      [39, 59, 79, 99, 119],
    );
    rollup.close();
    raw.close();
  });

  it('refuses rollup blocks and bad resolutions', async () => {
    const rollup = memBlock({ resolutionMs: 300_000, series: [] });
    const isOption = (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_OPTION';
    await assert.rejects(downsampleBlock(rollup, 300_000, freshDir()), isOption);
    await assert.rejects(downsampleBlock(memBlock({ series: [] }), 0, freshDir()), isOption);
  });
});
