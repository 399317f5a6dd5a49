// The open (appendable) XOR chunk of every head series, kept column-wise: the encoder state of
// slot i is a stretch of two typed arrays (8 ints, 3 doubles) and its bits are a block in a shared
// ByteArena. Per series this costs 56 bytes of state plus the block, where an XorChunk object with
// its BitWriter and Uint8Array cost ~440 bytes plus the bytes; and a scrape's appends touch two
// dense arrays and a page instead of chasing four objects per sample. The bits are the XOR
// chunk's exactly (chunkenc/xor.ts's putXorSample writes both), so a copy is an ordinary XorChunk
// payload.
//
// Readers get copies (`chunk(slot)`): a block moves when it grows or the arena is compacted, and
// a freed block is reused by another series at once.

import { uvarintSize, writeUvarintTo } from '../chunkenc/uvarint.js';
import { MAX_SAMPLE_BITS, putXorSample, type XorAppendState, XorChunk } from '../chunkenc/xor.js';
import { NO_WINDOW } from '../chunkenc/xor-values.js';
import { ByteArena, blockBytes, classFor, copyBytes } from './byte-arena.js';

const MAX_SAMPLE_BYTES = Math.ceil(MAX_SAMPLE_BITS / 8);
const FIRST_BLOCK_BYTES = 64;
const NO_PAGE = -1;

// Columns of `ints`, 8 per slot.
const COUNT = 0;
/** Bits written into the slot's block. */
const BITS = 1;
const PAGE = 2;
const OFF = 3;
const HI = 4;
const LO = 5;
const CLS = 6;
/** leading | trailing << 8 (the XOR value window). */
const WINDOW = 7;
const INTS = 8;
// Columns of `times`, 3 per slot.
const FIRST = 0;
const LAST = 1;
const DELTA = 2;
const TIMES = 3;

/** The state of the chunk being appended to, loaded from and stored back to the columns. */
const state: XorAppendState = {
  count: 0,
  first: 0.5,
  lastT: 0.5,
  lastDelta: 0.5,
  lastHi: 0,
  lastLo: 0,
  leading: NO_WINDOW,
  trailing: 0,
};

export class OpenChunks {
  readonly arena = new ByteArena();
  /** Samples a chunk holds when it is closed: growth aims at the size that will need. */
  private readonly samplesPerChunk: number;
  private slots = 0;
  private readonly freeSlots: number[] = [];
  private ints = new Int32Array(0);
  private times = new Float64Array(0);

  constructor(samplesPerChunk = 120) {
    this.samplesPerChunk = samplesPerChunk;
  }

  count(slot: number): number {
    return this.ints[slot * INTS + COUNT] as number;
  }

  firstT(slot: number): number {
    return this.times[slot * TIMES + FIRST] as number;
  }

  lastT(slot: number): number {
    return this.times[slot * TIMES + LAST] as number;
  }

  /** A slot with an empty chunk. */
  alloc(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.slots * INTS === this.ints.length) this.growColumns();
    const slot = this.slots++;
    this.ints[slot * INTS + PAGE] = NO_PAGE;
    this.ints[slot * INTS + WINDOW] = NO_WINDOW;
    return slot;
  }

  /** Frees the slot and its bytes; the slot number may be handed out again. */
  release(slot: number): void {
    this.reset(slot);
    this.freeSlots.push(slot);
  }

  /** Empties the chunk in `slot` (after its bytes were taken), keeping the slot. */
  reset(slot: number): void {
    const ints = this.ints;
    const o = slot * INTS;
    const page = ints[o + PAGE] as number;
    if (page !== NO_PAGE) this.arena.release(page, ints[o + OFF] as number, ints[o + CLS] as number);
    ints[o + PAGE] = NO_PAGE;
    ints[o + COUNT] = 0;
    ints[o + BITS] = 0;
    ints[o + WINDOW] = NO_WINDOW;
  }

  /** Appends a sample newer than the chunk's last one (the append policy has checked it). */
  append(slot: number, t: number, v: number): void {
    let ints = this.ints;
    const o = slot * INTS;
    const bits = ints[o + BITS] as number;
    if (
      ints[o + PAGE] === NO_PAGE ||
      ((bits + 7) >>> 3) + MAX_SAMPLE_BYTES > blockBytes(ints[o + CLS] as number)
    ) {
      this.grow(slot, bits);
      ints = this.ints;
    }
    const times = this.times;
    const to = slot * TIMES;
    const s = state;
    s.count = ints[o + COUNT] as number;
    s.first = times[to + FIRST] as number;
    s.lastT = times[to + LAST] as number;
    s.lastDelta = times[to + DELTA] as number;
    s.lastHi = (ints[o + HI] as number) >>> 0;
    s.lastLo = (ints[o + LO] as number) >>> 0;
    const window = ints[o + WINDOW] as number;
    s.leading = window & 0xff;
    s.trailing = window >>> 8;
    const start = (ints[o + OFF] as number) * 8;
    const page = this.arena.pages[ints[o + PAGE] as number] as Uint8Array;
    const end = putXorSample(page, start + bits, s, t, v);
    ints[o + BITS] = end - start;
    ints[o + COUNT] = s.count;
    ints[o + HI] = s.lastHi;
    ints[o + LO] = s.lastLo;
    ints[o + WINDOW] = s.leading | (s.trailing << 8);
    times[to + FIRST] = s.first;
    times[to + LAST] = s.lastT;
    times[to + DELTA] = s.lastDelta;
  }

  /** Moves the slot's bits to a block with room for another sample. */
  private grow(slot: number, bits: number): void {
    const ints = this.ints;
    const o = slot * INTS;
    const used = (bits + 7) >>> 3;
    const n = ints[o + COUNT] as number;
    // A new chunk starts with room for a few typical samples, so a scrape loop's first batches
    // after a chunk starts do not all move blocks.
    let need = n === 0 ? FIRST_BLOCK_BYTES : used + MAX_SAMPLE_BYTES;
    // Once a few samples show the rate, grow straight to the size of a full chunk (at most 3x at
    // once): fewer copies, and the last block fits the closed chunk closely.
    if (n >= 4 && n < this.samplesPerChunk) {
      need = Math.max(
        need,
        Math.min(Math.ceil((used * this.samplesPerChunk) / n), used * 3) + MAX_SAMPLE_BYTES,
      );
    }
    const cls = classFor(need);
    const oldPage = ints[o + PAGE] as number;
    const off = this.arena.alloc(cls);
    const page = this.arena.page;
    if (oldPage !== NO_PAGE) {
      const from = ints[o + OFF] as number;
      const pages = this.arena.pages;
      copyBytes(pages[oldPage] as Uint8Array, from, pages[page] as Uint8Array, off, used);
      this.arena.release(oldPage, from, ints[o + CLS] as number);
    }
    ints[o + PAGE] = page;
    ints[o + OFF] = off;
    ints[o + CLS] = cls;
  }

  /** The chunk's payload (sample count, then the bits), copied. */
  bytes(slot: number): Uint8Array {
    const ints = this.ints;
    const o = slot * INTS;
    const n = ints[o + COUNT] as number;
    const used = ((ints[o + BITS] as number) + 7) >>> 3;
    const out = new Uint8Array(uvarintSize(n) + used);
    const at = writeUvarintTo(out, 0, n);
    if (used > 0) {
      const off = ints[o + OFF] as number;
      out.set((this.arena.pages[ints[o + PAGE] as number] as Uint8Array).subarray(off, off + used), at);
    }
    return out;
  }

  /** A copy of the chunk as it is now: later appends do not show in it. */
  chunk(slot: number): XorChunk {
    return XorChunk.fromBytes(this.bytes(slot), this.lastT(slot));
  }

  /** Gives memory back when most of the arena is free (e.g. after many chunks were closed). */
  maybeCompact(): void {
    if (this.arena.wantsCompaction()) this.compact();
  }

  /** Moves every open chunk's bits into fresh, tightly packed pages. */
  compact(): void {
    const ints = this.ints;
    this.arena.compact((move) => {
      for (let o = 0; o < this.slots * INTS; o += INTS) {
        const page = ints[o + PAGE] as number;
        if (page === NO_PAGE) continue;
        const used = ((ints[o + BITS] as number) + 7) >>> 3;
        ints[o + OFF] = move(page, ints[o + OFF] as number, ints[o + CLS] as number, used);
        ints[o + PAGE] = this.arena.page;
      }
    });
  }

  /** Bytes held: the arena's pages and the state columns. */
  memoryBytes(): number {
    return this.arena.capacity + this.ints.byteLength + this.times.byteLength + 8 * this.freeSlots.length;
  }

  private growColumns(): void {
    // 1.5x: a column copy now and then costs less than a quarter of the columns sitting empty.
    const slots = Math.max(64, Math.ceil((this.ints.length / INTS) * 1.5));
    const ints = new Int32Array(slots * INTS);
    ints.set(this.ints);
    const times = new Float64Array(slots * TIMES);
    times.set(this.times);
    this.ints = ints;
    this.times = times;
  }
}

/**
 * Runs every append path once (first sample, second, later ones with each kind of value record)
 * on a scratch instance when the module loads. V8 optimizes append() during the first scrape,
 * which only takes the first-sample path; without feedback for the other paths the optimized code
 * is thrown away at the second and third scrapes, and each time ~10k appends run in the
 * interpreter before it is rebuilt (measured 5-9 µs per sample for those scrapes).
 */
function seedTypeFeedback(): void {
  const scratch = new OpenChunks(4);
  const slot = scratch.alloc();
  const values = [1, 1, 2.5, 1e300, -0, 3];
  for (let i = 0; i < values.length; i++)
    scratch.append(slot, i * 15_000 + (i > 3 ? i * 7 : 0), values[i] as number);
  scratch.chunk(slot);
  scratch.reset(slot);
  scratch.release(slot);
  scratch.compact();
}

seedTypeFeedback();
