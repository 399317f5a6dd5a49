// What a client does with frames (docs/format/live-stream.md, "Merging frames"): keep one timestamp
// array and one value column per series number, appending each update and starting over on
// initial_data. Tests use it to check that the frames add up.
import type { WireFrame, WireValue } from '../protocol.js';

export interface FrameView {
  readonly ts: number[];
  readonly labels: Readonly<Record<string, string>>[];
  readonly cols: WireValue[][];
}

export function applyFrame(view: FrameView | undefined, type: string, frame: WireFrame): FrameView {
  let v = view;
  if (type === 'initial_data') v = { ts: [], labels: [], cols: [] };
  if (v === undefined) throw new Error('metrics_update before initial_data');
  if (frame.seriesStart !== v.labels.length) throw new Error('lost a message: subscribe again');
  const before = v.ts.length;
  const added = frame.timestamps.length;
  v.ts.push(...frame.timestamps);
  for (const s of frame.series) {
    v.labels.push(s.labels);
    v.cols.push(new Array<WireValue>(before).fill(null));
  }
  for (const col of v.cols) col.push(...new Array<WireValue>(added).fill(null));
  frame.index.forEach((k, r) => {
    v.cols[k]?.splice(before, added, ...(frame.values[r] ?? []));
  });
  return v;
}

/** The view as label-key → { t: v } for the last `points` timestamps, dropping series with no points there. */
export function lastPoints(view: FrameView, points: number): Map<string, Map<number, WireValue>> {
  const from = Math.max(0, view.ts.length - points);
  const out = new Map<string, Map<number, WireValue>>();
  view.cols.forEach((col, k) => {
    const m = new Map<number, WireValue>();
    for (let i = from; i < view.ts.length; i++)
      if (col[i] !== null) m.set(view.ts[i] as number, col[i] as WireValue);
    if (m.size > 0) out.set(JSON.stringify(view.labels[k]), m);
  });
  return out;
}
