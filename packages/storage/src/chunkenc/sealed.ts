// Encoding of a finished run of samples (block writing, compaction, downsampling): every applicable
// encoding is tried and the smallest payload kept, so each chunk gets the codec its data allows.

import type { Chunk } from '../types.js';
import { MAX_PACKED_SAMPLES, PackedChunk } from './packed.js';
import { XorChunk } from './xor.js';

/**
 * Recommended samples per sealed chunk: two hours of a 15 s series. Bytes per sample fall until
 * about here (headers amortise) and rise past ~1000 (one width per chunk fits worse); see
 * docs/format/chunk-encodings.md.
 */
export const SEALED_CHUNK_SAMPLES = 480;

/** Packed timestamps are exact while deltas stay below 2^51 (±35,000 years of milliseconds). */
const MAX_TIME = 2 ** 50;

/**
 * Encodes ts/vs[start, end) (timestamps integer ms, strictly ascending). Whole-chunk XOR is tried
 * only when the packed chunk could lose: its value section already holds the best of XOR and the
 * packed value codecs, so XOR can only win on timestamps, and only when they are too irregular
 * for the grid (the Gorilla delta-of-delta buckets suit slowly drifting intervals). Ties go to
 * the packed chunk, which decodes faster.
 */
export function encodeSealed(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  start: number,
  end: number,
): Chunk {
  const n = end - start;
  if (
    n === 0 ||
    n > MAX_PACKED_SAMPLES ||
    !(Math.abs(ts[start]!) <= MAX_TIME && Math.abs(ts[end - 1]!) <= MAX_TIME)
  ) {
    return encodeXor(ts, vs, start, end);
  }
  const packed = PackedChunk.encode(ts, vs, start, end);
  if (packed.gridTimestamps) return packed;
  const xor = encodeXor(ts, vs, start, end);
  return packed.bytes().length <= xor.bytes().length ? packed : xor;
}

function encodeXor(ts: ArrayLike<number>, vs: ArrayLike<number>, start: number, end: number): XorChunk {
  const xor = new XorChunk(Math.max(32, (end - start) * 2));
  for (let i = start; i < end; i++) xor.append(ts[i]!, vs[i]!);
  return XorChunk.fromBytes(xor.bytes());
}
