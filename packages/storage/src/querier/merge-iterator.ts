// Merges sample iterators by timestamp, deduplicating equal timestamps (storage/merge.go's
// chainSampleIterator plus the vertical-overlap handling of tsdb/querier.go, in one heap).
//
// Sources are opened lazily in order of their lower bound: a source is opened only once the
// smallest pending timestamp reaches its minTime, so series whose chunks do not overlap decode
// one chunk at a time and pay a couple of comparisons per sample for the merge.

import type { SampleIterator } from '../types.js';

/** Something that can be read as a SampleIterator, opened only when the merge reaches it. */
export interface IteratorSource {
  /** No sample of the source is older than this (a chunk's minTime). */
  readonly minTime: number;
  /** On equal timestamps the source with the higher priority wins. */
  readonly priority: number;
  open(): SampleIterator;
}

/**
 * A SampleIterator over the union of `sources`, restricted to [mint, maxt]: ascending timestamps,
 * each timestamp once, taking the value of the highest-priority source holding it.
 */
export class MergingIterator implements SampleIterator {
  t = 0;
  v = 0;
  private readonly pending: IteratorSource[];
  private nextPending = 0;
  // Binary heap of open iterators ordered by (t ascending, priority descending).
  private readonly heap: SampleIterator[] = [];
  private readonly prio: number[] = [];
  private size = 0;
  /** Newly opened sources skip samples below this: mint, then one past the last emitted sample. */
  private floor: number;
  private started = false;
  private done = false;
  private error: Error | undefined;

  constructor(
    sources: readonly IteratorSource[],
    mint = Number.NEGATIVE_INFINITY,
    private readonly maxt = Number.POSITIVE_INFINITY,
  ) {
    this.pending = [...sources].sort((a, b) => a.minTime - b.minTime || a.priority - b.priority);
    this.floor = mint;
  }

  next(): boolean {
    if (this.done) return false;
    if (this.size === 1 && this.started) {
      // One open source and none due: the common case of chunks that do not overlap.
      const it = this.heap[0] as SampleIterator;
      const last = this.t;
      if (!it.next()) {
        if (!this.retire(it)) return false;
      } else if (
        this.nextPending === this.pending.length ||
        (this.pending[this.nextPending] as IteratorSource).minTime > it.t
      ) {
        if (it.t > this.maxt) return this.finish();
        this.t = it.t;
        this.v = it.v;
        return true;
      }
      this.floor = last + 1;
      return this.emit();
    }
    if (this.started) {
      // Every open iterator sitting on the emitted timestamp has been consumed (the winner and the
      // duplicates it shadowed).
      const last = this.t;
      while (this.size > 0 && (this.heap[0] as SampleIterator).t === last) {
        const it = this.heap[0] as SampleIterator;
        if (it.next()) this.siftDown(0);
        else if (!this.retire(it)) return false;
      }
      this.floor = last + 1;
    }
    this.started = true;
    return this.emit();
  }

  seek(t: number): boolean {
    if (this.done) return false;
    if (this.started && this.t >= t) return true;
    if (t > this.floor) this.floor = t;
    if (this.started) {
      // Re-seek the open iterators; a source reports success while it stays on a later sample.
      let n = 0;
      for (let i = 0; i < this.size; i++) {
        const it = this.heap[i] as SampleIterator;
        if (it.seek(this.floor)) {
          this.heap[n] = it;
          this.prio[n] = this.prio[i] as number;
          n++;
        } else if (it.err() !== undefined) {
          return this.fail(it.err() as Error);
        }
      }
      this.size = n;
      for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    this.started = true;
    return this.emit();
  }

  err(): Error | undefined {
    return this.error;
  }

  /** Opens the sources the heap's front has reached, then exposes the winning sample. */
  private emit(): boolean {
    const pending = this.pending;
    while (
      this.nextPending < pending.length &&
      (this.size === 0 ||
        (pending[this.nextPending] as IteratorSource).minTime <= (this.heap[0] as SampleIterator).t)
    ) {
      const src = pending[this.nextPending++] as IteratorSource;
      const it = src.open();
      if (it.seek(this.floor)) this.push(it, src.priority);
      else if (it.err() !== undefined) return this.fail(it.err() as Error);
    }
    if (this.size === 0) return this.finish();
    const top = this.heap[0] as SampleIterator;
    if (top.t > this.maxt) return this.finish();
    this.t = top.t;
    this.v = top.v;
    return true;
  }

  /** Removes the exhausted front iterator; false when it ended with an error. */
  private retire(it: SampleIterator): boolean {
    const e = it.err();
    if (e !== undefined) return this.fail(e);
    this.size--;
    if (this.size > 0) {
      this.heap[0] = this.heap[this.size] as SampleIterator;
      this.prio[0] = this.prio[this.size] as number;
      this.siftDown(0);
    }
    return true;
  }

  private push(it: SampleIterator, priority: number): void {
    let i = this.size++;
    this.heap[i] = it;
    this.prio[i] = priority;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.before(r, l) ? r : l;
      if (!this.before(c, i)) return;
      this.swap(i, c);
      i = c;
    }
  }

  private before(a: number, b: number): boolean {
    const ta = (this.heap[a] as SampleIterator).t;
    const tb = (this.heap[b] as SampleIterator).t;
    return ta < tb || (ta === tb && (this.prio[a] as number) > (this.prio[b] as number));
  }

  private swap(a: number, b: number): void {
    const it = this.heap[a] as SampleIterator;
    this.heap[a] = this.heap[b] as SampleIterator;
    this.heap[b] = it;
    const p = this.prio[a] as number;
    this.prio[a] = this.prio[b] as number;
    this.prio[b] = p;
  }

  private finish(): false {
    this.done = true;
    this.size = 0;
    return false;
  }

  private fail(e: Error): false {
    this.error = e;
    return this.finish();
  }
}

/**
 * Merges already-open iterators; on equal timestamps the one later in the list wins.
 * Optionally restricted to [mint, maxt].
 */
export function mergeSampleIterators(
  iterators: readonly SampleIterator[],
  mint = Number.NEGATIVE_INFINITY,
  maxt = Number.POSITIVE_INFINITY,
): SampleIterator {
  return new MergingIterator(
    iterators.map((it, i) => ({ minTime: Number.NEGATIVE_INFINITY, priority: i, open: () => it })),
    mint,
    maxt,
  );
}
