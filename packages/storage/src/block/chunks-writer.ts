import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, crc32, deflateRaw } from 'node:zlib';
import { PackedChunk } from '../chunkenc/packed.js';
import { appendPackedRecord, SharedTimeSections } from '../chunkenc/packed-time-ref.js';
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
import {
  compressPage,
  DEFAULT_PAGE_COMPRESSION,
  PageCodec,
  type PageCodecId,
  type PageCompression,
} from './page-codec.js';

export interface ChunksWriterStats {
  pages: number;
  rawBytes: number;
  storedBytes: number;
  /** Pages stored per codec id. */
  codecs: number[];
}

export interface ChunksWriterOptions {
  /**
   * Store a packed chunk whose time section repeats one earlier in its page as a reference
   * (Encoding.PACKED_TIME_REF; default true). Off writes files that readers before it can read.
   */
  readonly shareTimeSections?: boolean;
}

/** Streams chunks into a new chunks file, a page at a time; `finish()` fsyncs and closes it. */
export class ChunksWriter {
  private readonly fd: number;
  private offset = 0;
  private page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
  private readonly shared: SharedTimeSections | undefined;
  readonly stats: ChunksWriterStats = emptyStats();

  constructor(
    path: string,
    private readonly compression: PageCompression = DEFAULT_PAGE_COMPRESSION,
    options: ChunksWriterOptions = {},
  ) {
    this.shared = options.shareTimeSections === false ? undefined : new SharedTimeSections();
    this.fd = openSync(path, 'wx');
    this.write(encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION));
  }

  /** Appends a chunk; returns its ref. */
  add(chunk: Chunk): number {
    const ref = chunkRef(this.offset, this.page.length);
    appendChunk(this.page, chunk, this.shared);
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
    const out = framePage(codec, raw.length, stored);
    this.write(out);
    countPage(this.stats, codec, raw.length, out.length);
    this.page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
    this.shared?.clear();
  }

  private write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.offset += bytes.length;
  }
}

/** A chunk meta whose ref the asynchronous writer fills in once the chunk's page has its place in the file. */
export interface PendingChunkRef {
  ref: number;
}

/** Pages compressed or written at once; more would only hold memory while the disk catches up. */
const MAX_PAGES_IN_FLIGHT = 4;

/**
 * The chunks file written off the event loop: each full page is compressed on libuv's thread
 * pool while the caller fills the next one, and pages are written in order through a FileHandle.
 * A page's file offset depends on how small the pages before it compressed, so `add` cannot
 * return the ref; it writes it into the meta it is given once the page is placed (before
 * `finish()` resolves), and the index is encoded only after that.
 */
export class AsyncChunksWriter {
  readonly stats: ChunksWriterStats = emptyStats();
  private offset = 0;
  private page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
  /** Metas of the chunks in `page`; their ref holds the in-page offset until the page is placed. */
  private pageRefs: PendingChunkRef[] = [];
  private readonly shared = new SharedTimeSections();
  private tail: Promise<void> = Promise.resolve();
  private readonly inFlight: Promise<void>[] = [];
  private closed = false;

  private constructor(
    private readonly file: FileHandle,
    private readonly compression: PageCompression,
  ) {}

  static async create(
    path: string,
    compression: PageCompression = DEFAULT_PAGE_COMPRESSION,
  ): Promise<AsyncChunksWriter> {
    const file = await open(path, 'wx');
    const writer = new AsyncChunksWriter(file, compression);
    try {
      const header = encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION);
      await writeAt(file, header, 0);
      writer.offset = header.length;
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
  }

  /** Appends a chunk; `target.ref` is set to its ref by the time `finish()` resolves. */
  add(chunk: Chunk, target: PendingChunkRef): void {
    target.ref = this.page.length;
    this.pageRefs.push(target);
    appendChunk(this.page, chunk, this.shared);
    if (this.page.length >= PAGE_TARGET_BYTES) this.closePage();
  }

  /** Resolves once few enough pages are waiting; rejects when compressing or writing one failed. */
  async backpressure(): Promise<void> {
    while (this.inFlight.length >= MAX_PAGES_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Writes the last page, waits for every page, fsyncs and closes; returns the file size. */
  async finish(): Promise<number> {
    try {
      if (this.page.length > 0) this.closePage();
      await this.tail;
      await this.file.sync();
    } finally {
      await this.close();
    }
    return this.offset;
  }

  /** Closes without finishing (the caller removes the file). */
  async abort(): Promise<void> {
    await this.tail.catch(() => {});
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }

  private closePage(): void {
    const raw = this.page.finish();
    const refs = this.pageRefs;
    this.page = new ByteWriter(PAGE_TARGET_BYTES + 4096);
    this.pageRefs = [];
    this.shared.clear();
    const compressed = compressPageAsync(raw, this.compression);
    // Observed through the chain below; this only keeps an early failure from counting as unhandled.
    compressed.catch(() => {});
    const placed = this.tail.then(async () => {
      const { codec, stored } = await compressed;
      const out = framePage(codec, raw.length, stored);
      const pageOffset = this.offset;
      this.offset += out.length;
      for (const r of refs) r.ref = chunkRef(pageOffset, r.ref);
      countPage(this.stats, codec, raw.length, out.length);
      await writeAt(this.file, out, pageOffset);
    });
    placed.catch(() => {});
    this.tail = placed;
    this.inFlight.push(placed);
  }
}

const brotliCompressAsync = promisify(brotliCompress);
const deflateRawAsync = promisify(deflateRaw);

/**
 * `compressPage` on the thread pool: the same codecs and settings, and the same choice (the
 * smallest form; raw on a tie, then DEFLATE before Brotli), so both writers produce identical files.
 */
export async function compressPageAsync(
  raw: Uint8Array,
  options: PageCompression,
): Promise<{ codec: PageCodecId; stored: Uint8Array }> {
  const [deflated, brotli] = await Promise.all([
    options.deflateLevel > 0 ? deflateRawAsync(raw, { level: options.deflateLevel }) : undefined,
    options.brotliQuality > 0
      ? brotliCompressAsync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [constants.BROTLI_PARAM_LGWIN]: 17,
          },
        })
      : undefined,
  ]);
  let best: { codec: PageCodecId; stored: Uint8Array } = { codec: PageCodec.RAW, stored: raw };
  if (deflated !== undefined && deflated.length < best.stored.length)
    best = { codec: PageCodec.DEFLATE_RAW, stored: deflated };
  if (brotli !== undefined && brotli.length < best.stored.length)
    best = { codec: PageCodec.BROTLI, stored: brotli };
  return best;
}

function emptyStats(): ChunksWriterStats {
  return { pages: 0, rawBytes: 0, storedBytes: 0, codecs: [0, 0, 0] };
}

/**
 * Packed chunks share repeated time sections within the page (chunkenc/packed-time-ref.ts); other
 * chunks are stored as they are.
 */
function appendChunk(page: ByteWriter, chunk: Chunk, shared: SharedTimeSections | undefined): void {
  if (shared !== undefined && chunk instanceof PackedChunk) {
    appendPackedRecord(page, chunk, shared);
    return;
  }
  const bytes = chunk.bytes();
  page.u8(chunk.encoding);
  page.uvarint(bytes.length);
  page.bytes(bytes);
}

/** A page as the file holds it: header, stored bytes, CRC of both (chunks-format.ts). */
function framePage(codec: number, rawLength: number, stored: Uint8Array): Uint8Array {
  const out = new Uint8Array(PAGE_HEADER_BYTES + stored.length + 4);
  const view = new DataView(out.buffer);
  view.setUint8(0, codec);
  view.setUint32(1, rawLength);
  view.setUint32(5, stored.length);
  out.set(stored, PAGE_HEADER_BYTES);
  view.setUint32(
    PAGE_HEADER_BYTES + stored.length,
    crc32(out.subarray(0, PAGE_HEADER_BYTES + stored.length)),
  );
  return out;
}

function countPage(stats: ChunksWriterStats, codec: number, rawBytes: number, storedBytes: number): void {
  stats.pages++;
  stats.rawBytes += rawBytes;
  stats.storedBytes += storedBytes;
  stats.codecs[codec] = (stats.codecs[codec] ?? 0) + 1;
}

async function writeAt(file: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    done += (await file.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
  }
}
