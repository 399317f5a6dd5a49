// Constants and the table of contents of the index file (byte layout in docs/format/index.md):
//
//   header (9 bytes, file-header.ts)
//   6 sections in this order, each: payload | CRC-32 of payload, u32 BE
//     symbols, series, series offsets, label index, postings, label names
//   TOC: per section offset u64 BE + payload length u64 BE | CRC-32 of the TOC, u32 BE
//
// The TOC sits in the last TOC_BYTES bytes, so a reader finds it from the file size alone.

import { crc32 } from 'node:zlib';
import { ByteReader, ByteWriter } from '../encoding/bytes.js';
import { FILE_HEADER_BYTES } from './file-header.js';

/** 'TMIX' */
export const INDEX_MAGIC = 0x544d4958;
export const INDEX_VERSION = 1;

export const SECTIONS = [
  'symbols',
  'series',
  'seriesOffsets',
  'labelIndex',
  'postings',
  'labelNames',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Bytes of the section CRC that follows each payload. */
export const SECTION_CRC_BYTES = 4;
export const TOC_BYTES = SECTIONS.length * 16 + 4;

export interface SectionSpan {
  readonly offset: number;
  readonly length: number;
}
export type Toc = Readonly<Record<SectionName, SectionSpan>>;

export function encodeToc(toc: Toc): Uint8Array {
  const w = new ByteWriter(TOC_BYTES);
  for (const name of SECTIONS) {
    w.u64(toc[name].offset);
    w.u64(toc[name].length);
  }
  w.u32(crc32(w.finish()));
  return w.finish();
}

/** Reads the TOC from the end of the file and checks that the sections tile the file exactly. */
export function decodeToc(buf: Uint8Array, file: string): Toc {
  const start = buf.length - TOC_BYTES;
  const r = new ByteReader(buf, file, 0, Math.max(start, 0));
  if (start < FILE_HEADER_BYTES) r.fail(`file of ${buf.length} bytes is too short for an index`);
  const body = buf.subarray(start, buf.length - 4);
  const toc = {} as Record<SectionName, SectionSpan>;
  for (const name of SECTIONS) toc[name] = { offset: r.u64(), length: r.u64() };
  if (r.u32() !== crc32(body)) {
    r.pos = start;
    r.fail('table of contents checksum mismatch (truncated or damaged file)');
  }
  let expected = FILE_HEADER_BYTES;
  for (const name of SECTIONS) {
    if (toc[name].offset !== expected) {
      r.pos = start;
      r.fail(`section ${name} starts at ${toc[name].offset}, expected ${expected}`);
    }
    expected += toc[name].length + SECTION_CRC_BYTES;
  }
  if (expected !== start) {
    r.pos = start;
    r.fail(`sections end at ${expected} but the table of contents starts at ${start}`);
  }
  return toc;
}
