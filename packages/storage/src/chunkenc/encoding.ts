// Encoding ids and the one place that turns (id, payload) back into a Chunk.

import { CorruptionError } from '../errors.js';
import type { Chunk } from '../types.js';
import { Encoding, type EncodingId } from './encoding-id.js';
import { PackedChunk } from './packed.js';
import { XorChunk } from './xor.js';

export { Encoding, type EncodingId } from './encoding-id.js';

/** A known stored encoding id (a Chunk itself reports XOR or PACKED; PACKED_TIME_REF is stored PACKED). */
export function isValidEncoding(e: number): e is EncodingId {
  return e === Encoding.XOR || e === Encoding.PACKED || e === Encoding.PACKED_TIME_REF;
}

/** Decodes a stored payload; an unknown id or an unreadable header throws CorruptionError. */
export function chunkFromBytes(encoding: number, bytes: Uint8Array): Chunk {
  switch (encoding) {
    case Encoding.XOR:
      return XorChunk.fromBytes(bytes);
    case Encoding.PACKED:
      return PackedChunk.fromBytes(bytes);
    case Encoding.PACKED_TIME_REF:
      throw new CorruptionError('<chunk>', 0, 'a time-section reference is only readable inside its page');
    default:
      throw new CorruptionError('<chunk>', 0, `unknown chunk encoding ${encoding}`);
  }
}

/**
 * chunkFromBytes for the payload buf[start, end) of a chunks-file page `buf`, which a packed chunk
 * keeps without copying; a PACKED_TIME_REF payload reads its time section elsewhere in the page.
 */
export function chunkFromRange(encoding: number, buf: Uint8Array, start: number, end: number): Chunk {
  if (encoding === Encoding.PACKED) return PackedChunk.fromRange(buf, start, end);
  if (encoding === Encoding.PACKED_TIME_REF) return PackedChunk.fromTimeRef(buf, start, end);
  return chunkFromBytes(encoding, buf.subarray(start, end));
}
