// Resume points stored after a closed head chunk's XOR payload in the chunk files, so that a read
// of the newest samples (an instant query's `rate(x[5m])` wants the last ~20 of 120) starts
// decoding near them instead of at the chunk's first sample: XOR records depend on the ones
// before, and decoding from the start was a quarter of an instant query's CPU.
//
// Layout (little endian): payload | checkpoint × k | k (1 byte). A checkpoint is the iterator's
// state after `index` samples (index >= 2, so every later record decodes from it alone):
//
//   index u16 | leading u8 | trailing u8 | bit position u32 (in the bit stream after the count)
//   | hi u32 | lo u32 (bits of sample index-1's value) | t f64 (sample index-1) | delta f64
//
// 32 bytes each, at most 3 per chunk (~100 bytes on a ~500-byte chunk of 120 jittered samples).
// They live only in the files, which are rebuilt from the WAL at every open, so the layout needs
// no version; memory holds none of it beyond cached pages.

import { readCount } from '../chunkenc/uvarint.js';
import { XorIterator } from '../chunkenc/xor-iterator.js';
import { CorruptionError } from '../errors.js';
import type { SampleIterator } from '../types.js';

const CHECKPOINT_BYTES = 32;
/** Samples between checkpoints: fewer would cost file bytes for little saved decoding. */
const MIN_SPACING = 32;
const MAX_CHECKPOINTS = 3;
const CHUNK_FILE = '<head chunk checkpoints>';

/** `payload` (count + XOR bit stream) followed by its checkpoints. */
export function withCheckpoints(payload: Uint8Array): Uint8Array {
  const { count, offset } = readCount(payload);
  const spacing = Math.max(MIN_SPACING, Math.ceil(count / (MAX_CHECKPOINTS + 1)));
  const k = count <= spacing ? 0 : Math.min(MAX_CHECKPOINTS, Math.floor((count - 1) / spacing));
  const out = new Uint8Array(payload.length + k * CHECKPOINT_BYTES + 1);
  out.set(payload);
  out[out.length - 1] = k;
  if (k === 0) return out;
  const view = new DataView(out.buffer, out.byteOffset + payload.length, k * CHECKPOINT_BYTES);
  const it = new XorIterator(payload.subarray(offset), (payload.length - offset) * 8, count);
  for (let c = 0; c < k; c++) {
    const index = (c + 1) * spacing;
    while (it.index < index && it.next()) {
      // to the checkpoint
    }
    const err = it.err();
    if (err !== undefined) throw err;
    const at = c * CHECKPOINT_BYTES;
    view.setUint16(at, index, true);
    view.setUint8(at + 2, it.leading);
    view.setUint8(at + 3, it.trailing);
    view.setUint32(at + 4, it.bitPos(), true);
    view.setUint32(at + 8, it.lastHi, true);
    view.setUint32(at + 12, it.lastLo, true);
    view.setFloat64(at + 16, it.t, true);
    view.setFloat64(at + 24, it.delta, true);
  }
  return out;
}

/** Length of the payload in `stored` (what withCheckpoints was given). */
export function payloadLength(stored: Uint8Array): number {
  const k = stored.length === 0 ? 0 : (stored[stored.length - 1] as number);
  const n = stored.length - 1 - k * CHECKPOINT_BYTES;
  if (k > MAX_CHECKPOINTS || n < 1) {
    throw new CorruptionError(
      CHUNK_FILE,
      0,
      `bad checkpoint trailer (${k} checkpoints in ${stored.length} bytes)`,
    );
  }
  return n;
}

/**
 * An iterator over the payload in `stored` that starts at the last checkpoint whose sample is
 * before `mint` (so no sample at or after mint is skipped), or at the first sample.
 */
export function iteratorFrom(stored: Uint8Array, payloadBytes: number, mint: number): SampleIterator {
  const payload = stored.subarray(0, payloadBytes);
  const { count, offset } = readCount(payload);
  const it = new XorIterator(payload.subarray(offset), (payloadBytes - offset) * 8, count);
  const k = stored[stored.length - 1] as number;
  const view = new DataView(stored.buffer, stored.byteOffset + payloadBytes, k * CHECKPOINT_BYTES);
  for (let c = k - 1; c >= 0; c--) {
    const at = c * CHECKPOINT_BYTES;
    const t = view.getFloat64(at + 16, true);
    if (t >= mint) continue;
    it.resume(
      view.getUint16(at, true),
      view.getUint32(at + 4, true),
      t,
      view.getFloat64(at + 24, true),
      view.getUint32(at + 8, true),
      view.getUint32(at + 12, true),
      view.getUint8(at + 2),
      view.getUint8(at + 3),
    );
    break;
  }
  return it;
}
