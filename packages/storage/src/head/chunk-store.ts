// Where the head keeps the bytes of its closed (full, immutable) chunks. With a directory they go
// to files (Prometheus's chunks_head/, which Prometheus maps into memory) and the head keeps only
// their addresses; without one (a head with no WAL: tests, tools) they stay in memory, one
// exact-size array each.
//
// The files are a cache of what the WAL holds, never the truth: the directory is emptied when the
// head opens and replay writes them again, so they need no fsync, checksum or format version.
//
// Reads go through pages: the aligned HEAD_PAGE_BYTES window of a file holding a chunk is read
// with one positioned read and kept in the page cache block chunks files share (block/lru-cache.ts,
// one byte budget for both, DEFAULT_PAGE_CACHE_BYTES unless setPageCacheBytes changes it). An
// instant query reads the newest chunk of thousands of series, which sit side by side in the
// newest file, so a few reads replace one per chunk. A page is read whole only the second time a
// miss lands in it (`touched`): a query that reads one chunk in a page (a few series among a
// million) keeps reading just that chunk instead of a page per chunk.
//
// Cached pages never go stale: a file is only ever appended to (a chunk's bytes never change once
// written) and nothing below `flushed` changes; a page read while the file was shorter is read
// again when a chunk past its end is asked for. A file's pages leave the cache when the file is
// deleted (sweep) or the store closes; the directory is emptied at open, so nothing survives a
// restart or a crash.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedPageCache } from '../block/chunks-reader.js';
import type { PageCache, PageCacheOwner } from '../block/lru-cache.js';
import { typedArrayBytes } from '../chunkenc/xor.js';
import { CorruptionError } from '../errors.js';

export interface ChunkBytesStore {
  /** Keeps `bytes` (which the caller no longer changes); returns their address. */
  put(bytes: Uint8Array): number;
  /** The bytes at `pos`; callers must not change them (they may be a view of a cached page). */
  get(pos: number, length: number): Uint8Array;
  release(pos: number, length: number): void;
  /** Bytes of memory held (kept chunks, write buffer); pages in the shared page cache are counted there. */
  memoryBytes(): number;
  /**
   * Frees storage released before the previous sweep: a reader that took a chunk's address just
   * before its release can still read it until then.
   */
  sweep(): void;
  close(): void;
}

export class MemoryChunkStore implements ChunkBytesStore {
  private readonly arrays: (Uint8Array | undefined)[] = [];
  private readonly free: number[] = [];
  private bytes = 0;

  put(bytes: Uint8Array): number {
    const pos = this.free.pop() ?? this.arrays.length;
    this.arrays[pos] = bytes;
    this.bytes += typedArrayBytes(bytes.length);
    return pos;
  }

  get(pos: number): Uint8Array {
    return this.arrays[pos] as Uint8Array;
  }

  release(pos: number): void {
    const a = this.arrays[pos];
    if (a === undefined) return;
    this.bytes -= typedArrayBytes(a.length);
    this.arrays[pos] = undefined;
    this.free.push(pos);
  }

  memoryBytes(): number {
    return this.bytes + 8 * (this.arrays.length + this.free.length);
  }

  sweep(): void {}

  close(): void {}
}

/** Positions pack (file, offset): offsets stay below 2^32. */
const FILE_STRIDE = 2 ** 32;
const DEFAULT_FILE_BYTES = 128 << 20;
const WRITE_BUFFER_BYTES = 64 << 10;
/**
 * Read and cache unit: 64 KiB holds ~130 chunks of 120 jittered XOR samples (~500 bytes each), so
 * the newest chunks of 10,000 series take ~80 reads instead of 10,000.
 */
export const HEAD_PAGE_BYTES = 64 << 10;
/** Pages missed once, remembered to read them whole at the next miss; forgotten past this many. */
const MAX_TOUCHED = 4096;

interface ChunkFile {
  readonly index: number;
  readonly fd: number;
  /** Bytes appended (buffered ones included). */
  size: number;
  /** Bytes on disk; the rest is in the write buffer. */
  flushed: number;
  /** Chunks stored and not released. */
  live: number;
  /** Sweep count at which the file became empty. */
  emptiedAt: number;
  /** The file's share of the page cache; undefined when reads bypass it. */
  readonly cacheOwner: PageCacheOwner | undefined;
}

export class FileChunkStore implements ChunkBytesStore {
  private readonly files = new Map<number, ChunkFile>();
  private current: ChunkFile;
  private readonly buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  private sweeps = 0;
  private closed = false;
  /** Keys (file index × FILE_STRIDE + page start) of pages missed once and not read whole yet. */
  private readonly touched = new Set<number>();

  private constructor(
    readonly dir: string,
    private readonly fileBytes: number,
    private readonly pageCache: PageCache | null,
  ) {
    this.current = this.openFile(0);
  }

  /**
   * Empties (creating if needed) `dir` and starts writing into it. Reads are cached in `pageCache`
   * (the one block chunks files share by default); null reads every chunk from its file.
   */
  static open(
    dir: string,
    fileBytes = DEFAULT_FILE_BYTES,
    pageCache: PageCache | null = sharedPageCache(),
  ): FileChunkStore {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return new FileChunkStore(dir, Math.min(fileBytes, FILE_STRIDE - 1), pageCache);
  }

  put(bytes: Uint8Array): number {
    let f = this.current;
    if (f.size > 0 && f.size + bytes.length > this.fileBytes) {
      this.flush();
      f = this.current = this.openFile(f.index + 1);
      this.retireIfEmpty(this.files.get(f.index - 1) as ChunkFile);
    }
    const pos = f.index * FILE_STRIDE + f.size;
    if (f.size - f.flushed + bytes.length > this.buffer.length) this.flush();
    if (bytes.length > this.buffer.length) {
      writeAll(f.fd, bytes, f.size);
      f.flushed += bytes.length;
    } else {
      this.buffer.set(bytes, f.size - f.flushed);
    }
    f.size += bytes.length;
    f.live++;
    return pos;
  }

  get(pos: number, length: number): Uint8Array {
    const index = Math.floor(pos / FILE_STRIDE);
    const offset = pos - index * FILE_STRIDE;
    const f = this.files.get(index);
    if (f === undefined || offset + length > f.size) {
      throw new CorruptionError(this.fileName(index), offset, `head chunk of ${length} bytes is gone`);
    }
    if (offset >= f.flushed) {
      const at = offset - f.flushed;
      return this.buffer.slice(at, at + length);
    }
    // Flushes write whole chunks, so a chunk starting below `flushed` ends at or below it.
    const owner = f.cacheOwner;
    const pageStart = offset - (offset % HEAD_PAGE_BYTES);
    const cache = this.pageCache as PageCache;
    if (
      owner === undefined ||
      offset + length > pageStart + HEAD_PAGE_BYTES ||
      cache.budgetBytes < HEAD_PAGE_BYTES
    ) {
      return this.readAt(f, offset, length);
    }
    let page = cache.get(owner, pageStart);
    if (page === undefined || offset + length > pageStart + page.length) {
      const key = index * FILE_STRIDE + pageStart;
      if (page === undefined && !this.touched.has(key)) {
        if (this.touched.size >= MAX_TOUCHED) this.touched.clear();
        this.touched.add(key);
        return this.readAt(f, offset, length);
      }
      this.touched.delete(key);
      page = this.readAt(f, pageStart, Math.min(HEAD_PAGE_BYTES, f.flushed - pageStart));
      cache.set(owner, pageStart, page);
    }
    return page.subarray(offset - pageStart, offset - pageStart + length);
  }

  private readAt(f: ChunkFile, offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(f.fd, out, done, length - done, offset + done);
      if (n === 0) throw new CorruptionError(this.fileName(f.index), offset + done, 'head chunk cut short');
      done += n;
    }
    return out;
  }

  release(pos: number): void {
    const f = this.files.get(Math.floor(pos / FILE_STRIDE));
    if (f === undefined) return;
    f.live--;
    this.retireIfEmpty(f);
  }

  memoryBytes(): number {
    return typedArrayBytes(this.buffer.length) + 100 * this.files.size;
  }

  sweep(): void {
    for (const f of this.files.values()) {
      if (f === this.current || f.live > 0 || f.emptiedAt < 0 || f.emptiedAt >= this.sweeps) continue;
      this.files.delete(f.index);
      this.dropPages(f);
      fs.closeSync(f.fd);
      fs.rmSync(this.fileName(f.index), { force: true });
    }
    this.sweeps++;
  }

  /** Closes and deletes the files (they are rebuilt from the WAL at the next open). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.files.values()) {
      this.dropPages(f);
      fs.closeSync(f.fd);
    }
    this.files.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private dropPages(f: ChunkFile): void {
    if (f.cacheOwner !== undefined) (this.pageCache as PageCache).release(f.cacheOwner);
  }

  private retireIfEmpty(f: ChunkFile): void {
    if (f.live === 0 && f !== this.current) f.emptiedAt = this.sweeps;
  }

  private flush(): void {
    const f = this.current;
    const n = f.size - f.flushed;
    if (n === 0) return;
    writeAll(f.fd, this.buffer.subarray(0, n), f.flushed);
    f.flushed = f.size;
  }

  private fileName(index: number): string {
    return path.join(this.dir, String(index).padStart(6, '0'));
  }

  private openFile(index: number): ChunkFile {
    const fd = fs.openSync(this.fileName(index), 'w+');
    const cacheOwner = this.pageCache?.register(Math.ceil(this.fileBytes / HEAD_PAGE_BYTES));
    const f: ChunkFile = { index, fd, size: 0, flushed: 0, live: 0, emptiedAt: -1, cacheOwner };
    this.files.set(index, f);
    return f;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error(`write to fd ${fd} made no progress`);
    done += n;
  }
}
