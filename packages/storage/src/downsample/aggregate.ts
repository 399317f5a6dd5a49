// Rollup aggregates of one series over aligned windows [k·res, (k+1)·res) (Thanos's downsampling,
// with each aggregate stored as its own series instead of an aggregate chunk).
//
// Each window yields min, max, sum and count of its numeric samples (stale markers and other NaNs
// left out) and the last value that is not a stale marker, all stamped with the time of that last
// sample, so the rollup of a window never claims a time later than its data.
//
// `last` keeps counters usable: rate() over `last` values sees the same increases as over the raw
// samples, except that a counter reset inside a window is lost (the increase before the reset in
// that window is missed, as with any rate over sparser samples). Staleness is not carried into
// rollups: a series that ended shows its last value until the reader's lookback runs out.

import type { RollupAggregate, SampleIterator } from '../types.js';
import { isStaleNaN } from '../value.js';

/** One aggregate's samples: parallel timestamp and value arrays. */
export interface RollupRun {
  ts: Float64Array;
  vs: Float64Array;
  length: number;
}

export type RollupRuns = Record<RollupAggregate, RollupRun>;

function emptyRun(capacity: number): RollupRun {
  return { ts: new Float64Array(capacity), vs: new Float64Array(capacity), length: 0 };
}

function push(run: RollupRun, t: number, v: number): void {
  if (run.length === run.vs.length) {
    const ts = new Float64Array(run.length * 2);
    const vs = new Float64Array(run.length * 2);
    ts.set(run.ts);
    vs.set(run.vs);
    run.ts = ts;
    run.vs = vs;
  }
  run.ts[run.length] = t;
  run.vs[run.length++] = v;
}

/**
 * Drains `it` into per-window aggregates. Values stay in typed arrays so a NaN's bits survive.
 * Iteration errors are thrown (the caller is writing a block and must not write a partial one).
 */
export function rollupSeries(it: SampleIterator, resolutionMs: number): RollupRuns {
  const runs: RollupRuns = {
    min: emptyRun(16),
    max: emptyRun(16),
    sum: emptyRun(16),
    count: emptyRun(16),
    last: emptyRun(16),
  };
  let window = Number.NaN;
  let count = 0;
  let min = 0;
  let max = 0;
  let sum = 0;
  let last = 0;
  let lastT = Number.NaN;

  const flush = (): void => {
    if (Number.isNaN(lastT)) return;
    if (count > 0) {
      push(runs.min, lastT, min);
      push(runs.max, lastT, max);
      push(runs.sum, lastT, sum);
      push(runs.count, lastT, count);
    }
    push(runs.last, lastT, last);
  };

  while (it.next()) {
    const t = it.t;
    const v = it.v;
    const w = Math.floor(t / resolutionMs);
    if (w !== window) {
      flush();
      window = w;
      count = 0;
      sum = 0;
      lastT = Number.NaN;
    }
    if (Number.isNaN(v)) {
      if (isStaleNaN(v)) continue;
    } else {
      if (count === 0) {
        min = v;
        max = v;
      } else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      sum += v;
      count++;
    }
    last = v;
    lastT = t;
  }
  const e = it.err();
  if (e !== undefined) throw e;
  flush();
  return runs;
}
