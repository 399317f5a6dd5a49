/**
 * Bucket counts of one sign of a DDSketch, stored densely: `counts[j]` is the count of bucket index
 * `offset + j`. The array covers only the range of indexes actually seen (plus growth slack), so memory
 * follows the spread of the data (about 115 buckets per decade at 1% accuracy), not the range of doubles.
 *
 * Growth allocates a new array (at least doubling), so a store that has seen its working range records
 * without allocating. The array never exceeds `maxBuckets`; beyond that the lowest indexes (the values
 * of smallest magnitude) are folded into the lowest kept bucket and the store is marked `collapsed`:
 * from then on any lower index is counted in `counts[0]` in O(1). Quantiles that fall in a folded bucket
 * are overestimated in magnitude, so the relative-error guarantee then holds only for values at or above
 * the lowest kept bucket, which keeps the tail (the part of a latency distribution people alert on) exact.
 */

/** Capacity of the first allocation; grows by doubling (256 buckets = a factor of ~160 at 1% accuracy). */
const INITIAL_CAPACITY = 64;

export class DenseStore {
  counts: Float64Array = new Float64Array(0);
  /** Bucket index of `counts[0]`. */
  offset = 0;
  /** True once low buckets were folded into `counts[0]` because the range exceeded `maxBuckets`. */
  collapsed = false;
  readonly maxBuckets: number;

  constructor(maxBuckets: number) {
    this.maxBuckets = maxBuckets;
  }

  add(index: number): void {
    const j = index - this.offset;
    if (j >= 0 && j < this.counts.length) this.counts[j]!++;
    else this.addSlow(index, 1);
  }

  addCount(index: number, n: number): void {
    const j = index - this.offset;
    if (j >= 0 && j < this.counts.length) this.counts[j]! += n;
    else this.addSlow(index, n);
  }

  /** Index of the lowest non-empty bucket, or NaN when empty. */
  minIndex(): number {
    const c = this.counts;
    for (let j = 0; j < c.length; j++) if (c[j] !== 0) return this.offset + j;
    return Number.NaN;
  }

  /** Index of the highest non-empty bucket, or NaN when empty. */
  maxIndex(): number {
    const c = this.counts;
    for (let j = c.length - 1; j >= 0; j--) if (c[j] !== 0) return this.offset + j;
    return Number.NaN;
  }

  /** Count of bucket `index` (0 outside the covered range). */
  get(index: number): number {
    const j = index - this.offset;
    return j >= 0 && j < this.counts.length ? this.counts[j]! : 0;
  }

  /** Empties the store but keeps its array, so a reused store (a sliding-window slot) does not allocate. */
  clear(): void {
    this.counts.fill(0);
    this.collapsed = false;
  }

  /** Adds every bucket of `other` (same index space). */
  merge(other: DenseStore): void {
    this.addRange(other.offset, other.counts);
  }

  /** Adds `counts[j]` to bucket `offset + j` for every j (a snapshot's or another store's counts). */
  addRange(offset: number, counts: ArrayLike<number>): void {
    let a = 0;
    let b = counts.length - 1;
    while (a <= b && counts[a] === 0) a++;
    if (a > b) return;
    while (counts[b] === 0) b--;
    // Lowest then highest first: this store grows for the whole range at once, not once per new index.
    this.addCount(offset + a, counts[a]!);
    if (a === b) return;
    this.addCount(offset + b, counts[b]!);
    for (let j = a + 1; j < b; j++) {
      const n = counts[j]!;
      if (n !== 0) this.addCount(offset + j, n);
    }
  }

  private addSlow(index: number, n: number): void {
    if (this.collapsed && index < this.offset) {
      this.counts[0]! += n;
      return;
    }
    const c = this.counts;
    const usedLo = this.minIndex();
    if (Number.isNaN(usedLo)) {
      // Empty (new, or a cleared window slot): centre the existing array on the index, or allocate one.
      const capacity = Math.min(Math.max(INITIAL_CAPACITY, c.length), this.maxBuckets);
      if (capacity !== c.length) this.counts = new Float64Array(capacity);
      this.offset = index - Math.floor(capacity / 2);
    } else {
      const lo = Math.min(usedLo, index);
      const hi = Math.max(this.maxIndex(), index);
      const span = hi - lo + 1;
      if (span > this.maxBuckets) {
        this.relayout(hi - this.maxBuckets + 1, this.maxBuckets);
        this.collapsed = true;
      } else {
        // At least doubling keeps the number of growths logarithmic; the slack goes on the side the data
        // grew towards, which is where a drifting distribution will need it next.
        let capacity = Math.max(INITIAL_CAPACITY, c.length * 2);
        while (capacity < span) capacity *= 2;
        capacity = Math.min(capacity, this.maxBuckets);
        this.relayout(index < this.offset ? hi - capacity + 1 : lo, capacity);
      }
    }
    this.counts[Math.max(index, this.offset) - this.offset]! += n;
  }

  /**
   * Moves the counts to cover `[offset, offset + capacity)`, folding counts below `offset` into the first
   * bucket. Callers guarantee that no non-empty bucket lies above the new range.
   */
  private relayout(offset: number, capacity: number): void {
    const old = this.counts;
    const shift = offset - this.offset; // old position j holds index offset + (j - shift)
    let folded = 0;
    const foldEnd = Math.min(Math.max(shift, 0), old.length);
    for (let j = 0; j < foldEnd; j++) folded += old[j]!;
    const srcStart = foldEnd;
    const srcEnd = Math.min(old.length, shift + capacity);
    if (capacity === old.length) {
      if (srcStart < srcEnd) old.copyWithin(srcStart - shift, srcStart, srcEnd);
      if (shift > 0) old.fill(0, Math.max(srcEnd - shift, 0));
      else old.fill(0, 0, Math.min(-shift, capacity));
    } else {
      const next = new Float64Array(capacity);
      if (srcStart < srcEnd) next.set(old.subarray(srcStart, srcEnd), srcStart - shift);
      this.counts = next;
    }
    this.offset = offset;
    if (folded !== 0) this.counts[0]! += folded;
  }
}
