// The iterator of a packed chunk: decodes the whole chunk into two pooled arrays on first use, so
// `next` is an index increment and `seek` a binary search.

import type { SampleIterator } from '../types.js';
import type { PackedChunk } from './packed.js';
import { giveBackSampleArray, takeSampleArray } from './scratch.js';

export class PackedIterator implements SampleIterator {
  t = 0;
  v = 0;
  private ts: Float64Array | undefined;
  private vs: Float64Array | undefined;
  /** Index of the current sample; -1 before the first `next`. */
  private i = -1;
  private readonly count: number;
  private error: Error | undefined;

  constructor(private readonly chunk: PackedChunk) {
    this.count = chunk.numSamples;
  }

  private decode(): boolean {
    if (this.ts !== undefined) return true;
    if (this.error !== undefined || this.i >= this.count) return false;
    const ts = takeSampleArray(this.count);
    const vs = takeSampleArray(this.count);
    try {
      this.chunk.decodeInto(ts, vs);
    } catch (e) {
      giveBackSampleArray(ts);
      giveBackSampleArray(vs);
      this.error = e as Error;
      return false;
    }
    this.ts = ts;
    this.vs = vs;
    return true;
  }

  next(): boolean {
    if (this.ts === undefined && !this.decode()) return false;
    // decode() succeeded or the arrays are still held, so ts/vs are set.
    const i = this.i + 1;
    if (i >= this.count) {
      this.finish();
      return false;
    }
    this.i = i;
    this.t = this.ts![i]!;
    this.v = this.vs![i]!;
    return true;
  }

  seek(t: number): boolean {
    if (this.ts === undefined && !this.decode()) return false;
    const ts = this.ts!;
    let i = Math.max(this.i, 0);
    if (i >= this.count) return false;
    if (ts[i]! < t) {
      let lo = i + 1;
      let hi = this.count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ts[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    if (i >= this.count) {
      this.finish();
      return false;
    }
    this.i = i;
    this.t = ts[i]!;
    this.v = this.vs![i]!;
    return true;
  }

  /** Past the last sample the decoded arrays go back to the pool for the next iterator. */
  private finish(): void {
    this.i = this.count;
    if (this.ts !== undefined) {
      giveBackSampleArray(this.ts);
      giveBackSampleArray(this.vs!);
      this.ts = undefined;
      this.vs = undefined;
    }
  }

  err(): Error | undefined {
    return this.error;
  }
}
