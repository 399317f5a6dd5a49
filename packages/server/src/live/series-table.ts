// Turns range-query results into columnar wire frames whose series keep one index for the life of
// a subscription, so a client appends each frame's rows to the arrays it already holds.
import type { Matrix } from '@telemeter/promql';
import { labelsKey, labelsToRecord } from '@telemeter/storage';
import type { WireFrame, WireValue } from './protocol.js';

/** A window of grid timestamps: `start`, `start + step`, …, `start + (points - 1) * step`. */
export interface GridWindow {
  readonly startMs: number;
  readonly stepMs: number;
  readonly points: number;
}

export class SeriesTable {
  private readonly indexByKey = new Map<string, number>();

  /** How many series have been numbered so far. */
  get size(): number {
    return this.indexByKey.size;
  }

  /**
   * The frame for one window. Series seen for the first time are numbered in the matrix's order
   * (sorted by labels), after every series numbered before.
   */
  frame(matrix: Matrix, window: GridWindow): WireFrame {
    const { startMs, stepMs, points } = window;
    const seriesStart = this.indexByKey.size;
    const series: { labels: Record<string, string> }[] = [];
    const rows: { index: number; values: WireValue[] }[] = [];
    for (const s of matrix) {
      const values = new Array<WireValue>(points).fill(null);
      let any = false;
      for (let i = 0; i < s.ts.length; i++) {
        const column = ((s.ts[i] as number) - startMs) / stepMs;
        // The engine only returns grid timestamps of the window asked for; anything else is dropped
        // rather than shifting a value onto the wrong column.
        if (!Number.isInteger(column) || column < 0 || column >= points) continue;
        values[column] = wireValue(s.vs[i] as number);
        any = true;
      }
      if (!any) continue;
      const key = labelsKey(s.labels);
      let index = this.indexByKey.get(key);
      if (index === undefined) {
        index = this.indexByKey.size;
        this.indexByKey.set(key, index);
        series.push({ labels: labelsToRecord(s.labels) });
      }
      rows.push({ index, values });
    }
    rows.sort((a, b) => a.index - b.index);
    const timestamps = new Array<number>(points);
    for (let i = 0; i < points; i++) timestamps[i] = startMs + i * stepMs;
    return {
      seriesStart,
      series,
      timestamps,
      index: rows.map((r) => r.index),
      values: rows.map((r) => r.values),
    };
  }
}

/** JSON has no NaN or infinities, so they travel as the strings Prometheus's API uses. */
export function wireValue(v: number): WireValue {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? '+Inf' : '-Inf';
}
