// A series' out-of-order samples: timestamps and values kept sorted in two small typed arrays.
// Typed arrays keep a NaN's payload (a plain array may quiet it), so stale markers survive, and
// cost 8 bytes a sample instead of a boxed number. Out-of-order samples are rare and few per
// series (they must fall inside the window), so a sorted insert with a copy is cheap enough.

export class OooBuffer {
  ts: Float64Array;
  vs: Float64Array;
  length = 0;

  constructor(capacity = 4) {
    this.ts = new Float64Array(capacity);
    this.vs = new Float64Array(capacity);
  }

  /** First index whose timestamp is > t (length when none). */
  upperBound(t: number, lo = 0): number {
    let hi = this.length;
    const ts = this.ts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ts[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the sample at exactly t, or -1. */
  indexOf(t: number): number {
    const i = this.upperBound(t) - 1;
    return i >= 0 && this.ts[i] === t ? i : -1;
  }

  /** Inserts in timestamp order; false (and no change) when a sample at t is already present. */
  insert(t: number, v: number): boolean {
    const i = this.upperBound(t);
    if (i > 0 && this.ts[i - 1] === t) return false;
    if (this.length === this.ts.length) this.grow();
    const n = this.length;
    if (i < n) {
      this.ts.copyWithin(i + 1, i, n);
      this.vs.copyWithin(i + 1, i, n);
    }
    this.ts[i] = t;
    this.vs[i] = v;
    this.length = n + 1;
    return true;
  }

  /** Drops every sample with timestamp < mint; returns how many were dropped. */
  dropBefore(mint: number): number {
    const k = this.upperBound(mint - 1);
    if (k === 0) return 0;
    this.ts.copyWithin(0, k, this.length);
    this.vs.copyWithin(0, k, this.length);
    this.length -= k;
    return k;
  }

  get minTime(): number {
    return this.length === 0 ? Number.POSITIVE_INFINITY : (this.ts[0] as number);
  }

  get maxTime(): number {
    return this.length === 0 ? Number.NEGATIVE_INFINITY : (this.ts[this.length - 1] as number);
  }

  /** Approximate heap bytes: both arrays plus typed-array headers. */
  sizeBytes(): number {
    return this.ts.byteLength * 2 + 200;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const ts = new Float64Array(cap);
    const vs = new Float64Array(cap);
    ts.set(this.ts.subarray(0, this.length));
    vs.set(this.vs.subarray(0, this.length));
    this.ts = ts;
    this.vs = vs;
  }
}
