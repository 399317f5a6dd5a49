// Which blocks to merge next: Prometheus's LeveledCompactor.plan (tsdb/compact.go). Overlapping
// blocks are merged first; then adjacent blocks that together fill an aligned range of the next
// size up (2 h → 6 h → 18 h → …); then a lone block that carries many tombstones, so deletions
// become physical even in blocks that have reached the largest size.

import { StorageError } from '../errors.js';
import type { BlockMeta } from '../types.js';

const HOUR = 3_600_000;

/** Prometheus's default head block length. */
export const DEFAULT_BLOCK_RANGE_MS = 2 * HOUR;
/** Blocks never grow past 31 days (Prometheus caps its max block duration there too). */
export const DEFAULT_MAX_BLOCK_RANGE_MS = 31 * 24 * HOUR;

/** `minSize`, `minSize·stepSize`, … (`steps` of them): Prometheus's ExponentialBlockRanges. */
export function exponentialBlockRanges(minSize: number, steps: number, stepSize: number): number[] {
  const ranges: number[] = [];
  let r = minSize;
  for (let i = 0; i < steps; i++, r *= stepSize) ranges.push(r);
  return ranges;
}

export interface PlanOptions {
  /** Length of the blocks cut from the head; the ranges grow from it ×3 per level (default 2 h). */
  readonly blockRangeMs?: number;
  /** Largest block the planner builds (default 31 days). */
  readonly maxBlockRangeMs?: number;
  /** Explicit ascending ranges, instead of the ones derived from blockRangeMs. */
  readonly ranges?: readonly number[];
  /** Blocks reaching into the head's range (maxTime > headMinTime) are left alone. */
  readonly headMinTime?: number;
  /**
   * Series with tombstones in a block; when given, a block of at least the middle range whose
   * tombstoned share exceeds 5 % is planned alone, to be rewritten without the deleted data.
   */
  readonly tombstonedSeries?: (meta: BlockMeta) => number;
}

/**
 * Groups of blocks to merge, each sorted by minTime and disjoint from the others. Blocks of
 * different resolutions are never grouped together. Compact the groups, then plan again: a merge
 * can enable another one level up.
 */
export function planCompaction(metas: readonly BlockMeta[], options: PlanOptions = {}): BlockMeta[][] {
  const ranges = options.ranges ?? defaultRanges(options);
  if (ranges.some((r, i) => !(r > 0) || (i > 0 && r <= (ranges[i - 1] as number)))) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `block ranges must be positive and ascending, got ${ranges.join(', ')}`,
    );
  }
  const headMinTime = options.headMinTime ?? Number.POSITIVE_INFINITY;
  const byResolution = new Map<number, BlockMeta[]>();
  for (const m of metas) {
    if (m.maxTime > headMinTime) continue;
    const list = byResolution.get(m.resolutionMs);
    if (list === undefined) byResolution.set(m.resolutionMs, [m]);
    else list.push(m);
  }
  const groups: BlockMeta[][] = [];
  for (const res of [...byResolution.keys()].sort((a, b) => a - b)) {
    const sorted = (byResolution.get(res) as BlockMeta[]).sort(
      (a, b) => a.minTime - b.minTime || a.maxTime - b.maxTime,
    );
    groups.push(...planOneResolution(sorted, ranges, options.tombstonedSeries));
  }
  return groups;
}

function defaultRanges(options: PlanOptions): number[] {
  const min = options.blockRangeMs ?? DEFAULT_BLOCK_RANGE_MS;
  const max = options.maxBlockRangeMs ?? DEFAULT_MAX_BLOCK_RANGE_MS;
  return exponentialBlockRanges(min, 10, 3).filter((r, i) => i === 0 || r <= max);
}

function planOneResolution(
  sorted: readonly BlockMeta[],
  ranges: readonly number[],
  tombstonedSeries: ((meta: BlockMeta) => number) | undefined,
): BlockMeta[][] {
  const overlapping = overlappingGroups(sorted);
  if (overlapping.length > 0) return overlapping;
  // The newest block stays out of range merges for a while: it may still have a neighbour coming
  // that belongs in the same range, and it gives backups a full block period to copy it as is.
  const settled = sorted.slice(0, -1);
  const group = fullRangeGroup(settled, ranges);
  if (group !== undefined) return [group];
  if (tombstonedSeries !== undefined) {
    const middle = ranges[ranges.length >> 1] as number;
    for (let i = settled.length - 1; i >= 0; i--) {
      const m = settled[i] as BlockMeta;
      const stoned = tombstonedSeries(m);
      if (m.maxTime - m.minTime < middle) {
        // Small blocks get merged anyway, except one whose every series is deleted.
        if (m.stats.numSeries > 0 && stoned >= m.stats.numSeries) return [[m]];
        break;
      }
      if (stoned / (m.stats.numSeries + 1) > 0.05) return [[m]];
    }
  }
  return [];
}

/** Maximal runs of blocks whose time ranges overlap (minTime before the run's maxTime so far). */
function overlappingGroups(sorted: readonly BlockMeta[]): BlockMeta[][] {
  const groups: BlockMeta[][] = [];
  let run: BlockMeta[] = [];
  let runMaxTime = Number.NEGATIVE_INFINITY;
  for (const m of sorted) {
    if (m.minTime < runMaxTime) {
      run.push(m);
    } else {
      if (run.length > 1) groups.push(run);
      run = [m];
    }
    runMaxTime = Math.max(runMaxTime, m.maxTime);
  }
  if (run.length > 1) groups.push(run);
  return groups;
}

/**
 * Prometheus's selectDirs: for each range above the smallest, the first aligned window whose
 * blocks (more than one) either fill it or all end before the newest settled block starts.
 */
function fullRangeGroup(settled: readonly BlockMeta[], ranges: readonly number[]): BlockMeta[] | undefined {
  const newest = settled[settled.length - 1];
  if (newest === undefined) return undefined;
  const highTime = newest.minTime;
  for (const range of ranges.slice(1)) {
    for (const part of splitByRange(settled, range)) {
      const mint = (part[0] as BlockMeta).minTime;
      const maxt = (part[part.length - 1] as BlockMeta).maxTime;
      if (part.length > 1 && (maxt - mint === range || maxt <= highTime)) return part;
    }
  }
  return undefined;
}

/** Blocks grouped by the aligned window [k·range, (k+1)·range) they fit in; blocks that fit none are skipped. */
function splitByRange(sorted: readonly BlockMeta[], range: number): BlockMeta[][] {
  const parts: BlockMeta[][] = [];
  let i = 0;
  while (i < sorted.length) {
    const m = sorted[i] as BlockMeta;
    const t0 = Math.floor(m.minTime / range) * range;
    if (m.maxTime > t0 + range) {
      i++;
      continue;
    }
    const group: BlockMeta[] = [];
    for (; i < sorted.length && (sorted[i] as BlockMeta).maxTime <= t0 + range; i++)
      group.push(sorted[i] as BlockMeta);
    parts.push(group);
  }
  return parts;
}
