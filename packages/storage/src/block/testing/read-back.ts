// Test-only: reads every sample of a BlockReader back, series by series.

import type { BlockReader, Labels } from '../../types.js';

export interface ReadSeries {
  labels: Labels;
  t: number[];
  v: number[];
}

export function readAll(block: BlockReader): ReadSeries[] {
  const index = block.index();
  const chunks = block.chunks();
  const out: ReadSeries[] = [];
  for (const ref of index.allPostings()) {
    const entry = index.series(ref);
    if (entry === undefined) throw new Error(`series ${ref} missing`);
    const s: ReadSeries = { labels: entry.labels, t: [], v: [] };
    for (const meta of entry.chunks) {
      const it = chunks.chunk(meta).iterator();
      while (it.next()) {
        s.t.push(it.t);
        s.v.push(it.v);
      }
      const err = it.err();
      if (err !== undefined) throw err;
    }
    out.push(s);
  }
  return out;
}
