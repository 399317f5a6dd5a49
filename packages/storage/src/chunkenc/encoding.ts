// Encoding ids and the one place that turns (id, payload) back into a Chunk.

import { CorruptionError } from '../errors.js';
import type { Chunk } from '../types.js';
import { Encoding, type EncodingId } from './encoding-id.js';
import { PackedChunk } from './packed.js';
import { XorChunk } from './xor.js';

export { Encoding, type EncodingId } from './encoding-id.js';

export function isValidEncoding(e: number): e is EncodingId {
  return e === Encoding.XOR || e === Encoding.PACKED;
}

/** Decodes a stored payload; an unknown id or an unreadable header throws CorruptionError. */
export function chunkFromBytes(encoding: number, bytes: Uint8Array): Chunk {
  switch (encoding) {
    case Encoding.XOR:
      return XorChunk.fromBytes(bytes);
    case Encoding.PACKED:
      return PackedChunk.fromBytes(bytes);
    default:
      throw new CorruptionError('<chunk>', 0, `unknown chunk encoding ${encoding}`);
  }
}

/** chunkFromBytes for the payload buf[start, end), which a packed chunk keeps without copying. */
export function chunkFromRange(encoding: number, buf: Uint8Array, start: number, end: number): Chunk {
  return encoding === Encoding.PACKED
    ? PackedChunk.fromRange(buf, start, end)
    : chunkFromBytes(encoding, buf.subarray(start, end));
}
