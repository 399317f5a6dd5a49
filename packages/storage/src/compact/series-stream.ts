// Every series of a few readers in label order, equal label sets joined, read one series at a
// time: the compaction counterpart of the querier's selectSeriesChunks, which reads every
// series' chunk metas up front. A block writer pulls from it between turns of the event loop, so
// a 100k-series compaction never reads its whole index, or sorts the head's series, in one go.

import { WorkSlicer } from '../block/write-block.js';
import { compareLabels } from '../labels/labels.js';
import type { ChunkSeriesPart } from '../querier/chunk-series-iterator.js';
import { coveredBy } from '../querier/deleted-filter.js';
import type { SeriesChunks } from '../querier/series-set.js';
import type {
  BlockReader,
  ChunkMeta,
  ChunkReader,
  IndexReader,
  SeriesEntry,
  TombstoneReader,
} from '../types.js';

/** Refs sorted per run of this many: sorting one run is a short piece of work. */
const SORT_RUN = 4096;
/** Series skipped (no chunk in the range) between two looks at the clock. */
const SKIPS_PER_CHECK = 256;

/** A run of refs sorted by labels, with its next series read. */
interface SortedRun {
  readonly refs: readonly number[];
  /** Index of the ref after `ref`. */
  i: number;
  ref: number;
  entry: SeriesEntry | undefined;
}

/**
 * One reader's series in label order. A block's refs already are (sortedByLabels returns them as
 * they are); the head's are in creation order, and sorting 100k label sets at once takes a few
 * hundred ms. So refs are sorted in runs, between which the event loop gets a turn, and the
 * runs are merged as series are read (a binary heap on the runs' next labels; when the runs
 * follow each other, as a block's do, that costs two comparisons per series).
 */
class ReaderCursor {
  private readonly index: IndexReader;
  private readonly tombstones: TombstoneReader;
  private readonly chunkReader: ChunkReader;
  /** Min-heap of runs by their next series' labels. */
  private heap: SortedRun[] = [];
  current: SeriesChunks | undefined;

  private constructor(
    reader: BlockReader,
    private readonly mint: number,
    private readonly maxt: number,
    private readonly slicer: WorkSlicer,
  ) {
    this.index = reader.index();
    // Taken once: deletions made while the compaction runs are applied to its output afterwards
    // (db/maintenance.ts), so the set it started with is the one to apply throughout.
    this.tombstones = reader.tombstones();
    this.chunkReader = reader.chunks();
  }

  static async open(
    reader: BlockReader,
    mint: number,
    maxt: number,
    slicer: WorkSlicer,
  ): Promise<ReaderCursor> {
    const cursor = new ReaderCursor(reader, mint, maxt, slicer);
    const all = cursor.index.allPostings();
    const runs: SortedRun[] = [];
    for (let start = 0; start < all.length; start += SORT_RUN) {
      const refs = cursor.index.sortedByLabels(all.slice(start, start + SORT_RUN));
      const run: SortedRun = { refs, i: 0, ref: -1, entry: undefined };
      cursor.step(run);
      if (run.entry !== undefined) runs.push(run);
      await slicer.maybeYield();
    }
    cursor.heap = runs;
    for (let i = (runs.length >> 1) - 1; i >= 0; i--) cursor.siftDown(i);
    await cursor.advance();
    return cursor;
  }

  /**
   * Moves to the next series with a chunk in [mint, maxt] that tombstones do not wholly hide. Long
   * runs of series without one (the head lists every series, also those with no sample in a cut's
   * range) are skipped in slices.
   */
  async advance(): Promise<void> {
    const { heap, mint, maxt } = this;
    for (let skipped = 1; ; skipped++) {
      if (skipped % SKIPS_PER_CHECK === 0) await this.slicer.maybeYield();
      const run = heap[0];
      if (run === undefined) {
        this.current = undefined;
        return;
      }
      const ref = run.ref;
      const entry = run.entry as SeriesEntry;
      this.step(run);
      if (run.entry === undefined) {
        const last = heap.pop() as SortedRun;
        if (heap.length > 0) heap[0] = last;
      }
      if (heap.length > 1) this.siftDown(0);
      const deleted = this.tombstones.size > 0 ? this.tombstones.get(ref) : [];
      let chunks: ChunkMeta[] | undefined;
      for (const c of entry.chunks) {
        if (c.maxTime < mint || c.minTime > maxt || coveredBy(deleted, c.minTime, c.maxTime)) continue;
        (chunks ??= []).push(c);
      }
      if (chunks === undefined) continue;
      this.current = { labels: entry.labels, parts: [{ chunkReader: this.chunkReader, chunks, deleted }] };
      return;
    }
  }

  /** Reads the run's next series (entry undefined at its end). */
  private step(run: SortedRun): void {
    run.entry = undefined;
    while (run.i < run.refs.length && run.entry === undefined) {
      run.ref = run.refs[run.i++] as number;
      run.entry = this.index.series(run.ref);
    }
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    const n = heap.length;
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && before(heap[r] as SortedRun, heap[l] as SortedRun) ? r : l;
      if (!before(heap[c] as SortedRun, heap[i] as SortedRun)) return;
      [heap[i], heap[c]] = [heap[c] as SortedRun, heap[i] as SortedRun];
      i = c;
    }
  }
}

function before(a: SortedRun, b: SortedRun): boolean {
  return compareLabels((a.entry as SeriesEntry).labels, (b.entry as SeriesEntry).labels) < 0;
}

/**
 * The series of `readers` with chunks in [mint, maxt], sorted by labels; a series several readers
 * hold gets one part per reader, in reader order (a later part wins on equal timestamps).
 */
export async function* streamSeriesChunks(
  readers: readonly BlockReader[],
  mint: number,
  maxt: number,
  slicer: WorkSlicer = new WorkSlicer(),
): AsyncGenerator<SeriesChunks> {
  const cursors: ReaderCursor[] = [];
  for (const r of readers) cursors.push(await ReaderCursor.open(r, mint, maxt, slicer));
  for (;;) {
    let lowest: SeriesChunks | undefined;
    for (const c of cursors) {
      const s = c.current;
      if (s !== undefined && (lowest === undefined || compareLabels(s.labels, lowest.labels) < 0)) lowest = s;
    }
    if (lowest === undefined) return;
    const parts: ChunkSeriesPart[] = [];
    for (const c of cursors) {
      const s = c.current;
      if (s === undefined || compareLabels(s.labels, lowest.labels) !== 0) continue;
      parts.push(...s.parts);
      await c.advance();
    }
    yield { labels: lowest.labels, parts };
  }
}
