// Reading the head as a block (Prometheus's tsdb/head_read.go and RangeHead). Postings lists come
// straight from MemPostings (live arrays: read them before the next commit, as queries are
// synchronous); chunk metas carry refs that head-chunks.ts packs and resolves.

import { XorChunk } from '../chunkenc/xor.js';
import { postingsForMatchers } from '../index/postings-for-matchers.js';
import { compareLabels } from '../labels/labels.js';
import type {
  BlockMeta,
  BlockReader,
  Chunk,
  ChunkMeta,
  ChunkReader,
  IndexReader,
  LabelMatcher,
  SeriesEntry,
  TombstoneReader,
} from '../types.js';
import type { Head } from './head.js';
import { chunkAt, chunkIndex, type HeadChunkMeta, seriesMetas, seriesRefOfChunk } from './head-chunks.js';
import type { MemSeries } from './mem-series.js';

/** [mint, maxt], both inclusive; the whole head when absent. */
interface TimeRange {
  readonly mint: number;
  readonly maxt: number;
}

export class HeadIndexReader implements IndexReader {
  constructor(
    private readonly head: Head,
    private readonly range?: TimeRange,
  ) {}

  postings(name: string, value: string): readonly number[] {
    return this.inRange(this.head.postings.postings(name, value));
  }

  allPostings(): readonly number[] {
    return this.inRange(this.head.postings.allPostings());
  }

  postingsForMatchers(matchers: readonly LabelMatcher[]): readonly number[] {
    return this.inRange(postingsForMatchers(this.head.postings, matchers));
  }

  series(ref: number): SeriesEntry | undefined {
    const s = this.head.byRef.get(ref);
    if (s === undefined) return undefined;
    const r = this.range;
    const chunks: ChunkMeta[] = r === undefined ? seriesMetas(s) : seriesMetas(s, r.mint, r.maxt);
    return { labels: s.labels, chunks };
  }

  labelNames(): string[] {
    return this.head.postings.labelNames();
  }

  labelValues(name: string): string[] {
    return this.head.postings.labelValues(name);
  }

  sortedByLabels(refs: readonly number[]): readonly number[] {
    const byRef = this.head.byRef;
    const live = refs.filter((ref) => byRef.has(ref));
    return live.sort((a, b) =>
      compareLabels((byRef.get(a) as MemSeries).labels, (byRef.get(b) as MemSeries).labels),
    );
  }

  /** A range view lists only series with samples in the range, so a block writer gets no empty series. */
  private inRange(refs: readonly number[]): readonly number[] {
    const r = this.range;
    if (r === undefined) return refs;
    const byRef = this.head.byRef;
    return refs.filter((ref) => {
      const s = byRef.get(ref);
      return s !== undefined && hasSampleIn(s, r);
    });
  }
}

function hasSampleIn(s: MemSeries, r: TimeRange): boolean {
  if (s.minTime >= r.mint && s.maxTime <= r.maxt) return true;
  return seriesMetas(s, r.mint, r.maxt).length > 0;
}

/**
 * Returns the chunk a HeadChunkMeta carries; other metas are looked up by ref, and one whose
 * series or chunk is gone (truncated since) reads as empty.
 */
export class HeadChunkReader implements ChunkReader {
  constructor(
    private readonly head: Head,
    private readonly range?: TimeRange,
  ) {}

  chunk(meta: ChunkMeta): Chunk {
    const carried = (meta as Partial<HeadChunkMeta>).chunk;
    if (carried !== undefined) return carried;
    const s = this.head.byRef.get(seriesRefOfChunk(meta.ref));
    const i = s === undefined ? -1 : chunkIndex(s, meta.ref);
    if (s === undefined || i < 0) return new XorChunk(0);
    const r = this.range;
    return r === undefined ? chunkAt(s, i) : chunkAt(s, i, r.mint, r.maxt);
  }
}

/** The head limited to [mint, maxt] (inclusive): what a block writer reads when the head is cut. */
export class HeadRangeReader implements BlockReader {
  private readonly range: TimeRange;

  constructor(
    private readonly head: Head,
    mint: number,
    maxt: number,
  ) {
    this.range = { mint, maxt };
  }

  get meta(): BlockMeta {
    const m = this.head.meta;
    return {
      ...m,
      minTime: Math.max(m.minTime, this.range.mint),
      maxTime: Math.min(m.maxTime, this.range.maxt + 1),
    };
  }

  index(): IndexReader {
    return new HeadIndexReader(this.head, this.range);
  }

  chunks(): ChunkReader {
    return new HeadChunkReader(this.head, this.range);
  }

  tombstones(): TombstoneReader {
    return this.head.deleted;
  }

  sizeBytes(): number {
    return 0;
  }
}
