import type { Interval, TombstoneReader } from '../types.js';
import { addInterval } from './intervals.js';

const NONE: readonly Interval[] = Object.freeze([]);

/** Deleted time ranges per series ref, each list kept sorted and merged. */
export class MemTombstones implements TombstoneReader {
  private readonly byRef = new Map<number, Interval[]>();

  add(ref: number, interval: Interval): void {
    if (!(interval.minTime <= interval.maxTime)) return;
    this.byRef.set(
      ref,
      addInterval(this.byRef.get(ref) ?? NONE, { minTime: interval.minTime, maxTime: interval.maxTime }),
    );
  }

  get(ref: number): readonly Interval[] {
    return this.byRef.get(ref) ?? NONE;
  }

  get size(): number {
    return this.byRef.size;
  }

  /** Forgets every interval of `ref` (its series is gone). */
  delete(ref: number): void {
    this.byRef.delete(ref);
  }

  /** Drops intervals that end below mint: the data they hid is gone. */
  truncateBefore(mint: number): void {
    for (const [ref, list] of this.byRef) {
      const kept = list.filter((iv) => iv.maxTime >= mint);
      if (kept.length === 0) this.byRef.delete(ref);
      else if (kept.length !== list.length) this.byRef.set(ref, kept);
    }
  }

  /** Every ref with tombstones, ascending, with its intervals. */
  *entries(): IterableIterator<[number, readonly Interval[]]> {
    for (const ref of [...this.byRef.keys()].sort((a, b) => a - b))
      yield [ref, this.byRef.get(ref) as Interval[]];
  }

  /** A copy whose later changes do not affect this one. */
  clone(): MemTombstones {
    const copy = new MemTombstones();
    for (const [ref, list] of this.byRef) copy.byRef.set(ref, list);
    return copy;
  }
}
