import { PackedChunk } from '../chunkenc/packed.js';
import { giveBackSampleArray, takeSampleArray } from '../chunkenc/scratch.js';
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

interface PartChunk {
  readonly part: ChunkSeriesPart;
  readonly meta: ChunkMeta;
}

const EMPTY = new Float64Array(0);

/**
 * The samples of one series over all its parts, within [mint, maxt]. Parts are listed in reader
 * order: on equal timestamps a later part wins, and within a part a later chunk.
 *
 * Almost every series has chunks that do not overlap (one per block, or consecutive ones within a
 * block); those are read one chunk at a time into two arrays, and `next` is an index increment.
 * Overlapping chunks go through the MergingIterator, which opens a chunk only when the merge
 * reaches its minTime.
 */
export class ChunkSeriesIterator implements SampleIterator {
  t = 0;
  v = 0;
  /**
   * The current chunk's samples: ts/vs[i] is the current one, valid up to `end` (exclusive). `ts`
   * is either `ownTs` or timestamps shared with other chunks (read only, PackedChunk.decode).
   */
  private ts: Float64Array = EMPTY;
  private vs: Float64Array = EMPTY;
  private ownTs: Float64Array = EMPTY;
  private i = 0;
  private end = 0;
  /** Next chunk of `chunks` to read. */
  private k = 0;
  private readonly chunks: readonly PartChunk[];
  private readonly merged: MergingIterator | undefined;
  /** No sample below this is emitted: mint, then one past the last sample, or a seek target. */
  private floor: number;
  private started = false;
  private error: Error | undefined;

  constructor(
    parts: readonly ChunkSeriesPart[],
    mint = Number.NEGATIVE_INFINITY,
    private readonly maxt = Number.POSITIVE_INFINITY,
  ) {
    this.floor = mint;
    const all: PartChunk[] = [];
    for (const part of parts) for (const meta of part.chunks) all.push({ part, meta });
    // Readers come in priority order, which need not be time order (a block compacted later may
    // hold older data); when the chunks are disjoint their order decides nothing.
    const byTime = disjointInOrder(all) ? all : all.slice().sort((a, b) => a.meta.minTime - b.meta.minTime);
    if (byTime === all || disjointInOrder(byTime)) {
      this.chunks = byTime;
      this.merged = undefined;
    } else {
      this.chunks = [];
      const sources: IteratorSource[] = all.map((c, priority) => chunkSource(c.part, c.meta, priority));
      this.merged = new MergingIterator(sources, mint, maxt);
    }
  }

  next(): boolean {
    const i = this.i + 1;
    if (i < this.end) {
      this.i = i;
      this.t = this.ts[i]!;
      this.v = this.vs[i]!;
      return true;
    }
    return this.nextChunk();
  }

  seek(t: number): boolean {
    if (this.merged !== undefined) return this.seekMerged(t);
    if (this.started && this.i < this.end && this.t >= t) return true;
    if (t > this.floor) this.floor = t;
    if (this.i < this.end && this.ts[this.end - 1]! >= t) {
      // The target is in the current chunk.
      const ts = this.ts;
      let lo = this.i + 1;
      let hi = this.end - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ts[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      this.i = lo;
      this.t = ts[lo]!;
      this.v = this.vs[lo]!;
      this.started = true;
      return true;
    }
    // Chunks that end before the target are skipped undecoded; the last one is always read, since
    // a head chunk may have grown past its meta.
    const chunks = this.chunks;
    while (this.k + 1 < chunks.length && chunks[this.k + 1]!.meta.minTime <= t) this.k++;
    this.end = 0;
    return this.nextChunk();
  }

  err(): Error | undefined {
    return this.merged !== undefined ? this.merged.err() : this.error;
  }

  /**
   * Reads chunks until one has a sample at or above the floor; false at the end or on an error.
   * Loading is in this one function on purpose: it is then over V8's inlining limit, so a caller's
   * loop inlines only next()'s fast path, and a deoptimization while chunks load (new chunk kinds,
   * new array shapes during the first reads) cannot throw the caller's loop out of optimized code.
   */
  private nextChunk(): boolean {
    if (this.merged !== undefined) return this.nextMerged();
    if (this.started && this.end > 0) this.floor = this.t + 1;
    this.started = true;
    const chunks = this.chunks;
    while (this.k < chunks.length && this.error === undefined) {
      const { part, meta } = chunks[this.k++]!;
      if (meta.maxTime < this.floor && this.k < chunks.length) continue;
      if (meta.minTime > this.maxt) break;
      // Decode the chunk into ts/vs.
      let n: number;
      try {
        const chunk = part.chunkReader.chunk(meta);
        n = chunk.numSamples;
        this.reserve(n);
        if (chunk instanceof PackedChunk) {
          this.ts = chunk.decode(this.ownTs, this.vs);
        } else {
          this.ts = this.ownTs;
          const floor = this.floor;
          n = this.drain(
            chunk.iteratorFrom === undefined ? chunk.iterator() : chunk.iteratorFrom(floor),
            floor,
          );
        }
      } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
        break;
      }
      const deleted = part.deleted;
      if (n > 0 && deleted.length > 0 && intersectsAny(deleted, meta.minTime, meta.maxTime)) {
        n = this.dropDeleted(deleted, n);
      }
      if (n === 0) continue;
      // Clip to [floor, maxt].
      const ts = this.ts;
      let lo = 0;
      if (ts[0]! < this.floor) {
        lo = 1;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (ts[mid]! < this.floor) lo = mid + 1;
          else hi = mid;
        }
      }
      let end = n;
      if (ts[n - 1]! > this.maxt) {
        end = lo;
        let hi = n;
        while (end < hi) {
          const mid = (end + hi) >>> 1;
          if (ts[mid]! <= this.maxt) end = mid + 1;
          else hi = mid;
        }
        this.k = chunks.length;
      }
      if (lo >= end) continue;
      this.i = lo;
      this.end = end;
      this.t = ts[lo]!;
      this.v = this.vs[lo]!;
      return true;
    }
    this.finish();
    return false;
  }

  /**
   * Copies an iterator's samples (a head chunk, an XOR chunk) in [floor, maxt] into ownTs/vs, and
   * stops at the first past maxt (then no later chunk is read); throws the iterator's error.
   */
  private drain(it: SampleIterator, floor: number): number {
    let n = 0;
    const maxt = this.maxt;
    while (it.next()) {
      const t = it.t;
      if (t < floor) continue;
      if (t > maxt) {
        this.k = this.chunks.length;
        break;
      }
      if (n === this.ownTs.length) this.reserve(Math.max(64, n * 2));
      this.ownTs[n] = t;
      this.vs[n] = it.v;
      n++;
    }
    const e = it.err();
    if (e !== undefined) throw e;
    return n;
  }

  private dropDeleted(deleted: readonly Interval[], n: number): number {
    if (this.ts !== this.ownTs) {
      this.ownTs.set(this.ts.subarray(0, n));
      this.ts = this.ownTs;
    }
    const ts = this.ts;
    const vs = this.vs;
    let out = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const t = ts[i]!;
      while (d < deleted.length && deleted[d]!.maxTime < t) d++;
      const iv = deleted[d];
      if (iv !== undefined && iv.minTime <= t) continue;
      ts[out] = t;
      vs[out] = vs[i]!;
      out++;
    }
    return out;
  }

  /** Makes ownTs/vs hold at least n samples (contents kept). */
  private reserve(n: number): void {
    if (this.ownTs.length >= n) return;
    const ts = takeSampleArray(n);
    const vs = takeSampleArray(n);
    ts.set(this.ownTs);
    vs.set(this.vs);
    this.release();
    this.ownTs = ts;
    this.ts = ts;
    this.vs = vs;
  }

  private release(): void {
    if (this.ownTs !== EMPTY) {
      giveBackSampleArray(this.ownTs);
      giveBackSampleArray(this.vs);
    }
    this.ownTs = EMPTY;
    this.ts = EMPTY;
    this.vs = EMPTY;
  }

  /** Past the last sample the arrays go back to the pool for the next series. */
  private finish(): void {
    this.k = this.chunks.length;
    this.i = 0;
    this.end = 0;
    this.release();
  }

  private nextMerged(): boolean {
    const m = this.merged!;
    if (!m.next()) return false;
    this.t = m.t;
    this.v = m.v;
    return true;
  }

  private seekMerged(t: number): boolean {
    const m = this.merged!;
    if (!m.seek(t)) return false;
    this.t = m.t;
    this.v = m.v;
    return true;
  }
}

/** True when, in the given order, every chunk starts after the previous one ends. */
function disjointInOrder(chunks: readonly PartChunk[]): boolean {
  for (let i = 1; i < chunks.length; i++) {
    if (chunks[i]!.meta.minTime <= chunks[i - 1]!.meta.maxTime) return false;
  }
  return true;
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
  err(): Error | undefined {
    return this.error;
  }
}
