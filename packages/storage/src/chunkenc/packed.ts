// The sealed chunk: a finished run of samples whose timestamp and value codecs are chosen per chunk
// (packed-time.ts, packed-values.ts). Written once by the block writer or the compactor, read many
// times, so the iterator decodes the whole chunk into two typed arrays on first use: the bit
// unpacking loops stay tight and `seek` is a binary search.
//
// Payload: uvarint sample count | time section (byte-aligned) | value section (byte-aligned).

import { CorruptionError } from '../errors.js';
import type { Chunk, SampleIterator } from '../types.js';
import { BitReader } from './bstream.js';
import { Encoding } from './encoding-id.js';
import { decodeTimes, encodeTimes, TimeKind } from './packed-time.js';
import { encodeValues, type ValueCodecChoice } from './packed-values.js';
import { decodeValues } from './packed-values-decode.js';
import { uvarintSize, writeUvarintTo } from './uvarint.js';

const CHUNK_FILE = '<packed chunk>';
/**
 * Upper bound on samples per packed chunk. Constant values over a regular grid cost no bits per
 * sample, so the count cannot be checked against the payload size; this bound keeps a corrupt
 * count from allocating gigabytes. Longer runs are split by the caller or stored as XOR.
 */
export const MAX_PACKED_SAMPLES = 1 << 16;

/** Decoding is synchronous and never re-entered, so one scratch array serves every iterator. */
let scratch = new Float64Array(512);

export class PackedChunk implements Chunk {
  readonly encoding: number = Encoding.PACKED;
  readonly numSamples: number;
  private readonly payload: Uint8Array;
  private readonly headerBytes: number;

  private constructor(payload: Uint8Array, numSamples: number, headerBytes: number) {
    this.payload = payload;
    this.numSamples = numSamples;
    this.headerBytes = headerBytes;
  }

  /**
   * Encodes ts/vs[start, end); 1 <= end - start <= MAX_PACKED_SAMPLES. `force` pins the codecs
   * (for tests); by default each section takes its smallest codec.
   */
  static encode(
    ts: ArrayLike<number>,
    vs: ArrayLike<number>,
    start: number,
    end: number,
    force?: { time?: number; value?: ValueCodecChoice },
  ): PackedChunk {
    const n = end - start;
    const times = encodeTimes(ts, start, end, force?.time);
    const values = encodeValues(vs, start, end, force?.value);
    const head = uvarintSize(n);
    const out = new Uint8Array(head + times.length + values.length);
    writeUvarintTo(out, 0, n);
    out.set(times, head);
    out.set(values, head + times.length);
    return new PackedChunk(out, n, head);
  }

  /** Wraps a stored payload; throws CorruptionError when the sample count is unreadable. */
  static fromBytes(bytes: Uint8Array): PackedChunk {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 3 && i < bytes.length; i++) {
      const b = bytes[i]!;
      n += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (n === 0 || n > MAX_PACKED_SAMPLES) break;
        return new PackedChunk(bytes, n, i + 1);
      }
      mul *= 0x80;
    }
    throw new CorruptionError(CHUNK_FILE, 0, 'bad sample count');
  }

  /** True when the timestamps are stored on a grid, where XOR's delta-of-delta cannot do better. */
  get gridTimestamps(): boolean {
    return this.payload[this.headerBytes] === TimeKind.GRID;
  }

  bytes(): Uint8Array {
    return this.payload;
  }

  iterator(): SampleIterator {
    return new PackedIterator(this.payload, this.headerBytes, this.numSamples);
  }
}

class PackedIterator implements SampleIterator {
  t = 0;
  v = 0;
  private ts: Float64Array | undefined;
  private vs: Float64Array | undefined;
  /** Index of the current sample; -1 before the first `next`. */
  private i = -1;
  private error: Error | undefined;

  constructor(
    private readonly payload: Uint8Array,
    private readonly offset: number,
    private readonly count: number,
  ) {}

  private decode(): boolean {
    if (this.ts !== undefined) return true;
    if (this.error !== undefined || this.i >= this.count) return false;
    const n = this.count;
    const ts = takeBuffer(n);
    const vs = takeBuffer(n);
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
    try {
      const r = new BitReader(this.payload, this.payload.length * 8, this.offset * 8);
      decodeTimes(r, ts, scratch, n);
      // The value section starts at the next byte boundary.
      r.pos = (r.pos + 7) & ~7;
      decodeValues(r, vs, scratch, n);
    } catch (e) {
      giveBack(ts);
      giveBack(vs);
      this.error = e instanceof CorruptionError ? e : new CorruptionError(CHUNK_FILE, 0, String(e));
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
      giveBack(this.ts);
      giveBack(this.vs!);
      this.ts = undefined;
      this.vs = undefined;
    }
  }

  err(): Error | undefined {
    return this.error;
  }
}

// Decoded arrays are recycled: allocating two typed arrays per chunk cost more than decoding it.
// An iterator hands its arrays back once it has run past its last sample (and never touches them
// again); an iterator abandoned half-way simply leaves its arrays to the garbage collector.
const pool: Float64Array[] = [];
const POOL_MAX = 16;

function takeBuffer(n: number): Float64Array {
  for (let i = pool.length - 1; i >= 0; i--) {
    const b = pool[i]!;
    if (b.length >= n) {
      pool[i] = pool[pool.length - 1]!;
      pool.pop();
      return b;
    }
  }
  let cap = 128;
  while (cap < n) cap *= 2;
  return new Float64Array(cap);
}

function giveBack(b: Float64Array): void {
  if (pool.length < POOL_MAX) pool.push(b);
}
