// Gorilla chunk (Pelkonen et al., VLDB 2015) in Prometheus's variant (tsdb/chunkenc/xor.go):
// timestamps as delta-of-delta in buckets of 0/14/17/20/64 bits, values XORed with their
// predecessor, reusing the previous leading/trailing-zero window when the new XOR fits in it.
// This is the head's open chunk: appendable, readable at any moment, and the fallback of sealed runs.
//
// Payload: uvarint sample count, then the bit stream (layout in docs/format/chunk-encodings.md).
// Timestamps are exact while |t| < 2^51 (deltas and deltas of deltas stay below 2^53).

import { CorruptionError } from '../errors.js';
import type { Chunk, SampleIterator } from '../types.js';
import { BitReader, BitWriter } from './bstream.js';
import { Encoding } from './encoding-id.js';
import { split, splitFloat } from './float-bits.js';
import { readCount, uvarintSize, writeUvarintTo } from './uvarint.js';
import { XorIterator } from './xor-iterator.js';
import { NO_WINDOW, writeXorValue } from './xor-values.js';

const CHUNK_FILE = '<xor chunk>';

export class XorChunk implements Chunk {
  readonly encoding: number = Encoding.XOR;
  private w: BitWriter | undefined;
  /** Payload this chunk was loaded from; dropped when the chunk is appended to. */
  private loaded: Uint8Array | undefined;
  private count = 0;
  private first = 0;
  private lastT = 0;
  private lastDelta = 0;
  /** XOR state (XorValueState), public for writeXorValue only. */
  lastHi = 0;
  lastLo = 0;
  leading = NO_WINDOW;
  trailing = 0;

  constructor(initialBytes = 32) {
    this.w = new BitWriter(initialBytes);
  }

  /** Wraps an encoded payload; the chunk stays appendable (its state is decoded on first append). */
  static fromBytes(bytes: Uint8Array): XorChunk {
    const c = new XorChunk(0);
    const { count, offset } = readCount(bytes);
    c.w = undefined;
    c.loaded = bytes;
    c.count = count;
    if (count > 0) {
      const r = new BitReader(bytes.subarray(offset), (bytes.length - offset) * 8);
      c.first = r.readVarint();
      if (r.overrun) throw new CorruptionError(CHUNK_FILE, offset, 'truncated first timestamp');
    }
    return c;
  }

  get numSamples(): number {
    return this.count;
  }

  get minTime(): number {
    return this.count === 0 ? 0 : this.first;
  }

  get maxTime(): number {
    if (this.count === 0) return 0;
    if (this.w === undefined) this.restore();
    return this.lastT;
  }

  append(t: number, v: number): void {
    if (this.w === undefined) this.restore();
    const w = this.w!;
    splitFloat(v);
    const hi = split.hi;
    const lo = split.lo;
    const n = this.count;
    if (n === 0) {
      w.writeVarint(t);
      w.writeBits(hi, 32);
      w.writeBits(lo, 32);
      this.first = t;
    } else if (n === 1) {
      const delta = t - this.lastT;
      w.writeVarint(delta);
      writeXorValue(w, this, hi, lo);
      this.lastDelta = delta;
    } else {
      const delta = t - this.lastT;
      writeDod(w, delta - this.lastDelta);
      writeXorValue(w, this, hi, lo);
      this.lastDelta = delta;
    }
    this.lastT = t;
    this.lastHi = hi;
    this.lastLo = lo;
    this.count = n + 1;
  }

  /** Rebuilds the append state of a chunk loaded from bytes by decoding it once. */
  private restore(): void {
    const bytes = this.loaded!;
    const { offset } = readCount(bytes);
    const it = new XorIterator(bytes.subarray(offset), (bytes.length - offset) * 8, this.count);
    while (it.next()) {
      // Decoding to the end leaves the iterator holding exactly the writer's state.
    }
    const err = it.err();
    if (err !== undefined) throw err;
    const w = new BitWriter(Math.max(32, bytes.length - offset + 16));
    w.buf.set(bytes.subarray(offset));
    w.bitLen = it.bitPos();
    this.w = w;
    this.loaded = undefined;
    this.lastT = it.t;
    this.lastDelta = it.delta;
    this.lastHi = it.lastHi;
    this.lastLo = it.lastLo;
    this.leading = it.leading;
    this.trailing = it.trailing;
  }

  bytes(): Uint8Array {
    if (this.w === undefined) return this.loaded!;
    const w = this.w;
    const n = w.byteLength();
    const out = new Uint8Array(uvarintSize(this.count) + n);
    const o = writeUvarintTo(out, 0, this.count);
    out.set(w.buf.subarray(0, n), o);
    return out;
  }

  iterator(): SampleIterator {
    if (this.w === undefined) {
      const bytes = this.loaded!;
      const { offset } = readCount(bytes);
      return new XorIterator(bytes.subarray(offset), (bytes.length - offset) * 8, this.count);
    }
    // The writer only ever appends bits past bitLen or moves to a new array when it grows, so the
    // iterator can share the current array and stop after the samples present now.
    return new XorIterator(this.w.buf, this.w.bitLen, this.count);
  }

  /** Approximate heap bytes held: the buffer plus object and typed-array headers. */
  sizeBytes(): number {
    const buf = this.w !== undefined ? this.w.buf.byteLength : this.loaded!.byteLength;
    return buf + 160;
  }
}

/** Prometheus's buckets: '0' | '10' 14 bits | '110' 17 bits | '1110' 20 bits | '1111' 64 bits. */
function writeDod(w: BitWriter, dod: number): void {
  if (dod === 0) {
    w.writeBit(0);
  } else if (dod >= -8191 && dod <= 8192) {
    w.writeBits(0b10, 2);
    w.writeBits(dod & 0x3fff, 14);
  } else if (dod >= -65535 && dod <= 65536) {
    w.writeBits(0b110, 3);
    w.writeBits(dod & 0x1ffff, 17);
  } else if (dod >= -524287 && dod <= 524288) {
    w.writeBits(0b1110, 4);
    w.writeBits(dod & 0xfffff, 20);
  } else {
    w.writeBits(0b1111, 4);
    const hi = Math.floor(dod / 0x1_0000_0000);
    w.writeBits(hi >>> 0, 32);
    w.writeBits(dod - hi * 0x1_0000_0000, 32);
  }
}
