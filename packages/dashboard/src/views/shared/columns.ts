// query_range answers series by series, each with its own timestamps; the charts want one time
// axis and a value (or null, a gap) per series at each of its points.
import type { RangeSeries } from '../../data/api.js';

export interface Columns {
  readonly timestamps: number[];
  readonly values: (number | null)[][];
}

/**
 * One column per step from `startMs` to `endMs`; a series without a point at a step has null
 * there. NaN and ±Inf become null too: a chart cannot draw them.
 */
export function toColumns(
  series: readonly RangeSeries[],
  startMs: number,
  endMs: number,
  stepMs: number,
): Columns {
  const timestamps: number[] = [];
  // The server evaluates at start, start + step, ...: the same grid, so samples land on it exactly.
  for (let t = startMs; t <= endMs; t += stepMs) timestamps.push(t);
  const index = new Map(timestamps.map((t, i) => [t, i]));
  const values = series.map((s) => {
    const row: (number | null)[] = new Array(timestamps.length).fill(null);
    for (const [t, v] of s.values) {
      const i = index.get(t);
      if (i !== undefined && Number.isFinite(v)) row[i] = v;
    }
    return row;
  });
  return { timestamps, values };
}
