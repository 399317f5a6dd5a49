// How readers see a head series' chunks. A chunk ref packs (series ref, chunk id); ids count every
// chunk a series ever started, so a ref taken before a truncate still names the same chunk after it.
// Out-of-order samples are merged into the in-order chunk that follows them in time: sample t goes
// to the first chunk whose maxTime >= t. Every out-of-order sample is older than the series' last
// in-order sample, so such a chunk always exists, and the merged chunks stay disjoint and ordered.
//
// Metas carry their chunk: closed chunks are immutable (their bytes are read on first use), and the
// open chunk is copied as it is when the meta is taken, so a query never sees samples committed
// after it started.

import { XorChunk } from '../chunkenc/xor.js';
import type { Chunk, ChunkMeta } from '../types.js';
import type { MemSeries } from './mem-series.js';

/** 2^20 chunk ids per series ref leaves 2^33 series refs below 2^53. */
const CHUNK_ID_SPACE = 2 ** 20;

export function chunkRef(seriesRef: number, chunkId: number): number {
  return seriesRef * CHUNK_ID_SPACE + (chunkId % CHUNK_ID_SPACE);
}

export function seriesRefOfChunk(ref: number): number {
  return Math.floor(ref / CHUNK_ID_SPACE);
}

/** Index of the chunk `ref` names among the series' chunks, or -1 when it is gone. */
export function chunkIndex(s: MemSeries, ref: number): number {
  const id = ref % CHUNK_ID_SPACE;
  const i = (id - (s.firstChunkId % CHUNK_ID_SPACE) + CHUNK_ID_SPACE) % CHUNK_ID_SPACE;
  return i < s.numChunks ? i : -1;
}

/** The out-of-order samples merged into the chunk in `row` (whose predecessor ends at prevMax). */
function oooSlice(s: MemSeries, row: number, prevMax: number): { lo: number; hi: number } {
  const ooo = s.ooo;
  if (ooo === undefined) return { lo: 0, hi: 0 };
  const lo = prevMax === Number.NEGATIVE_INFINITY ? 0 : ooo.upperBound(prevMax);
  const hi = ooo.upperBound(s.rowMaxTime(row), lo);
  return { lo, hi };
}

/**
 * A chunk meta that carries its chunk, as it was when the meta was taken. A querier opened before
 * a block cut reads chunks after the cut's truncate dropped them from the head (the new block is
 * not among the blocks it pinned), and must not see samples committed after it started; metas
 * built elsewhere fall back to a lookup by ref.
 */
export interface HeadChunkMeta extends ChunkMeta {
  readonly chunk: Chunk;
}

/**
 * Metas of every chunk of `s` (out-of-order samples merged in), limited to [mint, maxt] (both
 * inclusive) when a range is given: chunks reaching outside it are re-encoded clipped.
 */
export function seriesMetas(s: MemSeries, mint?: number, maxt?: number): HeadChunkMeta[] {
  const out: HeadChunkMeta[] = [];
  const n = s.numChunks;
  let prevMax = Number.NEGATIVE_INFINITY;
  let row = n === 0 ? 0 : s.locate(0);
  for (let i = 0; i < n; i++, row = s.nextRow(row)) {
    const m = metaOf(s, i, row, prevMax, mint, maxt);
    if (m !== undefined) out.push(m);
    prevMax = s.rowMaxTime(row);
  }
  return out;
}

function metaOf(
  s: MemSeries,
  i: number,
  row: number,
  prevMax: number,
  mint = Number.NEGATIVE_INFINITY,
  maxt = Number.POSITIVE_INFINITY,
): HeadChunkMeta | undefined {
  const { lo, hi } = oooSlice(s, row, prevMax);
  const ooo = s.ooo;
  const cMin = s.rowMinTime(row);
  const cMax = s.rowMaxTime(row);
  const minTime = lo === hi || ooo === undefined ? cMin : Math.min(cMin, ooo.ts[lo] as number);
  if (cMax < mint || minTime > maxt) return undefined;
  const ref = chunkRef(s.ref, s.firstChunkId + i);
  if (lo === hi && cMin >= mint && cMax <= maxt) {
    return { ref, minTime: cMin, maxTime: cMax, numSamples: s.rowNumSamples(row), chunk: s.rowChunk(row) };
  }
  const merged = materialize(s.rowChunk(row), s, lo, hi, mint, maxt);
  if (merged.numSamples === 0) return undefined;
  return {
    ref,
    minTime: merged.minTime,
    maxTime: merged.maxTime,
    numSamples: merged.numSamples,
    chunk: merged,
  };
}

/** Chunk i as a reader sees it (merged with out-of-order samples, clipped to the range), or an empty one. */
export function chunkAt(s: MemSeries, i: number, mint?: number, maxt?: number): Chunk {
  const row = s.locate(i);
  const prevMax = i === 0 ? Number.NEGATIVE_INFINITY : s.chunkMaxTime(i - 1);
  return metaOf(s, i, row, prevMax, mint, maxt)?.chunk ?? new XorChunk(0);
}

/** Chunk i merged with its out-of-order samples, whole (for checkpoints). */
export function mergedChunk(s: MemSeries, i: number): Chunk {
  return chunkAt(s, i);
}

/**
 * A new chunk holding the samples of `c` and the out-of-order samples [lo, hi) with
 * mint <= t <= maxt. On equal timestamps the in-order sample wins; the append policy never lets
 * both exist.
 */
function materialize(c: Chunk, s: MemSeries, lo: number, hi: number, mint: number, maxt: number): XorChunk {
  const out = new XorChunk(c.bytes().length + (hi - lo) * 10 + 16);
  const it = c.iterator();
  let has = it.seek(mint);
  let j = lo;
  const ooo = s.ooo;
  if (ooo !== undefined) while (j < hi && (ooo.ts[j] as number) < mint) j++;
  for (;;) {
    const ot = ooo !== undefined && j < hi ? (ooo.ts[j] as number) : Number.POSITIVE_INFINITY;
    const ct = has ? it.t : Number.POSITIVE_INFINITY;
    if (ot === Number.POSITIVE_INFINITY && ct === Number.POSITIVE_INFINITY) break;
    if (ct <= ot) {
      if (ct > maxt) break;
      out.append(ct, it.v);
      if (ct === ot) j++;
      has = it.next();
    } else {
      if (ot > maxt) break;
      out.append(ot, (ooo as NonNullable<MemSeries['ooo']>).vs[j] as number);
      j++;
    }
  }
  const err = it.err();
  if (err !== undefined) throw err;
  return out;
}
