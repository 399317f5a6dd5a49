import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Block, openBlock } from '../block/block.js';
import { StorageError } from '../errors.js';
import { labelsKey } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import { createQuerier } from '../querier/querier.js';
import { tempDir, writeSpecBlock } from '../querier/testing/disk-block.js';
import {
  drain,
  type MemBlockSpec,
  type MemSeriesSpec,
  memBlock,
  type Sample,
} from '../querier/testing/mem-block.js';
import { expectedSamples } from '../querier/testing/model.js';
import type { BlockReader } from '../types.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { compactBlocks } from './compact.js';

const all = [createMatcher('=~', '__name__', '.+')];
const tmp = tempDir('compact');
after(tmp.cleanup);
let dirCount = 0;
const freshDir = (): string => join(tmp.dir, String(++dirCount));

function readAll(readers: readonly BlockReader[], mint: number, maxt: number): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const s of createQuerier(readers, mint, maxt).select(all)) {
    const samples = drain(s.iterator());
    if (samples.length > 0) out.set(labelsKey(s.labels), samples);
  }
  return out;
}

const value = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.constant(-0),
  fc.constant(STALE_NAN),
);

/** Series of one block spanning [lo, lo + 100): non-overlapping chunks of random length. */
const seriesIn = (lo: number): fc.Arbitrary<MemSeriesSpec> =>
  fc
    .record({
      name: fc.constantFrom('up', 'load'),
      job: fc.constantFrom('a', 'b', 'c'),
      ts: fc.uniqueArray(fc.integer({ min: lo, max: lo + 99 }), { minLength: 1, maxLength: 40 }),
      cut: fc.integer({ min: 1, max: 15 }),
    })
    .chain(({ name, job, ts, cut }) =>
      fc.array(value, { minLength: ts.length, maxLength: ts.length }).map((vs) => {
        const sorted = [...ts].sort((a, b) => a - b);
        const chunks: Sample[][] = [];
        sorted.forEach((t, i) => {
          if (i % cut === 0) chunks.push([]);
          (chunks[chunks.length - 1] as Sample[]).push([t, vs[i] as number]);
        });
        return { labels: { __name__: name, job }, chunks };
      }),
    );

const blockAt = (lo: number): fc.Arbitrary<MemBlockSpec> =>
  fc
    .uniqueArray(seriesIn(lo), { maxLength: 5, selector: (s) => `${s.labels.__name__}/${s.labels.job}` })
    .map((series) => ({
      minTime: lo,
      maxTime: lo + 100,
      series,
    }));

// Blocks [i·stride, i·stride + 100): adjacent for stride 100, overlapping for 60.
const scenario = fc
  .record({
    stride: fc.constantFrom(100, 60),
    perChunk: fc.integer({ min: 1, max: 9 }),
    count: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ stride, perChunk, count }) =>
    fc
      .tuple(...Array.from({ length: count }, (_, i) => blockAt(i * stride)))
      .map((specs) => ({ stride, perChunk, specs })),
  );

describe('compactBlocks', () => {
  it('keeps exactly the samples of adjacent or overlapping blocks, in chunks of N samples', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stride, perChunk, specs }) => {
        const count = specs.length;
        const dir = freshDir();
        // Sources in memory (the merge does not care), the new block on disk.
        const blocks = specs.map((s) => memBlock(s));
        const maxTime = (count - 1) * stride + 100;
        const meta = await compactBlocks(blocks, dir, { samplesPerChunk: perChunk });
        const expected = expectedSamples(specs, 0, maxTime - 1);
        if (expected.size === 0) {
          assert.equal(meta, undefined);
          return;
        }
        assert.ok(meta !== undefined);
        const out = openBlock(join(dir, meta.ulid));
        try {
          assert.deepEqual(readAll([out], 0, maxTime), expected);
          assert.equal(meta.minTime, 0);
          assert.equal(meta.maxTime, maxTime);
          assert.equal(meta.compaction.level, 2);
          assert.deepEqual(meta.compaction.sources, blocks.map((b) => b.meta.ulid).sort());
          assert.equal(
            meta.stats.numSamples,
            [...expected.values()].reduce((n, s) => n + s.length, 0),
          );
          const index = out.index();
          for (const ref of index.allPostings()) {
            const chunks = index.series(ref)?.chunks ?? [];
            chunks.forEach((c, i) => {
              if (i < chunks.length - 1) assert.equal(c.numSamples, perChunk);
              if (i > 0) assert.ok(c.minTime > (chunks[i - 1]?.maxTime ?? 0));
            });
          }
        } finally {
          out.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('lets the later reader win equal timestamps', async () => {
    const dir = freshDir();
    const a = writeSpecBlock(dir, {
      series: [
        {
          labels: { __name__: 'up' },
          chunks: [
            [
              [1, 1],
              [2, 1],
            ],
          ],
        },
      ],
    });
    const b = writeSpecBlock(dir, {
      series: [
        {
          labels: { __name__: 'up' },
          chunks: [
            [
              [2, 2],
              [3, 2],
            ],
          ],
        },
      ],
    });
    const meta = await compactBlocks([a, b], dir);
    const out = openBlock(join(dir, meta!.ulid));
    assert.deepEqual(
      [...readAll([out], 0, 10).values()],
      [
        [
          [1, 1],
          [2, 2],
          [3, 2],
        ],
      ],
    );
    out.close();
  });

  it('makes deletions physical: tombstoned samples are not in the new block', async () => {
    const dir = freshDir();
    const spec = (lo: number): MemBlockSpec => ({
      minTime: lo,
      maxTime: lo + 100,
      series: [
        {
          labels: { __name__: 'up', job: 'a' },
          chunks: [Array.from({ length: 100 }, (_, i): Sample => [lo + i, i])],
        },
        {
          labels: { __name__: 'up', job: 'b' },
          chunks: [Array.from({ length: 100 }, (_, i): Sample => [lo + i, i])],
        },
      ],
    });
    const blocks = [writeSpecBlock(dir, spec(0)), writeSpecBlock(dir, spec(100))];
    blocks[0]!.delete([createMatcher('=', 'job', 'a')], 50, 149);
    blocks[1]!.delete([createMatcher('=', 'job', 'a')], 50, 149);
    blocks[1]!.delete([createMatcher('=', 'job', 'b')], 0, 1000);
    const before = readAll(blocks, 0, 199);
    const meta = await compactBlocks(blocks, dir);
    const out = openBlock(join(dir, meta!.ulid));
    assert.equal(out.tombstones().size, 0);
    assert.equal(meta!.stats.numSamples, 100 + 50 + 50);
    assert.deepEqual(readAll([out], 0, 199), before);
    const jobA = createQuerier([out], 0, 199).select([createMatcher('=', 'job', 'a')]);
    assert.deepEqual(
      drain(jobA[0]!.iterator()).map(([t]) => t),
      [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 150 + i)],
    );
    out.close();
    for (const b of blocks) b.close();
  });

  it('clips to an explicit range and starts a new lineage at level 1 (a head cut)', async () => {
    const dir = freshDir();
    const head = memBlock({
      series: [
        { labels: { __name__: 'up' }, chunks: [Array.from({ length: 30 }, (_, i): Sample => [i * 10, i])] },
      ],
    });
    const meta = await compactBlocks([head], dir, { minTime: 100, maxTime: 200, level: 1 });
    assert.equal(meta!.compaction.level, 1);
    assert.deepEqual(meta!.compaction.sources, [meta!.ulid]);
    const out = openBlock(join(dir, meta!.ulid));
    assert.deepEqual(
      [...readAll([out], 0, 1000).values()][0]!.map(([t]) => t),
      [100, 110, 120, 130, 140, 150, 160, 170, 180, 190],
    );
    out.close();
  });

  it('keeps stale markers bit-exact', async () => {
    const dir = freshDir();
    const a = writeSpecBlock(dir, {
      series: [
        {
          labels: { __name__: 'up' },
          chunks: [
            [
              [1, 1],
              [2, STALE_NAN],
              [3, Number.NaN],
            ],
          ],
        },
      ],
    });
    const meta = await compactBlocks([a], dir);
    const out = openBlock(join(dir, meta!.ulid));
    const samples = [...readAll([out], 0, 10).values()][0]!;
    assert.equal(isStaleNaN(samples[1]![1]), true);
    assert.equal(isStaleNaN(samples[2]![1]), false);
    assert.ok(Number.isNaN(samples[2]![1]));
    out.close();
    a.close();
  });

  it('writes nothing when no sample survives', async () => {
    const dir = freshDir();
    const a: Block = writeSpecBlock(dir, { series: [{ labels: { __name__: 'up' }, chunks: [[[1, 1]]] }] });
    a.delete(all, 0, 10);
    const entries = readdirSync(dir).length;
    assert.equal(await compactBlocks([a], dir), undefined);
    assert.equal(readdirSync(dir).length, entries);
    assert.equal(await compactBlocks([], dir), undefined);
    a.close();
  });

  it('refuses to mix resolutions', async () => {
    const raw = memBlock({ series: [] });
    const rollup = memBlock({ resolutionMs: 300_000, series: [] });
    await assert.rejects(
      compactBlocks([raw, rollup], freshDir()),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_OPTION',
    );
    assert.equal(existsSync(join(tmp.dir, String(dirCount))), false);
  });
});
