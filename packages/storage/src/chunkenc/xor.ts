// Gorilla chunk (Pelkonen et al., VLDB 2015) in Prometheus's variant (tsdb/chunkenc/xor.go):
// timestamps as delta-of-delta in buckets of 0/14/17/20/64 bits, values XORed with their
// predecessor, reusing the previous leading/trailing-zero window when the new XOR fits in it.
// This is the head's open chunk: appendable, readable at any moment, and the fallback of sealed runs.
//
// Payload: uvarint sample count, then the bit stream (layout in docs/format/chunk-encodings.md).
// Timestamps are exact while |t| < 2^51 (deltas and deltas of deltas stay below 2^53).

import { CorruptionError } from '../errors.js';
import type { Chunk, SampleIterator } from '../types.js';
import { BitReader, BitWriter, putBits, putUvarintBits } from './bstream.js';
import { Encoding } from './encoding-id.js';
import { split, splitFloat } from './float-bits.js';
import { readCount, uvarintSize, writeUvarintTo } from './uvarint.js';
import { XorIterator } from './xor-iterator.js';
import { NO_WINDOW, putXorValue, type XorValueState } from './xor-values.js';

const CHUNK_FILE = '<xor chunk>';

export class XorChunk implements Chunk {
  readonly encoding: number = Encoding.XOR;
  private w: BitWriter | undefined;
  /** Payload this chunk was loaded from; dropped when the chunk is appended to. */
  private loaded: Uint8Array | undefined;
  /** A loaded chunk's lastT is valid (decoded once for maxTime, or given to fromBytes). */
  private lastKnown = false;
  // XorAppendState, public for putXorSample only.
  count = 0;
  // Doubles from the start (-0 is not a small integer): a field that V8 first saw holding small
  // integers changes representation when a larger number arrives, and every existing chunk then
  // migrates to a new hidden class one by one (~5 µs each) on its next append.
  first = -0;
  lastT = -0;
  lastDelta = -0;
  lastHi = 0;
  lastLo = 0;
  leading = NO_WINDOW;
  trailing = 0;

  constructor(initialBytes = 32) {
    this.w = new BitWriter(initialBytes);
  }

  /**
   * Wraps an encoded payload; the chunk stays appendable (its state is decoded on first append).
   * `maxTime`, when the caller knows it, saves the decode that reading `maxTime` would otherwise cost.
   */
  static fromBytes(bytes: Uint8Array, maxTime?: number): XorChunk {
    const c = new XorChunk(0);
    const { count, offset } = readCount(bytes);
    c.w = undefined;
    c.loaded = bytes;
    c.count = count;
    if (count > 0) {
      const r = new BitReader(bytes.subarray(offset), (bytes.length - offset) * 8);
      c.first = r.readVarint();
      if (r.overrun) throw new CorruptionError(CHUNK_FILE, offset, 'truncated first timestamp');
      if (maxTime !== undefined) {
        c.lastT = maxTime;
        c.lastKnown = true;
      }
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
    if (this.w === undefined && !this.lastKnown) {
      // Decoding is enough: restoring the writer would copy the payload for nothing.
      const it = this.iterator() as XorIterator;
      while (it.next()) {
        // to the last sample
      }
      const err = it.err();
      if (err !== undefined) throw err;
      this.lastT = it.t;
      this.lastKnown = true;
    }
    return this.lastT;
  }

  append(t: number, v: number): void {
    if (this.w === undefined) this.restore();
    const w = this.w!;
    w.reserve(MAX_SAMPLE_BITS);
    w.bitLen = putXorSample(w.buf, w.bitLen, this, t, v);
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

  /**
   * Approximate memory held: the buffer with its typed-array overhead, this object and its writer.
   */
  sizeBytes(): number {
    if (this.w === undefined) return XOR_CHUNK_OBJECT_BYTES + typedArrayBytes(this.loaded!.byteLength);
    return XOR_CHUNK_OBJECT_BYTES + BIT_WRITER_OBJECT_BYTES + typedArrayBytes(this.w.buf.byteLength);
  }
}

/** This object with its three boxed doubles, and a BitWriter (Node 20, x64). */
const XOR_CHUNK_OBJECT_BYTES = 170;
const BIT_WRITER_OBJECT_BYTES = 40;

/**
 * Heap and off-heap bytes of a Uint8Array of `n` bytes that owns its buffer: ~200 bytes of
 * typed-array object, ArrayBuffer and backing-store bookkeeping (measured with 100k arrays on
 * Node 20; arrays up to 64 bytes keep their bytes on the heap, larger ones outside it).
 */
export function typedArrayBytes(n: number): number {
  return (n <= 64 ? 200 : 184) + ((n + 7) & ~7);
}

/** The append state of an XOR chunk: its count, first and last timestamps and value window. */
export interface XorAppendState extends XorValueState {
  count: number;
  first: number;
  lastT: number;
  lastDelta: number;
}

/** Most bits one sample adds: a 64-bit delta of delta (68) and a value opening a window (77). */
export const MAX_SAMPLE_BITS = 145;

/**
 * Encodes the next sample of the chunk whose state is `s` at bit `p` of `buf` (bstream's putBits
 * rules: room for MAX_SAMPLE_BITS made by the caller) and advances the state. Returns the new bit
 * position. The XorChunk and the head's open chunks (head/open-chunks.ts) both append with it.
 */
export function putXorSample(buf: Uint8Array, p: number, s: XorAppendState, t: number, v: number): number {
  splitFloat(v);
  const hi = split.hi;
  const lo = split.lo;
  const n = s.count;
  if (n === 0) {
    p = putUvarintBits(buf, p, t >= 0 ? t * 2 : -t * 2 - 1);
    p = putBits(buf, p, hi, 32);
    p = putBits(buf, p, lo, 32);
    s.first = t;
  } else {
    const delta = t - s.lastT;
    if (n === 1) p = putUvarintBits(buf, p, delta >= 0 ? delta * 2 : -delta * 2 - 1);
    else p = putDod(buf, p, delta - s.lastDelta);
    p = putXorValue(buf, p, s, hi, lo);
    s.lastDelta = delta;
  }
  s.lastT = t;
  s.lastHi = hi;
  s.lastLo = lo;
  s.count = n + 1;
  return p;
}

/** Prometheus's buckets: '0' | '10' 14 bits | '110' 17 bits | '1110' 20 bits | '1111' 64 bits. */
function putDod(buf: Uint8Array, p: number, dod: number): number {
  if (dod === 0) return p + 1;
  if (dod >= -8191 && dod <= 8192) return putBits(buf, p, (0b10 << 14) | (dod & 0x3fff), 16);
  if (dod >= -65535 && dod <= 65536) return putBits(buf, p, (0b110 << 17) | (dod & 0x1ffff), 20);
  if (dod >= -524287 && dod <= 524288) return putBits(buf, p, (0b1110 << 20) | (dod & 0xfffff), 24);
  p = putBits(buf, p, 0b1111, 4);
  const hi = Math.floor(dod / 0x1_0000_0000);
  p = putBits(buf, p, hi >>> 0, 32);
  return putBits(buf, p, dod - hi * 0x1_0000_0000, 32);
}
