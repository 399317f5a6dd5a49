// The `chunks` file of a block (byte layout in docs/format/block.md):
//
//   header (9 bytes, index/file-header.ts)
//   pages, back to back:
//     codec u8 | raw length u32 BE | stored length u32 BE | stored bytes | CRC-32 u32 BE
//     (the CRC covers the 9 page-header bytes and the stored bytes)
//   a page's raw bytes are consecutive chunks: encoding u8 | uvarint payload length | payload
//
// A chunk ref is pageOffset * 2^16 + offset of the chunk inside the raw page. A page is closed
// as soon as its raw length reaches PAGE_TARGET_BYTES, so every chunk starts below 2^16 in its
// page, and a ref stays an exact JS number for files up to 2^37 bytes (128 GiB).

/** 'TMCH' */
export const CHUNKS_MAGIC = 0x544d4348;
export const CHUNKS_VERSION = 1;

export const PAGE_HEADER_BYTES = 9;
export const PAGE_CRC_BYTES = 4;
/** Big enough for compression to find repeats, small enough that one chunk read inflates little. */
export const PAGE_TARGET_BYTES = 64 * 1024;
const IN_PAGE = 0x1_0000;

export function chunkRef(pageOffset: number, inPage: number): number {
  return pageOffset * IN_PAGE + inPage;
}

export function splitChunkRef(ref: number): { pageOffset: number; inPage: number } {
  return { pageOffset: Math.floor(ref / IN_PAGE), inPage: ref % IN_PAGE };
}
