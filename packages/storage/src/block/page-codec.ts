// How one page of the chunks file is stored. Each page is kept in whichever of the enabled forms
// is smallest: raw, raw DEFLATE or Brotli (ids only ever added; a reader decodes all of them). XOR chunks are close to incompressible bit
// streams, but what repeats across a page (a series' value patterns, constant gauges, counters
// stepping by the same amounts) still shrinks; docs/format/block.md has the measured figures.

import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateRawSync,
  inflateRawSync,
} from 'node:zlib';

export const PageCodec = {
  RAW: 0,
  DEFLATE_RAW: 1,
  BROTLI: 2,
} as const;
export type PageCodecId = (typeof PageCodec)[keyof typeof PageCodec];

export interface PageCompression {
  /** DEFLATE level 1-9; 0 disables DEFLATE. */
  readonly deflateLevel: number;
  /** Brotli quality 1-11; 0 disables Brotli. */
  readonly brotliQuality: number;
}

/**
 * Brotli 5 and DEFLATE 6, the smaller per page (a tie goes to DEFLATE). On the 24 h gen-dataset
 * set in packed chunks (1,020 series, 5.76M samples, 179 pages) Brotli 5 alone stores 1.3315
 * B/sample; DEFLATE is no larger on 76 of the pages, which brings the file to 1.3234 (-0.6 %), and
 * a full read inflates the pages in 4.5 ns/sample instead of 5.1 (DEFLATE decodes faster). The
 * price is twice the compression time at block writing (each ~130 ms for those 12 MB of raw
 * pages). With XOR chunks DEFLATE had added only 0.2 % (docs/format/block.md, "Page compression").
 */
export const DEFAULT_PAGE_COMPRESSION: PageCompression = { deflateLevel: 6, brotliQuality: 5 };

export function compressPage(
  raw: Uint8Array,
  options: PageCompression,
): { codec: PageCodecId; stored: Uint8Array } {
  let best: { codec: PageCodecId; stored: Uint8Array } = { codec: PageCodec.RAW, stored: raw };
  if (options.deflateLevel > 0) {
    const d = deflateRawSync(raw, { level: options.deflateLevel });
    if (d.length < best.stored.length) best = { codec: PageCodec.DEFLATE_RAW, stored: d };
  }
  if (options.brotliQuality > 0) {
    const b = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_LGWIN]: 17,
      },
    });
    if (b.length < best.stored.length) best = { codec: PageCodec.BROTLI, stored: b };
  }
  return best;
}

/** Inflates a stored page; throws (a zlib error or a RangeError) when the bytes do not decode to `rawLength`. */
export function decompressPage(codec: number, stored: Uint8Array, rawLength: number): Uint8Array {
  let raw: Uint8Array;
  switch (codec) {
    case PageCodec.RAW:
      raw = stored;
      break;
    // One output chunk of the page's size: zlib's default 16 KiB chunks cost four native calls
    // and a concatenating copy per 64 KiB page.
    case PageCodec.DEFLATE_RAW:
      raw = inflateRawSync(stored, {
        maxOutputLength: Math.max(rawLength, 1),
        chunkSize: outputChunk(rawLength),
      });
      break;
    case PageCodec.BROTLI:
      raw = brotliDecompressSync(stored, {
        maxOutputLength: Math.max(rawLength, 1),
        chunkSize: outputChunk(rawLength),
      });
      break;
    default:
      throw new RangeError(`unknown page codec ${codec}`);
  }
  if (raw.length !== rawLength)
    throw new RangeError(`page decodes to ${raw.length} bytes, expected ${rawLength}`);
  return raw;
}

/** zlib's smallest chunk is 64 bytes; a corrupt header must not make it allocate gigabytes either. */
function outputChunk(rawLength: number): number {
  return Math.min(Math.max(rawLength, 64), 1 << 20);
}
