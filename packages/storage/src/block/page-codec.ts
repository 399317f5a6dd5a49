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
 * Brotli 5 alone. On 2 h of gen-dataset data (1,000 series, 480k samples, XOR chunks) raw pages
 * take 4.00 B/sample, Brotli 5 3.08 (-23 %), DEFLATE 6 3.13, both tried per page 3.07: DEFLATE
 * adds 0.2 % for 2-3x the compression time, and Brotli 9/11 cost 20x/200x the time for 1 %/4 %.
 * docs/format/block.md, "Page compression", has the full table.
 */
export const DEFAULT_PAGE_COMPRESSION: PageCompression = { deflateLevel: 0, brotliQuality: 5 };

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
    case PageCodec.DEFLATE_RAW:
      raw = inflateRawSync(stored, { maxOutputLength: Math.max(rawLength, 1) });
      break;
    case PageCodec.BROTLI:
      raw = brotliDecompressSync(stored, { maxOutputLength: Math.max(rawLength, 1) });
      break;
    default:
      throw new RangeError(`unknown page codec ${codec}`);
  }
  if (raw.length !== rawLength)
    throw new RangeError(`page decodes to ${raw.length} bytes, expected ${rawLength}`);
  return raw;
}
