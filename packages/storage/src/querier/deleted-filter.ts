// Hides samples that fall into deleted intervals (tombstones, and the spans a rollup must not
// answer for). Prometheus does the same in tsdb/querier.go's populateWithDelSeriesIterator.

import type { Interval, SampleIterator } from '../types.js';

/** Does some interval of `intervals` (sorted, disjoint, inclusive) contain all of [mint, maxt]? */
export function coveredBy(intervals: readonly Interval[], mint: number, maxt: number): boolean {
  for (let i = 0; i < intervals.length; i++) {
    const iv = intervals[i]!;
    if (iv.minTime <= mint && maxt <= iv.maxTime) return true;
  }
  return false;
}

/** Does some interval of `intervals` intersect [mint, maxt]? */
export function intersectsAny(intervals: readonly Interval[], mint: number, maxt: number): boolean {
  for (let i = 0; i < intervals.length; i++) {
    const iv = intervals[i]!;
    if (iv.minTime <= maxt && mint <= iv.maxTime) return true;
  }
  return false;
}

/** `inner` without the samples inside `deleted` (sorted, disjoint, inclusive intervals). */
export class DeletedFilterIterator implements SampleIterator {
  t = 0;
  v = 0;
  private i = 0;

  constructor(
    private readonly inner: SampleIterator,
    private readonly deleted: readonly Interval[],
  ) {}

  next(): boolean {
    return this.inner.next() && this.skipDeleted();
  }

  seek(t: number): boolean {
    return this.inner.seek(t) && this.skipDeleted();
  }

  err(): Error | undefined {
    return this.inner.err();
  }

  private skipDeleted(): boolean {
    const inner = this.inner;
    const deleted = this.deleted;
    for (;;) {
      const t = inner.t;
      while (this.i < deleted.length && (deleted[this.i] as Interval).maxTime < t) this.i++;
      const iv = deleted[this.i];
      if (iv === undefined || t < iv.minTime) {
        this.t = t;
        this.v = inner.v;
        return true;
      }
      if (!inner.seek(iv.maxTime + 1)) return false;
    }
  }
}
