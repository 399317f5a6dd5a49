import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageError } from '../errors.js';
import type { BlockMeta } from '../types.js';
import { exponentialBlockRanges, planCompaction } from './plan.js';

const H = 3_600_000;
let n = 0;
function meta(minH: number, maxH: number, extra: Partial<BlockMeta> = {}): BlockMeta {
  const ulid = `B${String(++n).padStart(25, '0')}`;
  return {
    ulid,
    minTime: minH * H,
    maxTime: maxH * H,
    stats: { numSeries: 10, numSamples: 100, numChunks: 10 },
    compaction: { level: 1, sources: [ulid] },
    resolutionMs: 0,
    version: 1,
    ...extra,
  };
}
const spans = (groups: BlockMeta[][]): number[][][] =>
  groups.map((g) => g.map((m) => [m.minTime / H, m.maxTime / H]));

describe('planCompaction', () => {
  it('derives Prometheus exponential ranges', () => {
    assert.deepEqual(exponentialBlockRanges(2, 4, 3), [2, 6, 18, 54]);
  });

  it('plans nothing for too few blocks', () => {
    assert.deepEqual(planCompaction([]), []);
    assert.deepEqual(planCompaction([meta(0, 2)]), []);
    assert.deepEqual(planCompaction([meta(0, 2), meta(2, 4)]), []);
  });

  it('merges a full range of small blocks, leaving the newest block alone', () => {
    const blocks = [meta(0, 2), meta(2, 4), meta(4, 6), meta(6, 8)];
    assert.deepEqual(spans(planCompaction(blocks)), [
      [
        [0, 2],
        [2, 4],
        [4, 6],
      ],
    ]);
    // Without a block after them, the three that fill [0, 6) wait: the newest is never taken.
    assert.deepEqual(planCompaction(blocks.slice(0, 3)), []);
  });

  it('waits while a range is not full and more blocks still fit into it', () => {
    assert.deepEqual(planCompaction([meta(0, 2), meta(2, 4), meta(4, 6)]), []);
    assert.deepEqual(planCompaction([meta(0, 2), meta(2, 4), meta(6, 8)]), []);
  });

  it('merges a range with gaps once a later block has started', () => {
    // [0,2) and [4,6) share the 6 h window; [6,8) and [8,10) are newer.
    assert.deepEqual(spans(planCompaction([meta(0, 2), meta(4, 6), meta(6, 8), meta(8, 10)])), [
      [
        [0, 2],
        [4, 6],
      ],
    ]);
  });

  it('levels up: three 6 h blocks become an 18 h one', () => {
    const blocks = [meta(0, 6), meta(6, 12), meta(12, 18), meta(18, 20)];
    assert.deepEqual(spans(planCompaction(blocks)), [
      [
        [0, 6],
        [6, 12],
        [12, 18],
      ],
    ]);
  });

  it('merges overlapping blocks first, every overlapping run', () => {
    const blocks = [meta(0, 2), meta(1, 3), meta(4, 6), meta(6, 8), meta(7, 8), meta(10, 12)];
    assert.deepEqual(spans(planCompaction(blocks)), [
      [
        [0, 2],
        [1, 3],
      ],
      [
        [6, 8],
        [7, 8],
      ],
    ]);
  });

  it('leaves blocks that reach into the head alone', () => {
    const blocks = [meta(0, 2), meta(2, 4), meta(4, 6), meta(6, 8), meta(7, 9)];
    assert.deepEqual(spans(planCompaction(blocks, { headMinTime: 8 * H })), [
      [
        [0, 2],
        [2, 4],
        [4, 6],
      ],
    ]);
  });

  it('never groups blocks of different resolutions', () => {
    const rollups = [meta(0, 2), meta(2, 4), meta(4, 6), meta(6, 8)].map((m) => ({
      ...m,
      resolutionMs: 300_000,
    }));
    const raw = [meta(0, 2), meta(2, 4)];
    const groups = planCompaction([...raw, ...rollups]);
    assert.deepEqual(spans(groups), [
      [
        [0, 2],
        [2, 4],
        [4, 6],
      ],
    ]);
    assert.ok(groups[0]!.every((m) => m.resolutionMs === 300_000));
  });

  it('honours explicit ranges and a smaller block range', () => {
    const blocks = [meta(0, 1), meta(1, 2), meta(2, 3), meta(3, 4), meta(4, 5)];
    assert.deepEqual(spans(planCompaction(blocks, { ranges: [H, 4 * H] })), [
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    ]);
    assert.deepEqual(spans(planCompaction(blocks, { blockRangeMs: H })), [
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    ]);
  });

  it('rewrites a big block alone when many of its series carry tombstones', () => {
    const big = meta(0, 54);
    const blocks = [big, meta(54, 56)];
    assert.deepEqual(planCompaction(blocks, { tombstonedSeries: () => 0 }), []);
    assert.deepEqual(spans(planCompaction(blocks, { tombstonedSeries: (m) => (m === big ? 1 : 0) })), [
      [[0, 54]],
    ]);
    // A small block qualifies only when every series is deleted.
    const small = [meta(0, 2), meta(6, 8)];
    assert.deepEqual(planCompaction(small, { tombstonedSeries: () => 5 }), []);
    assert.deepEqual(spans(planCompaction(small, { tombstonedSeries: () => 10 })), [[[0, 2]]]);
  });

  it('rejects ranges that are not ascending', () => {
    assert.throws(
      () => planCompaction([], { ranges: [6, 2] }),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_OPTION',
    );
  });
});
