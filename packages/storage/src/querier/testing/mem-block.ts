// A BlockReader held in memory (XorChunk + MemPostings), for tests of the merge logic that need
// exact control over chunk boundaries, overlaps and tombstones.

import { XorChunk } from '../../chunkenc/xor.js';
import { MemPostings } from '../../index/mem-postings.js';
import { postingsForMatchers } from '../../index/postings-for-matchers.js';
import { compareLabels, normalizeLabels } from '../../labels/labels.js';
import type {
  BlockMeta,
  BlockReader,
  Chunk,
  ChunkMeta,
  IndexReader,
  Interval,
  LabelMatcher,
  Labels,
  SeriesEntry,
} from '../../types.js';

export type Sample = readonly [t: number, v: number];

export interface MemSeriesSpec {
  readonly labels: Readonly<Record<string, string>>;
  /** One array of samples per chunk, each ascending in time; chunks may overlap. */
  readonly chunks: readonly (readonly Sample[])[];
  readonly deleted?: readonly Interval[];
}

export interface MemBlockSpec {
  readonly ulid?: string;
  readonly minTime?: number;
  /** Exclusive; defaults to one past the newest sample. */
  readonly maxTime?: number;
  readonly resolutionMs?: number;
  readonly level?: number;
  readonly series: readonly MemSeriesSpec[];
}

let counter = 0;

/** Refs ascend in label order, as in a persisted block. Counts chunk fetches in `chunkLoads`. */
export function memBlock(spec: MemBlockSpec): BlockReader & { chunkLoads: number } {
  const series = spec.series
    .map((s) => ({ labels: normalizeLabels(s.labels), chunks: s.chunks, deleted: s.deleted ?? [] }))
    .sort((a, b) => compareLabels(a.labels, b.labels));
  const entries: SeriesEntry[] = [];
  const chunkStore: Chunk[] = [];
  const stones = new Map<number, readonly Interval[]>();
  const postings = new MemPostings();
  let minTime = Number.POSITIVE_INFINITY;
  let maxTime = Number.NEGATIVE_INFINITY;
  let numSamples = 0;
  series.forEach((s, ref) => {
    const metas: ChunkMeta[] = [];
    for (const samples of s.chunks) {
      if (samples.length === 0) continue;
      const c = new XorChunk();
      for (const [t, v] of samples) c.append(t, v);
      metas.push({
        ref: chunkStore.length,
        minTime: c.minTime,
        maxTime: c.maxTime,
        numSamples: c.numSamples,
      });
      chunkStore.push(c);
      minTime = Math.min(minTime, c.minTime);
      maxTime = Math.max(maxTime, c.maxTime);
      numSamples += c.numSamples;
    }
    entries.push({ labels: s.labels, chunks: metas });
    postings.add(ref, s.labels);
    if (s.deleted.length > 0) stones.set(ref, s.deleted);
  });
  const ulid = spec.ulid ?? `MEM${String(++counter).padStart(23, '0')}`;
  const meta: BlockMeta = {
    ulid,
    minTime: spec.minTime ?? (Number.isFinite(minTime) ? minTime : 0),
    maxTime: spec.maxTime ?? (Number.isFinite(maxTime) ? maxTime + 1 : 0),
    stats: { numSeries: entries.length, numSamples, numChunks: chunkStore.length },
    compaction: { level: spec.level ?? 1, sources: [ulid] },
    resolutionMs: spec.resolutionMs ?? 0,
    version: 1,
  };
  const index: IndexReader = {
    postings: (name, value) => postings.postings(name, value),
    allPostings: () => postings.allPostings(),
    postingsForMatchers: (matchers: readonly LabelMatcher[]) => postingsForMatchers(postings, matchers),
    series: (ref) => entries[ref],
    labelNames: () => postings.labelNames(),
    labelValues: (name) => postings.labelValues(name),
    sortedByLabels: (refs) => refs,
  };
  const reader = {
    meta,
    chunkLoads: 0,
    index: () => index,
    chunks: () => ({
      chunk: (m: ChunkMeta): Chunk => {
        reader.chunkLoads++;
        return chunkStore[m.ref] as Chunk;
      },
    }),
    tombstones: () => ({ get: (ref: number) => stones.get(ref) ?? [], size: stones.size }),
    sizeBytes: () => 0,
  };
  return reader;
}

/** Every sample of a series, as [t, v] pairs. */
export function drain(it: {
  next(): boolean;
  t: number;
  v: number;
  err(): Error | undefined;
}): [number, number][] {
  const out: [number, number][] = [];
  while (it.next()) out.push([it.t, it.v]);
  const e = it.err();
  if (e !== undefined) throw e;
  return out;
}

export function labelsOf(labels: Labels): Record<string, string> {
  return Object.fromEntries(labels.map((l) => [l.name, l.value]));
}
