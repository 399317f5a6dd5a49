// The sealed chunk: a finished run of samples whose timestamp and value codecs are chosen per chunk
// (packed-time.ts, packed-values.ts). Written once by the block writer or the compactor, read many
// times, so readers decode the whole chunk into two typed arrays at once: the bit unpacking loops
// stay tight and `seek` is a binary search.
//
// Payload: uvarint sample count | time section (byte-aligned) | value section (byte-aligned).
// Inside a chunks-file page a chunk may instead point at an identical time section earlier in the
// page (Encoding.PACKED_TIME_REF, packed-time-ref.ts); it decodes the same way.

import { CorruptionError } from '../errors.js';
import type { Chunk, SampleIterator } from '../types.js';
import { BitReader } from './bstream.js';
import { Encoding } from './encoding-id.js';
import { PackedIterator } from './packed-iterator.js';
import { decodeTimes, encodeTimes, TimeKind } from './packed-time.js';
import { recalled, recallTimes, rememberTimes } from './packed-time-memo.js';
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

/** Decoding is synchronous and never re-entered, so one scratch array serves every chunk. */
let scratch = new Float64Array(512);

export class PackedChunk implements Chunk {
  /** Always PACKED: `bytes()` gives a self-contained payload even for a chunk read as a reference. */
  readonly encoding: number = Encoding.PACKED;
  readonly numSamples: number;
  /** The chunk's bytes live in `buf` (a chunk read from a block points into its page). */
  private readonly buf: Uint8Array;
  /** The payload is buf[start, end); for a reference it holds the count, the offset and the values. */
  private readonly start: number;
  private readonly end: number;
  /** Where the time section starts in `buf`, and the bound its decoding may not read past. */
  private readonly timeAt: number;
  private readonly timeBound: number;
  /** Where the time section ends in `buf`; -1 until the timestamps were decoded once. */
  private timeEnd = -1;
  /** Where the value section starts in `buf`; -1 when it follows the time section. */
  private readonly valuesAt: number;

  private constructor(
    buf: Uint8Array,
    start: number,
    end: number,
    numSamples: number,
    timeAt: number,
    timeBound: number,
    valuesAt: number,
  ) {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.numSamples = numSamples;
    this.timeAt = timeAt;
    this.timeBound = timeBound;
    this.valuesAt = valuesAt;
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
    const chunk = new PackedChunk(out, 0, out.length, n, head, out.length, -1);
    chunk.timeEnd = head + times.length;
    return chunk;
  }

  /** Wraps a stored payload; throws CorruptionError when the sample count is unreadable. */
  static fromBytes(bytes: Uint8Array): PackedChunk {
    return PackedChunk.fromRange(bytes, 0, bytes.length);
  }

  /** Wraps the payload buf[start, end) without copying it (a chunk inside a chunks-file page). */
  static fromRange(buf: Uint8Array, start: number, end: number): PackedChunk {
    const n = readCount(buf, start, end);
    const timeAt = start + uvarintSize(n);
    return new PackedChunk(buf, start, end, n, timeAt, end, -1);
  }

  /**
   * Wraps a PACKED_TIME_REF payload page[start, end): uvarint count | uvarint offset in `page` of
   * the time section it shares (which lies before `start`) | value section.
   */
  static fromTimeRef(page: Uint8Array, start: number, end: number): PackedChunk {
    const n = readCount(page, start, end);
    let at = start + uvarintSize(n);
    let offset = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      if (i === 4 || at >= end) throw new CorruptionError(CHUNK_FILE, 0, 'bad time section offset');
      const b = page[at++]!;
      offset += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 0x80;
    }
    if (offset >= start) throw new CorruptionError(CHUNK_FILE, 0, 'time section offset points forward');
    return new PackedChunk(page, start, end, n, offset, start, at);
  }

  /** True when the timestamps are stored on a grid, where XOR's delta-of-delta cannot do better. */
  get gridTimestamps(): boolean {
    return this.buf[this.timeAt] === TimeKind.GRID;
  }

  /** The time section's bytes (decoded once to find its end when the chunk was read from bytes). */
  timeSection(): Uint8Array {
    return this.buf.subarray(this.timeAt, this.findTimeEnd());
  }

  /** The value section's bytes. */
  valueSection(): Uint8Array {
    return this.buf.subarray(this.valuesAt >= 0 ? this.valuesAt : this.findTimeEnd(), this.end);
  }

  bytes(): Uint8Array {
    if (this.valuesAt < 0) {
      return this.start === 0 && this.end === this.buf.length
        ? this.buf
        : this.buf.subarray(this.start, this.end);
    }
    // A reference: the stored form is only meaningful inside its page.
    const times = this.timeSection();
    const values = this.valueSection();
    const head = uvarintSize(this.numSamples);
    const out = new Uint8Array(head + times.length + values.length);
    writeUvarintTo(out, 0, this.numSamples);
    out.set(times, head);
    out.set(values, head + times.length);
    return out;
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
    const times = this.decode(ts, vs);
    if (times !== ts) ts.set(times);
  }

  /**
   * Like decodeInto, but the timestamps may come back in a shared array instead of `ts` (chunks of
   * one scrape target have the same ones): returns the array that holds them, which the caller may
   * read for as long as it likes but must not modify.
   */
  decode(ts: Float64Array, vs: Float64Array): Float64Array {
    const n = this.numSamples;
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
    try {
      const times = this.timesInto(ts, n);
      const r = new BitReader(
        this.buf,
        this.end * 8,
        (this.valuesAt >= 0 ? this.valuesAt : this.timeEnd) * 8,
      );
      decodeValues(r, vs, scratch, n);
      return times;
    } catch (e) {
      throw e instanceof CorruptionError ? e : new CorruptionError(CHUNK_FILE, 0, String(e));
    }
  }

  /** Decodes the timestamps into `ts` or finds them in the memo; returns the array holding them. */
  private timesInto(ts: Float64Array, n: number): Float64Array {
    const at = this.timeAt;
    const bound = this.timeBound;
    const r = new BitReader(this.buf, bound * 8, at * 8);
    // Kind byte, then t0: the memo's key.
    r.readBits(8);
    const t0 = r.readVarint();
    // A reference's section lies in an immutable page: where it was decoded identifies it.
    if (!r.overrun && recallTimes(this.buf, at, bound, n, t0, this.valuesAt >= 0)) {
      this.timeEnd = recalled.end;
      return recalled.ts;
    }
    r.pos = at * 8;
    decodeTimes(r, ts, scratch, n);
    if (r.overrun) throw new CorruptionError(CHUNK_FILE, at, 'truncated time section');
    // The value section starts at the next byte boundary.
    const end = (r.pos + 7) >>> 3;
    rememberTimes(this.buf, at, end, n, t0, ts);
    this.timeEnd = end;
    return ts;
  }

  private findTimeEnd(): number {
    if (this.timeEnd < 0) {
      const n = this.numSamples;
      if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
      try {
        this.timesInto(new Float64Array(n), n);
      } catch (e) {
        throw e instanceof CorruptionError ? e : new CorruptionError(CHUNK_FILE, 0, String(e));
      }
    }
    return this.timeEnd;
  }
}

/** The leading uvarint sample count of a payload buf[start, end). */
function readCount(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let mul = 1;
  for (let i = 0; i < 3 && start + i < end; i++) {
    const b = buf[start + i]!;
    n += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (n === 0 || n > MAX_PACKED_SAMPLES) break;
      return n;
    }
    mul *= 0x80;
  }
  throw new CorruptionError(CHUNK_FILE, 0, 'bad sample count');
}
