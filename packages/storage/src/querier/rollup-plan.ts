// Which reader answers for which part of a query's range when rollup blocks are present.
//
// Readers form classes, each claiming its time ranges before the next class: rollups the query
// allows in place of raw data (coarsest first), then raw data (blocks and head), then the other
// rollups (finest first) only where nothing earlier has data. Within a class readers overlap
// freely and are merged by timestamp.

import type { BlockMeta, BlockReader, Interval, RollupAggregate } from '../types.js';
import { clipIntervals, subtractIntervals, unionIntervals } from './intervals.js';

/** The extra label a rollup block puts on each aggregate series of a raw series. */
export const ROLLUP_LABEL = '__rollup__';

export const ROLLUP_AGGREGATES: readonly RollupAggregate[] = ['count', 'last', 'max', 'min', 'sum'];

/** The aggregate that best answers `func` (a PromQL function name) over rollup data. */
export function rollupAggregateFor(func: string | undefined): RollupAggregate {
  switch (func) {
    case 'min_over_time':
      return 'min';
    case 'max_over_time':
      return 'max';
    case 'sum_over_time':
      return 'sum';
    case 'count_over_time':
      return 'count';
    default:
      return 'last';
  }
}

export interface ReaderPlan {
  readonly reader: BlockReader;
  /** Position in the querier's reader list: later readers win ties. */
  readonly position: number;
  /** Sorted, disjoint, inclusive parts of [mint, maxt] this reader answers for; never empty. */
  readonly allowed: readonly Interval[];
  readonly isRollup: boolean;
}

/** Timestamps a block holds: [minTime, maxTime) as in BlockMeta, clipped to the query. */
function span(meta: BlockMeta, mint: number, maxt: number): Interval[] {
  return clipIntervals([{ minTime: meta.minTime, maxTime: meta.maxTime - 1 }], mint, maxt);
}

/**
 * Assigns each reader the parts of [mint, maxt] it answers for (readers with none are left out).
 * `maxResolutionMs` > 0 lets rollups of at most that step replace raw data wherever they cover it.
 */
export function planReaders(
  readers: readonly BlockReader[],
  mint: number,
  maxt: number,
  maxResolutionMs = 0,
): ReaderPlan[] {
  // `meta` is read once per reader: the head computes it on every access.
  const relevant: { reader: BlockReader; meta: BlockMeta; position: number; key: number }[] = [];
  readers.forEach((reader, position) => {
    const meta = reader.meta;
    if (meta.minTime > maxt || meta.maxTime <= mint) return;
    const res = meta.resolutionMs;
    // Class order: allowed rollups coarsest first (negative keys), raw (0), other rollups finest first.
    const key = res === 0 ? 0 : maxResolutionMs > 0 && res <= maxResolutionMs ? -res : res;
    relevant.push({ reader, meta, position, key });
  });

  const plans: ReaderPlan[] = [];
  let claimed: Interval[] = [];
  for (const key of [...new Set(relevant.map((r) => r.key))].sort((a, b) => a - b)) {
    const members = relevant.filter((r) => r.key === key);
    const isRollup = key !== 0;
    for (const { reader, meta, position } of members) {
      // Raw readers are merged over the whole query: their chunks bound themselves.
      const allowed = subtractIntervals(
        isRollup ? span(meta, mint, maxt) : [{ minTime: mint, maxTime: maxt }],
        claimed,
      );
      if (allowed.length > 0) plans.push({ reader, position, allowed, isRollup });
    }
    claimed = unionIntervals(claimed, ...members.map((m) => span(m.meta, mint, maxt)));
  }
  return plans.sort((a, b) => a.position - b.position);
}
