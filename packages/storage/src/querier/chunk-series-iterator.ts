import type { ChunkMeta, ChunkReader, Interval, SampleIterator } from '../types.js';
import { DeletedFilterIterator, intersectsAny } from './deleted-filter.js';
import { type IteratorSource, MergingIterator } from './merge-iterator.js';

/** The chunks one reader holds for a series, and what of them is deleted there. */
export interface ChunkSeriesPart {
  readonly chunkReader: ChunkReader;
  /** Chunk metas in time order (they may overlap). */
  readonly chunks: readonly ChunkMeta[];
  /** Sorted, disjoint, inclusive intervals hidden from this part (tombstones, rollup gaps). */
  readonly deleted: readonly Interval[];
}

/**
 * The samples of one series over all its parts, within [mint, maxt]. Parts are listed in reader
 * order: on equal timestamps a later part wins, and within a part a later chunk. A chunk is
 * fetched and decoded only when the merge reaches its minTime.
 */
export class ChunkSeriesIterator extends MergingIterator {
  constructor(
    parts: readonly ChunkSeriesPart[],
    mint = Number.NEGATIVE_INFINITY,
    maxt = Number.POSITIVE_INFINITY,
  ) {
    const sources: IteratorSource[] = [];
    let priority = 0;
    for (const part of parts) {
      for (const meta of part.chunks) sources.push(chunkSource(part, meta, priority++));
    }
    super(sources, mint, maxt);
  }
}

function chunkSource(part: ChunkSeriesPart, meta: ChunkMeta, priority: number): IteratorSource {
  return {
    minTime: meta.minTime,
    priority,
    open(): SampleIterator {
      let it: SampleIterator;
      try {
        it = part.chunkReader.chunk(meta).iterator();
      } catch (e) {
        // A chunk that cannot be read ends the series' iteration through err(), like a decode error.
        return new FailedIterator(e instanceof Error ? e : new Error(String(e)));
      }
      return intersectsAny(part.deleted, meta.minTime, meta.maxTime)
        ? new DeletedFilterIterator(it, part.deleted)
        : it;
    },
  };
}

class FailedIterator implements SampleIterator {
  readonly t = 0;
  readonly v = 0;
  constructor(private readonly error: Error) {}
  next(): boolean {
    return false;
  }
  seek(): boolean {
    return false;
  }
  err(): Error {
    return this.error;
  }
}
