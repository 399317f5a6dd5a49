// Time sections shared inside a chunks-file page. The ~100 series of one scrape target have the
// same timestamps, so their packed chunks carry byte-identical time sections (with scrape jitter
// about 6 bits a sample, a third of a packed chunk). The page writer stores each section once: a
// later chunk whose section repeats one already in the page is written as Encoding.PACKED_TIME_REF,
//
//   uvarint sample count | uvarint offset of the shared time section in the page | value section
//
// which PackedChunk.fromTimeRef reads back. Pages shrink by a third before compression, so they
// also inflate faster, and the decoder recognises a section it has just decoded by its offset.

import { crc32 } from 'node:zlib';
import type { ByteWriter } from '../encoding/bytes.js';
import { Encoding } from './encoding-id.js';
import type { PackedChunk } from './packed.js';
import { uvarintSize } from './uvarint.js';

interface Section {
  readonly bytes: Uint8Array;
  /** Offset of the section in the page. */
  readonly at: number;
  /** Another section with the same hash, written earlier. */
  readonly next: Section | undefined;
}

/** The time sections written in full into the page being built, found by content. */
export class SharedTimeSections {
  private readonly byHash = new Map<number, Section>();

  /** Forgets every section (a new page starts: references never cross pages). */
  clear(): void {
    this.byHash.clear();
  }

  /** Offset of a section written earlier in the page with exactly these bytes, or -1. */
  find(bytes: Uint8Array, hash: number): number {
    for (let s = this.byHash.get(hash); s !== undefined; s = s.next) {
      if (equalBytes(s.bytes, bytes)) return s.at;
    }
    return -1;
  }

  add(bytes: Uint8Array, hash: number, at: number): void {
    this.byHash.set(hash, { bytes, at, next: this.byHash.get(hash) });
  }
}

/**
 * Appends a packed chunk to `page` as a chunks-file record (encoding u8 | uvarint payload length |
 * payload): as a reference when an identical time section is already in the page and the
 * reference is shorter, else in full, remembering its section for the chunks after it.
 */
export function appendPackedRecord(page: ByteWriter, chunk: PackedChunk, shared: SharedTimeSections): void {
  const times = chunk.timeSection();
  const hash = crc32(times);
  const at = shared.find(times, hash);
  const n = chunk.numSamples;
  if (at >= 0 && uvarintSize(at) < times.length) {
    const values = chunk.valueSection();
    page.u8(Encoding.PACKED_TIME_REF);
    page.uvarint(uvarintSize(n) + uvarintSize(at) + values.length);
    page.uvarint(n);
    page.uvarint(at);
    page.bytes(values);
    return;
  }
  const payload = chunk.bytes();
  page.u8(Encoding.PACKED);
  page.uvarint(payload.length);
  shared.add(times, hash, page.length + uvarintSize(n));
  page.bytes(payload);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
