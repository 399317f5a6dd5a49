// A reader's view of a series' open chunk: the samples it held when the reader took its meta.
// Commits keep appending to the open chunk, and a querier may iterate long after select() (between
// commits), so without this a query would see samples committed after it started — and more than
// the meta's numSamples promised. Closed chunks never change and need no view.

import { XorChunk } from '../chunkenc/xor.js';
import type { Chunk, SampleIterator } from '../types.js';

export class OpenChunkView implements Chunk {
  readonly encoding: number;

  constructor(
    private readonly chunk: XorChunk,
    readonly numSamples: number,
  ) {
    this.encoding = chunk.encoding;
  }

  bytes(): Uint8Array {
    if (this.chunk.numSamples === this.numSamples) return this.chunk.bytes();
    return this.prefix().bytes();
  }

  iterator(): SampleIterator {
    const it = this.chunk.iterator();
    return this.chunk.numSamples === this.numSamples ? it : new PrefixIterator(it, this.numSamples);
  }

  private prefix(): XorChunk {
    const out = new XorChunk();
    const it = this.iterator();
    while (it.next()) out.append(it.t, it.v);
    const err = it.err();
    if (err !== undefined) throw err;
    return out;
  }
}

/** The first `limit` samples of another iterator. */
class PrefixIterator implements SampleIterator {
  private n = 0;

  constructor(
    private readonly inner: SampleIterator,
    private readonly limit: number,
  ) {}

  get t(): number {
    return this.inner.t;
  }

  get v(): number {
    return this.inner.v;
  }

  next(): boolean {
    if (this.n >= this.limit || !this.inner.next()) return false;
    this.n++;
    return true;
  }

  seek(t: number): boolean {
    if (this.n > 0 && this.inner.t >= t) return true;
    while (this.next()) if (this.inner.t >= t) return true;
    return false;
  }

  err(): Error | undefined {
    return this.inner.err();
  }
}
