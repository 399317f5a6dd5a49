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
import { recallTimes, rememberTimes } from './packed-time-memo.js';
import { encodeValues, type ValueCodecChoice } from './packed-values.js';
import { decodeValues } from './packed-values-decode.js';
import { giveBackSampleArray, takeSampleArray } from './scratch.js';
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
  /** The payload is buf[start, end): a chunk read from a block points into its page. */
  private readonly buf: Uint8Array;
  private readonly start: number;
  private readonly end: number;
  /** Where the time section starts in `buf`. */
  private readonly sectionsAt: number;

  private constructor(buf: Uint8Array, start: number, end: number, numSamples: number, headerBytes: number) {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.numSamples = numSamples;
    this.sectionsAt = start + headerBytes;
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
    return new PackedChunk(out, 0, out.length, n, head);
  }

  /** Wraps a stored payload; throws CorruptionError when the sample count is unreadable. */
  static fromBytes(bytes: Uint8Array): PackedChunk {
    return PackedChunk.fromRange(bytes, 0, bytes.length);
  }

  /** Wraps the payload buf[start, end) without copying it (a chunk inside a chunks-file page). */
  static fromRange(buf: Uint8Array, start: number, end: number): PackedChunk {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 3 && start + i < end; i++) {
      const b = buf[start + i]!;
      n += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (n === 0 || n > MAX_PACKED_SAMPLES) break;
        return new PackedChunk(buf, start, end, n, i + 1);
      }
      mul *= 0x80;
    }
    throw new CorruptionError(CHUNK_FILE, 0, 'bad sample count');
  }

  /** True when the timestamps are stored on a grid, where XOR's delta-of-delta cannot do better. */
  get gridTimestamps(): boolean {
    return this.buf[this.sectionsAt] === TimeKind.GRID;
  }

  bytes(): Uint8Array {
    return this.start === 0 && this.end === this.buf.length
      ? this.buf
      : this.buf.subarray(this.start, this.end);
  }

  iterator(): SampleIterator {
    return new PackedIterator(this);
  }

  /**
   * Decodes every sample into ts/vs[0, numSamples) (both at least that long); throws
   * CorruptionError when the payload does not decode. Readers that walk whole chunks (the querier)
   * use this instead of an iterator.
   */
  decodeInto(ts: Float64Array, vs: Float64Array): void {
    const n = this.numSamples;
    const at = this.sectionsAt;
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
    try {
      const r = new BitReader(this.buf, this.end * 8, at * 8);
      // Kind byte, then t0: the memo's key.
      r.readBits(8);
      const t0 = r.readVarint();
      const len = r.overrun ? -1 : recallTimes(this.buf, at, this.end, n, t0, ts);
      if (len >= 0) {
        r.pos = (at + len) * 8;
      } else {
        r.pos = at * 8;
        decodeTimes(r, ts, scratch, n);
        // The value section starts at the next byte boundary.
        r.pos = (r.pos + 7) & ~7;
        rememberTimes(this.buf, at, r.pos >>> 3, n, t0, ts);
      }
      decodeValues(r, vs, scratch, n);
    } catch (e) {
      throw e instanceof CorruptionError ? e : new CorruptionError(CHUNK_FILE, 0, String(e));
    }
  }
}

class PackedIterator implements SampleIterator {
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
