// Chunk encoding ids as stored on disk. Only ever append; never renumber or reuse an id.
// Kept apart from encoding.ts so the chunk classes can name their id without an import cycle.

export const Encoding = {
  /** Gorilla delta-of-delta timestamps + XOR floats (xor.ts); the head's appendable chunk. */
  XOR: 1,
  /** Sealed runs: a timestamp codec and a value codec chosen per chunk (packed.ts). */
  PACKED: 2,
  /**
   * Only inside a chunks-file page: a PACKED chunk whose time section is an identical one earlier
   * in the same page, named by its offset (packed-time-ref.ts). It reads back as a PackedChunk.
   */
  PACKED_TIME_REF: 3,
} as const;

export type EncodingId = (typeof Encoding)[keyof typeof Encoding];
