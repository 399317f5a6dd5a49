// One series in the head (Prometheus's memSeries): its labels, its XOR chunks in time order (the
// last one is open for appends), the last accepted sample for the append policy, and an
// out-of-order buffer when the window allows late samples.

import { XorChunk } from '../chunkenc/xor.js';
import type { Labels } from '../types.js';
import { isStaleNaN } from '../value.js';
import { OooBuffer } from './ooo-buffer.js';

/** Shared by every series before its first sample; never mutated (appendInOrder replaces it). */
const NO_CHUNKS: XorChunk[] = [];

export class MemSeries {
  /** 0 while the series exists only in an appender's batch; the head assigns one at commit. */
  ref = 0;
  /** The caller's Labels until the series is committed; then the head's pooled copy (label-pool.ts). */
  labels: Labels;
  /** In-order chunks, oldest first; the last is open. Non-empty once the series holds a sample. */
  chunks: XorChunk[] = NO_CHUNKS;
  /** Id of chunks[0]: ids count every chunk ever cut, so ids stay stable when truncate drops old ones. */
  firstChunkId = 0;
  /** Timestamp of the newest in-order sample; -Infinity before the first one. */
  lastT = Number.NEGATIVE_INFINITY;
  lastV = 0;
  /** Kept apart from lastV because a NaN in a number field is not guaranteed to keep its payload. */
  lastStale = false;
  ooo: OooBuffer | undefined = undefined;
  /** Commit that last touched the series (appender scratch: the undo log records only the first touch). */
  epoch = 0;
  /** Set when truncate drops the series; appenders holding it look it up again by labels. */
  removed = false;

  constructor(labels: Labels) {
    this.labels = labels;
  }

  /** Appends behind lastT (which the caller has already checked and set); true when it cut a chunk. */
  appendInOrder(t: number, v: number, samplesPerChunk: number): boolean {
    const chunks = this.chunks;
    let c = chunks[chunks.length - 1];
    let cut = true;
    if (c === undefined) {
      // A literal has room for exactly one chunk; [].push would reserve 17.
      c = new XorChunk();
      this.chunks = [c];
    } else if (c.numSamples >= samplesPerChunk) {
      // A series' chunks tend to be alike: sizing the next one like the last saves regrowing it.
      c = new XorChunk(c.bytes().length + 8);
      chunks.push(c);
    } else {
      cut = false;
    }
    c.append(t, v);
    return cut;
  }

  /** Sets the policy state to an accepted in-order sample. */
  setLast(t: number, v: number): void {
    this.lastT = t;
    this.lastV = v;
    this.lastStale = Number.isNaN(v) && isStaleNaN(v);
  }

  /** The idempotent re-send test against the last in-order sample (see sameValue). */
  isLastValue(v: number): boolean {
    if (Number.isNaN(v)) return Number.isNaN(this.lastV) && isStaleNaN(v) === this.lastStale;
    return Object.is(v, this.lastV);
  }

  insertOoo(t: number, v: number): boolean {
    if (this.ooo === undefined) this.ooo = new OooBuffer();
    return this.ooo.insert(t, v);
  }

  /** The stored value at exactly t (in-order chunks or out-of-order buffer), or undefined. */
  valueAt(t: number): number | undefined {
    const ooo = this.ooo;
    if (ooo !== undefined) {
      const i = ooo.indexOf(t);
      if (i >= 0) return ooo.vs[i];
    }
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    // First chunk whose maxTime >= t: the only one that can hold t.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((chunks[mid] as XorChunk).maxTime < t) lo = mid + 1;
      else hi = mid;
    }
    const c = chunks[lo];
    if (c === undefined || c.minTime > t) return undefined;
    const it = c.iterator();
    return it.seek(t) && it.t === t ? it.v : undefined;
  }

  get minTime(): number {
    const c = this.chunks[0];
    const m = c === undefined ? Number.POSITIVE_INFINITY : c.minTime;
    return this.ooo === undefined ? m : Math.min(m, this.ooo.minTime);
  }

  /** Out-of-order samples are always older than lastT, so the open chunk holds the newest sample. */
  get maxTime(): number {
    return this.lastT;
  }

  get numSamples(): number {
    let n = this.ooo === undefined ? 0 : this.ooo.length;
    for (const c of this.chunks) n += c.numSamples;
    return n;
  }

  /** In-order samples below t; after truncateBefore(t) only the first chunk can hold any. */
  countBefore(t: number): number {
    let n = 0;
    for (const c of this.chunks) {
      if (c.minTime >= t) break;
      if (c.maxTime < t) {
        n += c.numSamples;
        continue;
      }
      const it = c.iterator();
      while (it.next() && it.t < t) n++;
      break;
    }
    return n;
  }

  /**
   * Drops chunks that end below mint and out-of-order samples below mint. Returns whether any data
   * is left. A chunk straddling mint is kept whole (readers clip), as in Prometheus.
   */
  truncateBefore(mint: number): boolean {
    const chunks = this.chunks;
    let k = 0;
    while (k < chunks.length && (chunks[k] as XorChunk).maxTime < mint) k++;
    if (k > 0) {
      chunks.splice(0, k);
      this.firstChunkId += k;
    }
    if (this.ooo !== undefined) {
      this.ooo.dropBefore(mint);
      if (this.ooo.length === 0) this.ooo = undefined;
    }
    return chunks.length > 0;
  }
}
