// The head's deleted intervals per series ref, kept sorted and merged so readers get the
// TombstoneReader shape directly.

import type { Interval, TombstoneReader } from '../types.js';

const NONE: readonly Interval[] = Object.freeze([]);

export class MemTombstones implements TombstoneReader {
  private readonly byRef = new Map<number, Interval[]>();

  get(ref: number): readonly Interval[] {
    return this.byRef.get(ref) ?? NONE;
  }

  get size(): number {
    return this.byRef.size;
  }

  /** Adds [minTime, maxTime], merging it with intervals it overlaps or touches. */
  add(ref: number, minTime: number, maxTime: number): void {
    if (minTime > maxTime) return;
    const old = this.byRef.get(ref) ?? [];
    const out: Interval[] = [];
    let lo = minTime;
    let hi = maxTime;
    let placed = false;
    for (const iv of old) {
      if (iv.maxTime < lo - 1) {
        out.push(iv);
      } else if (iv.minTime > hi + 1) {
        if (!placed) {
          out.push({ minTime: lo, maxTime: hi });
          placed = true;
        }
        out.push(iv);
      } else {
        lo = Math.min(lo, iv.minTime);
        hi = Math.max(hi, iv.maxTime);
      }
    }
    if (!placed) out.push({ minTime: lo, maxTime: hi });
    this.byRef.set(ref, out);
  }

  delete(ref: number): void {
    this.byRef.delete(ref);
  }

  /** Drops intervals that end below mint: the data they hid is gone from the head. */
  truncateBefore(mint: number): void {
    for (const [ref, list] of this.byRef) {
      const kept = list.filter((iv) => iv.maxTime >= mint);
      if (kept.length === 0) this.byRef.delete(ref);
      else if (kept.length !== list.length) this.byRef.set(ref, kept);
    }
  }

  *entries(): IterableIterator<{ ref: number; minTime: number; maxTime: number }> {
    for (const [ref, list] of this.byRef)
      for (const iv of list) yield { ref, minTime: iv.minTime, maxTime: iv.maxTime };
  }
}
