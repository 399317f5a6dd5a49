import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { chunkFromRange } from '../chunkenc/encoding.js';
import { CorruptionError, StorageError } from '../errors.js';
import { checkFileHeader, FILE_HEADER_BYTES } from '../index/file-header.js';
import type { Chunk, ChunkMeta, ChunkReader } from '../types.js';
import { CHUNKS_MAGIC, CHUNKS_VERSION, PAGE_CRC_BYTES, PAGE_HEADER_BYTES } from './chunks-format.js';
import { PageCache, type PageCacheOwner } from './lru-cache.js';
import { decompressPage, PageCodec } from './page-codec.js';

/** A chunk ref is pageOffset * IN_PAGE + offset in the page (chunks-format.ts). */
const IN_PAGE = 0x1_0000;

/** A stored page plus its header and CRC fits this in one read (pages close at 64 KiB raw). */
const READ_BUFFER_BYTES = 72 * 1024;
/** A larger page (written by a bigger PAGE_TARGET_BYTES) is read into its own buffer, kept up to this. */
const MAX_READ_BUFFER = 1 << 20;
/** Reads are synchronous and never re-entered, so every reader shares one buffer for stored pages. */
let readBuffer = new Uint8Array(READ_BUFFER_BYTES);

/**
 * Decoded pages one chunks file may keep in the shared page cache unless told otherwise: as many as
 * the default budget holds, so a block that fits is read from memory the second time.
 */
export const DEFAULT_PAGE_CACHE_PAGES = 1024;

/**
 * Default budget of decoded pages across all open chunks files: 64 MiB, about 48 M samples of
 * sealed chunks (1.4 raw bytes each with scrape jitter), a day of 8,000 series scraped every 15 s.
 */
export const DEFAULT_PAGE_CACHE_BYTES = 64 * 1024 * 1024;

const pageCache = new PageCache(DEFAULT_PAGE_CACHE_BYTES);

/** Sets the byte budget of the page cache every chunks file reader shares (0 disables it). */
export function setPageCacheBytes(bytes: number): void {
  pageCache.setMaxBytes(Math.max(0, bytes));
}

/** The page cache every chunks file reader, and the head's chunk files, share. */
export function sharedPageCache(): PageCache {
  return pageCache;
}

/** Bytes and pages held by the shared page cache. */
export function pageCacheStats(): { bytes: number; pages: number } {
  return { bytes: pageCache.sizeBytes, pages: pageCache.size };
}

/**
 * Reads chunks from a chunks file by ref: the page holding a chunk is read with one positioned
 * read, its CRC checked, inflated and kept in the page cache all readers share (lru-cache.ts),
 * since a query walks a series' chunks in order, neighbouring series share pages, and the same
 * ranges are read again and again. Any damage surfaces as a CorruptionError
 * naming the file and the page offset.
 */
export class ChunksFileReader implements ChunkReader {
  private fd: number | undefined;
  readonly sizeBytes: number;
  /** This file's share of the page cache; undefined when it is closed or no slot was free. */
  private cacheOwner: PageCacheOwner | undefined;
  private lastOffset = -1;
  private lastPage: Uint8Array = new Uint8Array(0);

  constructor(
    readonly file: string,
    pageCachePages = DEFAULT_PAGE_CACHE_PAGES,
  ) {
    const fd = openSync(file, 'r');
    try {
      this.sizeBytes = fstatSync(fd).size;
      const header = new Uint8Array(Math.min(FILE_HEADER_BYTES, this.sizeBytes));
      readFully(fd, header, 0, file);
      checkFileHeader(header, file, CHUNKS_MAGIC, CHUNKS_VERSION, 'chunks');
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.fd = fd;
    this.cacheOwner = pageCache.register(pageCachePages);
  }

  chunk(meta: ChunkMeta): Chunk {
    const ref = meta.ref;
    const pageOffset = Math.floor(ref / IN_PAGE);
    let at = ref - pageOffset * IN_PAGE;
    const page = pageOffset === this.lastOffset ? this.lastPage : this.page(pageOffset);
    // encoding u8 | uvarint payload length | payload, read in place (no reader object per chunk).
    if (!(at >= 0 && at < page.length)) this.badChunk(ref, pageOffset, 'points past the end of its page');
    const encoding = page[at++]!;
    let length = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      if (i === 8 || at >= page.length) this.badChunk(ref, pageOffset, 'truncated payload length');
      const b = page[at++]!;
      length += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 0x80;
    }
    if (at + length > page.length) {
      this.badChunk(ref, pageOffset, `payload of ${length} bytes runs past the end of its page`);
    }
    try {
      return chunkFromRange(encoding, page, at, at + length);
    } catch (err) {
      return this.badChunk(ref, pageOffset, (err as Error).message, err);
    }
  }

  private badChunk(ref: number, pageOffset: number, message: string, cause?: unknown): never {
    throw new CorruptionError(this.file, pageOffset, `chunk ${ref}: ${message}`, { cause });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.cacheOwner !== undefined) pageCache.release(this.cacheOwner);
    this.cacheOwner = undefined;
    this.lastOffset = -1;
    this.lastPage = new Uint8Array(0);
  }

  private page(offset: number): Uint8Array {
    let page = this.cacheOwner === undefined ? undefined : pageCache.get(this.cacheOwner, offset);
    if (page === undefined) page = this.loadPage(offset);
    // A query reads a series' chunks in order, so most chunks are on the page of the one before.
    this.lastOffset = offset;
    this.lastPage = page;
    return page;
  }

  private loadPage(offset: number): Uint8Array {
    if (this.fd === undefined) throw new StorageError('TM_STORAGE_CLOSED', `${this.file}: block is closed`);
    const fail = (message: string): never => {
      throw new CorruptionError(this.file, offset, message);
    };
    if (offset < FILE_HEADER_BYTES || offset + PAGE_HEADER_BYTES + PAGE_CRC_BYTES > this.sizeBytes) {
      fail(`no page at offset ${offset} in a file of ${this.sizeBytes} bytes`);
    }
    // One positioned read usually brings the whole page (stored pages are at most ~64 KiB) into a
    // buffer reused for every page: the stored bytes are dead once inflated.
    let buf = readBuffer;
    const first = Math.min(buf.length, this.sizeBytes - offset);
    readFully(this.fd, buf.subarray(0, first), offset, this.file);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const codec = view.getUint8(0);
    const rawLength = view.getUint32(1);
    const storedLength = view.getUint32(5);
    const end = offset + PAGE_HEADER_BYTES + storedLength + PAGE_CRC_BYTES;
    if (end > this.sizeBytes)
      fail(`page of ${storedLength} bytes runs past the end of the file (truncated?)`);
    const pageBytes = PAGE_HEADER_BYTES + storedLength + PAGE_CRC_BYTES;
    if (pageBytes > first) {
      buf = new Uint8Array(pageBytes);
      readFully(this.fd, buf, offset, this.file);
      if (pageBytes <= MAX_READ_BUFFER) readBuffer = buf;
    }
    const body = buf.subarray(0, pageBytes);
    const crcAt = PAGE_HEADER_BYTES + storedLength;
    if (new DataView(body.buffer, body.byteOffset).getUint32(crcAt) !== crc32(body.subarray(0, crcAt)))
      fail('page checksum mismatch');
    let raw: Uint8Array;
    try {
      raw = decompressPage(codec, body.subarray(PAGE_HEADER_BYTES, crcAt), rawLength);
    } catch (err) {
      throw new CorruptionError(this.file, offset, `page does not decode: ${(err as Error).message}`, {
        cause: err,
      });
    }
    // A raw page still lives in the reused read buffer; zlib returns a Buffer, of which a plain
    // Uint8Array view keeps the decoders' element loads monomorphic and per-chunk subarrays cheap.
    const plain =
      codec === PageCodec.RAW ? raw.slice() : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    if (this.cacheOwner !== undefined) pageCache.set(this.cacheOwner, offset, plain);
    return plain;
  }
}

function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  if (done < into.length) throw new CorruptionError(file, position + done, 'unexpected end of file');
}
