// How readers see a head series' chunks. A chunk ref packs (series ref, chunk id); ids count every
// chunk a series ever cut, so a ref taken before a truncate still names the same chunk after it.
// Out-of-order samples are merged into the in-order chunk that follows them in time: sample t goes
// to the first chunk whose maxTime >= t. Every out-of-order sample is older than the series' last
// in-order sample, so such a chunk always exists, and the merged chunks stay disjoint and ordered.

import { XorChunk } from '../chunkenc/xor.js';
import type { Chunk, ChunkMeta } from '../types.js';
import type { MemSeries } from './mem-series.js';
import { OpenChunkView } from './open-chunk-view.js';

/** 2^20 chunk ids per series ref leaves 2^33 series refs below 2^53. */
const CHUNK_ID_SPACE = 2 ** 20;

export function chunkRef(seriesRef: number, chunkId: number): number {
  return seriesRef * CHUNK_ID_SPACE + (chunkId % CHUNK_ID_SPACE);
}

export function seriesRefOfChunk(ref: number): number {
  return Math.floor(ref / CHUNK_ID_SPACE);
}

/** Index into series.chunks of the chunk `ref` names, or -1 when it is gone. */
export function chunkIndex(s: MemSeries, ref: number): number {
  const id = ref % CHUNK_ID_SPACE;
  const i = (id - (s.firstChunkId % CHUNK_ID_SPACE) + CHUNK_ID_SPACE) % CHUNK_ID_SPACE;
  return i < s.chunks.length ? i : -1;
}

/** The out-of-order samples merged into chunk i, as the index range [lo, hi) of the buffer. */
function oooSlice(s: MemSeries, i: number): { lo: number; hi: number } {
  const ooo = s.ooo;
  if (ooo === undefined) return { lo: 0, hi: 0 };
  const prev = i === 0 ? undefined : s.chunks[i - 1];
  const lo = prev === undefined ? 0 : ooo.upperBound(prev.maxTime);
  const hi = ooo.upperBound((s.chunks[i] as XorChunk).maxTime, lo);
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

/** Meta of chunk i with its out-of-order samples merged in (merging now, when there are any). */
export function mergedMeta(s: MemSeries, i: number): HeadChunkMeta {
  const { lo, hi } = oooSlice(s, i);
  const ref = chunkRef(s.ref, s.firstChunkId + i);
  if (lo !== hi) {
    const merged = materialize(s, i, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    return {
      ref,
      minTime: merged.minTime,
      maxTime: merged.maxTime,
      numSamples: merged.numSamples,
      chunk: merged,
    };
  }
  const c = s.chunks[i] as XorChunk;
  const n = c.numSamples;
  const chunk = i === s.chunks.length - 1 ? new OpenChunkView(c, n) : c;
  return { ref, minTime: c.minTime, maxTime: c.maxTime, numSamples: n, chunk };
}

/** Chunk i as readers see it: the live XorChunk, or a merged copy when out-of-order samples fall in it. */
export function mergedChunk(s: MemSeries, i: number): Chunk {
  const { lo, hi } = oooSlice(s, i);
  if (lo === hi) return s.chunks[i] as XorChunk;
  return materialize(s, i, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
}

/**
 * A new chunk holding the samples of chunk i (out-of-order ones merged in) with mint <= t <= maxt.
 * On equal timestamps the in-order sample wins; the append policy never lets both exist.
 */
export function materialize(s: MemSeries, i: number, mint: number, maxt: number): XorChunk {
  const c = s.chunks[i] as XorChunk;
  const { lo, hi } = oooSlice(s, i);
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

/** Meta of chunk i limited to [mint, maxt] (inclusive), or undefined when nothing of it is inside. */
export function clippedMeta(s: MemSeries, i: number, mint: number, maxt: number): HeadChunkMeta | undefined {
  const c = s.chunks[i] as XorChunk;
  const { lo, hi } = oooSlice(s, i);
  const minTime =
    lo === hi ? c.minTime : Math.min(c.minTime, (s.ooo as NonNullable<MemSeries['ooo']>).ts[lo] as number);
  if (c.maxTime < mint || minTime > maxt) return undefined;
  if (minTime >= mint && c.maxTime <= maxt) return mergedMeta(s, i);
  const clipped = materialize(s, i, mint, maxt);
  if (clipped.numSamples === 0) return undefined;
  const ref = chunkRef(s.ref, s.firstChunkId + i);
  return {
    ref,
    minTime: clipped.minTime,
    maxTime: clipped.maxTime,
    numSamples: clipped.numSamples,
    chunk: clipped,
  };
}

/** Chunk i limited to [mint, maxt]; the live chunk itself when it lies wholly inside. */
export function clippedChunk(s: MemSeries, i: number, mint: number, maxt: number): Chunk {
  return clippedMeta(s, i, mint, maxt)?.chunk ?? new XorChunk(0);
}
