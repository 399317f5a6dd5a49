import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { ByteWriter } from '../encoding/bytes.js';
import { encodeFileHeader } from '../index/file-header.js';
import type { Chunk } from '../types.js';
import {
  CHUNKS_MAGIC,
  CHUNKS_VERSION,
  chunkRef,
  PAGE_HEADER_BYTES,
  PAGE_TARGET_BYTES,
} from './chunks-format.js';
import { compressPage, DEFAULT_PAGE_COMPRESSION, type PageCompression } from './page-codec.js';

export interface ChunksWriterStats {
  pages: number;
  rawBytes: number;
  storedBytes: number;
  /** Pages stored per codec id. */
  codecs: number[];
}

/** Streams chunks into a new chunks file, a page at a time; `finish()` fsyncs and closes it. */
export class ChunksWriter {
  private readonly fd: number;
  private offset = 0;
  private page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
  readonly stats: ChunksWriterStats = { pages: 0, rawBytes: 0, storedBytes: 0, codecs: [0, 0, 0] };

  constructor(
    path: string,
    private readonly compression: PageCompression = DEFAULT_PAGE_COMPRESSION,
  ) {
    this.fd = openSync(path, 'wx');
    this.write(encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION));
  }

  /** Appends a chunk; returns its ref. */
  add(chunk: Chunk): number {
    const ref = chunkRef(this.offset, this.page.length);
    const bytes = chunk.bytes();
    this.page.u8(chunk.encoding);
    this.page.uvarint(bytes.length);
    this.page.bytes(bytes);
    if (this.page.length >= PAGE_TARGET_BYTES) this.flushPage();
    return ref;
  }

  /** Writes the last page, fsyncs and closes; returns the file size. */
  finish(): number {
    try {
      if (this.page.length > 0) this.flushPage();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return this.offset;
  }

  /** Closes without finishing (the caller removes the file). */
  abort(): void {
    closeSync(this.fd);
  }

  private flushPage(): void {
    const raw = this.page.finish();
    const { codec, stored } = compressPage(raw, this.compression);
    const out = new Uint8Array(PAGE_HEADER_BYTES + stored.length + 4);
    const view = new DataView(out.buffer);
    view.setUint8(0, codec);
    view.setUint32(1, raw.length);
    view.setUint32(5, stored.length);
    out.set(stored, PAGE_HEADER_BYTES);
    view.setUint32(
      PAGE_HEADER_BYTES + stored.length,
      crc32(out.subarray(0, PAGE_HEADER_BYTES + stored.length)),
    );
    this.write(out);
    this.stats.pages++;
    this.stats.rawBytes += raw.length;
    this.stats.storedBytes += out.length;
    this.stats.codecs[codec] = (this.stats.codecs[codec] ?? 0) + 1;
    this.page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
  }

  private write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
  }
}
