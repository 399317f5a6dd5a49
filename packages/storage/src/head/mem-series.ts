// One series in the head (Prometheus's memSeries): its labels, its chunks in time order — closed
// ones (closed-chunks.ts, a linked list of rows) and the open one (open-chunks.ts, a slot) — the
// last accepted sample for the append policy, and an out-of-order buffer when the window allows
// late samples. A chunk is closed as soon as it holds samplesPerChunk samples.
//
// Chunk i of a series counts its closed chunks first, then the open chunk if it holds a sample.

import type { Chunk, Labels } from '../types.js';
import { isStaleNaN } from '../value.js';
import { type ClosedChunks, NO_CHUNK } from './closed-chunks.js';
import { OooBuffer } from './ooo-buffer.js';
import type { OpenChunks } from './open-chunks.js';

/** What the series of one head share: where chunks live and when one is full. */
export interface ChunkStorage {
  readonly open: OpenChunks;
  readonly closed: ClosedChunks;
  readonly samplesPerChunk: number;
}

/** Chunk i is the open chunk. */
export const OPEN_CHUNK = -2;

export class MemSeries {
  /** 0 while the series exists only in an appender's batch; the head assigns one at commit. */
  ref = 0;
  /** The caller's Labels until the series is committed; then the head's pooled copy (label-pool.ts). */
  labels: Labels;
  /** Open chunk slot; -1 until the head attaches the series. */
  slot = -1;
  firstClosed = NO_CHUNK;
  lastClosed = NO_CHUNK;
  closedCount = 0;
  /** Id of chunk 0: ids count every chunk ever started, so ids stay stable when truncate drops old ones. */
  firstChunkId = 0;
  /** Timestamp of the newest in-order sample; -Infinity before the first one. */
  lastT = Number.NEGATIVE_INFINITY;
  /** Starts as NaN so that V8 keeps the field a double from the outset (no per-object migration). */
  lastV = Number.NaN;
  /** Kept apart from lastV because a NaN in a number field is not guaranteed to keep its payload. */
  lastStale = false;
  ooo: OooBuffer | undefined = undefined;
  /** Commit that last touched the series (appender scratch: the undo log records only the first touch). */
  epoch = 0;
  /** Set when truncate drops the series; appenders holding it look it up again by labels. */
  removed = false;

  constructor(
    labels: Labels,
    readonly storage: ChunkStorage,
  ) {
    this.labels = labels;
  }

  /** Appends behind lastT (which the caller has already checked and set); true when it started a chunk. */
  appendInOrder(t: number, v: number): boolean {
    const st = this.storage;
    const open = st.open;
    const slot = this.slot;
    const started = open.count(slot) === 0;
    open.append(slot, t, v);
    if (open.count(slot) >= st.samplesPerChunk) this.closeOpenChunk();
    return started;
  }

  /** Moves the full open chunk to the closed chunks; its chunk id stays the same. */
  private closeOpenChunk(): void {
    const { open, closed } = this.storage;
    const slot = this.slot;
    const row = closed.add(open.bytes(slot), open.firstT(slot), open.lastT(slot), open.count(slot));
    if (this.lastClosed === NO_CHUNK) this.firstClosed = row;
    else closed.next[this.lastClosed] = row;
    this.lastClosed = row;
    this.closedCount++;
    open.reset(slot);
  }

  /** Sets the policy state to an accepted in-order sample. */
  setLast(t: number, v: number): void {
    this.lastT = t;
    this.lastV = v;
    this.lastStale = Number.isNaN(v) && isStaleNaN(v);
  }

  /** Puts the policy state back to the newest in-order sample stored (after a failed commit). */
  restoreLast(): void {
    const { open } = this.storage;
    const n = this.numChunks;
    if (n === 0) {
      this.lastT = Number.NEGATIVE_INFINITY;
      this.lastV = Number.NaN;
      this.lastStale = false;
      return;
    }
    if (this.slot >= 0 && open.count(this.slot) > 0) {
      const it = open.chunk(this.slot).iterator();
      while (it.next()) {
        // to the newest sample; the iterator's value keeps a stale marker's payload
      }
      this.setLast(it.t, it.v);
      return;
    }
    const it = this.chunk(n - 1).iterator();
    while (it.next()) {
      // to the newest sample
    }
    this.setLast(it.t, it.v);
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

  get numChunks(): number {
    return this.closedCount + (this.slot >= 0 && this.storage.open.count(this.slot) > 0 ? 1 : 0);
  }

  /** Row of closed chunk i, or OPEN_CHUNK for the open chunk. */
  locate(i: number): number {
    if (i >= this.closedCount) return OPEN_CHUNK;
    const next = this.storage.closed.next;
    let row = this.firstClosed;
    for (let k = 0; k < i; k++) row = next[row] as number;
    return row;
  }

  /** Row after `row` in this series' list (OPEN_CHUNK after the last closed one). */
  nextRow(row: number): number {
    if (row === this.lastClosed) return OPEN_CHUNK;
    return this.storage.closed.next[row] as number;
  }

  rowMinTime(row: number): number {
    const { open, closed } = this.storage;
    return row === OPEN_CHUNK ? open.firstT(this.slot) : (closed.minT[row] as number);
  }

  rowMaxTime(row: number): number {
    const { open, closed } = this.storage;
    return row === OPEN_CHUNK ? open.lastT(this.slot) : (closed.maxT[row] as number);
  }

  rowNumSamples(row: number): number {
    const { open, closed } = this.storage;
    return row === OPEN_CHUNK ? open.count(this.slot) : (closed.count[row] as number);
  }

  /** The chunk in `row`: the open one as a copy of what it holds now. */
  rowChunk(row: number): Chunk {
    const { open, closed } = this.storage;
    return row === OPEN_CHUNK ? open.chunk(this.slot) : closed.chunk(row);
  }

  chunk(i: number): Chunk {
    return this.rowChunk(this.locate(i));
  }

  chunkMaxTime(i: number): number {
    return this.rowMaxTime(this.locate(i));
  }

  /** The stored value at exactly t (in-order chunks or out-of-order buffer), or undefined. */
  valueAt(t: number): number | undefined {
    const ooo = this.ooo;
    if (ooo !== undefined) {
      const i = ooo.indexOf(t);
      if (i >= 0) return ooo.vs[i];
    }
    const n = this.numChunks;
    // The first chunk whose maxTime >= t is the only one that can hold t.
    let row = n === 0 ? OPEN_CHUNK : this.locate(0);
    for (let i = 0; i < n; i++, row = this.nextRow(row)) {
      if (this.rowMaxTime(row) < t) continue;
      if (this.rowMinTime(row) > t) return undefined;
      const it = this.rowChunk(row).iterator();
      return it.seek(t) && it.t === t ? it.v : undefined;
    }
    return undefined;
  }

  get minTime(): number {
    const m = this.numChunks === 0 ? Number.POSITIVE_INFINITY : this.rowMinTime(this.locate(0));
    return this.ooo === undefined ? m : Math.min(m, this.ooo.minTime);
  }

  /** Out-of-order samples are always older than lastT, so the newest chunk holds the newest sample. */
  get maxTime(): number {
    return this.lastT;
  }

  get numSamples(): number {
    let total = this.ooo === undefined ? 0 : this.ooo.length;
    const n = this.numChunks;
    let row = n === 0 ? OPEN_CHUNK : this.locate(0);
    for (let i = 0; i < n; i++, row = this.nextRow(row)) total += this.rowNumSamples(row);
    return total;
  }

  /** In-order samples below t; after truncateBefore(t) only the first chunk can hold any. */
  countBefore(t: number): number {
    let total = 0;
    const n = this.numChunks;
    let row = n === 0 ? OPEN_CHUNK : this.locate(0);
    for (let i = 0; i < n; i++, row = this.nextRow(row)) {
      if (this.rowMinTime(row) >= t) break;
      if (this.rowMaxTime(row) < t) {
        total += this.rowNumSamples(row);
        continue;
      }
      const it = this.rowChunk(row).iterator();
      while (it.next() && it.t < t) total++;
      break;
    }
    return total;
  }

  /**
   * Drops chunks that end below mint and out-of-order samples below mint. Returns whether any data
   * is left. A chunk straddling mint is kept whole (readers clip), as in Prometheus.
   */
  truncateBefore(mint: number): boolean {
    const { open, closed } = this.storage;
    while (this.firstClosed !== NO_CHUNK && (closed.maxT[this.firstClosed] as number) < mint) {
      const following = closed.remove(this.firstClosed);
      this.firstClosed = this.firstClosed === this.lastClosed ? NO_CHUNK : following;
      if (this.firstClosed === NO_CHUNK) this.lastClosed = NO_CHUNK;
      this.closedCount--;
      this.firstChunkId++;
    }
    const slot = this.slot;
    if (this.closedCount === 0 && slot >= 0 && open.count(slot) > 0 && open.lastT(slot) < mint) {
      open.reset(slot);
      this.firstChunkId++;
    }
    if (this.ooo !== undefined) {
      this.ooo.dropBefore(mint);
      if (this.ooo.length === 0) this.ooo = undefined;
    }
    return this.numChunks > 0;
  }

  /** Frees the chunks and the slot (the series leaves the head). */
  release(): void {
    const { open, closed } = this.storage;
    for (let row = this.firstClosed; row !== NO_CHUNK; ) {
      const last = row === this.lastClosed;
      const following = closed.remove(row);
      row = last ? NO_CHUNK : following;
    }
    this.firstClosed = this.lastClosed = NO_CHUNK;
    this.closedCount = 0;
    if (this.slot >= 0) open.release(this.slot);
    this.slot = -1;
  }
}
