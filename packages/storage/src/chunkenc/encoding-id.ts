// Chunk encoding ids as stored on disk. Only ever append; never renumber or reuse an id.
// Kept apart from encoding.ts so the chunk classes can name their id without an import cycle.

export const Encoding = {
  /** Gorilla delta-of-delta timestamps + XOR floats (xor.ts); the head's appendable chunk. */
  XOR: 1,
  /** Sealed runs: a timestamp codec and a value codec chosen per chunk (packed.ts). */
  PACKED: 2,
} as const;

export type EncodingId = (typeof Encoding)[keyof typeof Encoding];
