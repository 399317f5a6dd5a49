import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { chunkFromBytes } from '../chunkenc/encoding.js';
import { ByteReader } from '../encoding/bytes.js';
import { CorruptionError, StorageError } from '../errors.js';
import { checkFileHeader, FILE_HEADER_BYTES } from '../index/file-header.js';
import type { Chunk, ChunkMeta, ChunkReader } from '../types.js';
import {
  CHUNKS_MAGIC,
  CHUNKS_VERSION,
  PAGE_CRC_BYTES,
  PAGE_HEADER_BYTES,
  splitChunkRef,
} from './chunks-format.js';
import { LruCache } from './lru-cache.js';
import { decompressPage } from './page-codec.js';

/** Decoded pages kept per open chunks file; 32 pages of 64 KiB is about 2 MiB. */
export const DEFAULT_PAGE_CACHE_PAGES = 32;

/**
 * Reads chunks from a chunks file by ref: the page holding a chunk is read with one positioned
 * read, its CRC checked, inflated and kept in a small LRU cache, since a query walks a series'
 * chunks in order and neighbouring series share pages. Any damage surfaces as a CorruptionError
 * naming the file and the page offset.
 */
export class ChunksFileReader implements ChunkReader {
  private fd: number | undefined;
  readonly sizeBytes: number;
  private readonly pages: LruCache<number, Uint8Array>;

  constructor(
    readonly file: string,
    pageCachePages = DEFAULT_PAGE_CACHE_PAGES,
  ) {
    this.pages = new LruCache(Math.max(1, pageCachePages));
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
  }

  chunk(meta: ChunkMeta): Chunk {
    const { pageOffset, inPage } = splitChunkRef(meta.ref);
    const page = this.page(pageOffset);
    const r = new ByteReader(page, this.file, pageOffset, inPage);
    if (inPage >= page.length) r.fail(`chunk ref ${meta.ref} points past the end of its page`);
    const encoding = r.u8();
    const bytes = r.bytes(r.uvarint());
    try {
      return chunkFromBytes(encoding, bytes);
    } catch (err) {
      throw new CorruptionError(this.file, pageOffset, `chunk ${meta.ref}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pages.clear();
  }

  private page(offset: number): Uint8Array {
    const cached = this.pages.get(offset);
    if (cached !== undefined) return cached;
    if (this.fd === undefined) throw new StorageError('TM_STORAGE_CLOSED', `${this.file}: block is closed`);
    const fail = (message: string): never => {
      throw new CorruptionError(this.file, offset, message);
    };
    if (offset < FILE_HEADER_BYTES || offset + PAGE_HEADER_BYTES + PAGE_CRC_BYTES > this.sizeBytes) {
      fail(`no page at offset ${offset} in a file of ${this.sizeBytes} bytes`);
    }
    const header = new Uint8Array(PAGE_HEADER_BYTES);
    readFully(this.fd, header, offset, this.file);
    const view = new DataView(header.buffer);
    const codec = view.getUint8(0);
    const rawLength = view.getUint32(1);
    const storedLength = view.getUint32(5);
    const end = offset + PAGE_HEADER_BYTES + storedLength + PAGE_CRC_BYTES;
    if (end > this.sizeBytes)
      fail(`page of ${storedLength} bytes runs past the end of the file (truncated?)`);

    const body = new Uint8Array(PAGE_HEADER_BYTES + storedLength + PAGE_CRC_BYTES);
    readFully(this.fd, body, offset, this.file);
    const crcAt = PAGE_HEADER_BYTES + storedLength;
    if (new DataView(body.buffer).getUint32(crcAt) !== crc32(body.subarray(0, crcAt)))
      fail('page checksum mismatch');
    let raw: Uint8Array;
    try {
      raw = decompressPage(codec, body.subarray(PAGE_HEADER_BYTES, crcAt), rawLength);
    } catch (err) {
      throw new CorruptionError(this.file, offset, `page does not decode: ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.pages.set(offset, raw);
    return raw;
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
