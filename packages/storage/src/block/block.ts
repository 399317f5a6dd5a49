import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CorruptionError, StorageError } from '../errors.js';
import { IndexFileReader } from '../index/index-reader.js';
import { MemTombstones } from '../tombstones/mem-tombstones.js';
import { decodeTombstones, encodeTombstones } from '../tombstones/tombstones-file.js';
import type { BlockMeta, BlockReader, LabelMatcher, TombstoneReader } from '../types.js';
import { BLOCK_FILES, isBlockDirName } from './block-dirs.js';
import { ChunksFileReader, DEFAULT_PAGE_CACHE_PAGES } from './chunks-reader.js';
import { replaceFileAtomically } from './durable-files.js';
import { decodeMeta, type StoredBlockMeta } from './meta.js';

export interface OpenBlockOptions {
  /** Most decoded pages this block may hold in the shared page cache (default 1,024, within its 64 MiB). */
  readonly pageCachePages?: number;
}

/**
 * A persisted block: immutable index and chunks, plus a tombstones file that `delete` replaces
 * atomically. Readers that took `tombstones()` before a delete keep the set they took.
 */
export class Block implements BlockReader {
  readonly meta: BlockMeta;
  private stones: MemTombstones;
  private tombstonesBytes: number;
  private readonly metaBytes: number;
  private closed = false;

  /** @internal use openBlock */
  constructor(
    readonly dir: string,
    meta: StoredBlockMeta,
    metaBytes: number,
    private readonly indexReader: IndexFileReader,
    private readonly chunkReader: ChunksFileReader,
    stones: MemTombstones,
    tombstonesBytes: number,
  ) {
    const { files: _files, ...plain } = meta;
    this.meta = plain;
    this.metaBytes = metaBytes;
    this.stones = stones;
    this.tombstonesBytes = tombstonesBytes;
  }

  index(): IndexFileReader {
    this.checkOpen();
    return this.indexReader;
  }

  chunks(): ChunksFileReader {
    this.checkOpen();
    return this.chunkReader;
  }

  tombstones(): TombstoneReader {
    return this.stones;
  }

  sizeBytes(): number {
    return this.indexReader.sizeBytes + this.chunkReader.sizeBytes + this.tombstonesBytes + this.metaBytes;
  }

  /**
   * Marks [mint, maxt] (inclusive) deleted in every series matching all matchers that has a chunk
   * overlapping it, and rewrites the tombstones file (tmp + fsync + rename). Intervals are clipped
   * to the block's range, which changes nothing a reader sees. Returns how many series it marked.
   */
  delete(matchers: readonly LabelMatcher[], mint: number, maxt: number): number {
    this.checkOpen();
    const lo = Math.max(mint, this.meta.minTime);
    const hi = Math.min(maxt, this.meta.maxTime - 1);
    if (!(lo <= hi)) return 0;
    const minTime = Math.ceil(lo);
    const maxTime = Math.floor(hi);
    if (minTime > maxTime) return 0;
    const next = this.stones.clone();
    let marked = 0;
    for (const ref of this.indexReader.postingsForMatchers(matchers)) {
      const series = this.indexReader.series(ref);
      if (series === undefined || !series.chunks.some((c) => c.minTime <= maxTime && c.maxTime >= minTime))
        continue;
      next.add(ref, { minTime, maxTime });
      marked++;
    }
    if (marked === 0) return 0;
    const bytes = encodeTombstones(next);
    replaceFileAtomically(join(this.dir, BLOCK_FILES.tombstones), this.dir, bytes);
    this.stones = next;
    this.tombstonesBytes = bytes.length;
    return marked;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.chunkReader.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('TM_STORAGE_CLOSED', `block ${this.dir} is closed`);
  }
}

/**
 * Opens a finished block directory: validates meta.json (version, checksum, file sizes), opens
 * the index (header, TOC and section CRCs checked) and the chunks file, and loads the
 * tombstones. A `<ulid>.tmp` directory is an unfinished write and is refused.
 */
export function openBlock(dir: string, options: OpenBlockOptions = {}): Block {
  const name = basename(dir);
  if (!isBlockDirName(name)) {
    throw new StorageError(
      'TM_STORAGE_CORRUPTION',
      `${dir} is not a block directory (an unfinished write leaves <ulid>.tmp; remove it)`,
    );
  }
  const metaPath = join(dir, BLOCK_FILES.meta);
  const metaRaw = readOrFail(metaPath);
  const meta = decodeMeta(metaRaw, metaPath);
  if (meta.ulid !== name)
    throw new CorruptionError(metaPath, 0, `ulid ${meta.ulid} does not match the directory name`);
  for (const f of meta.files) {
    if (f.name !== basename(f.name) || f.name.startsWith('.'))
      throw new CorruptionError(metaPath, 0, `invalid file name ${f.name}`);
    const path = join(dir, f.name);
    const size = existsSync(path) ? statSync(path).size : -1;
    if (size < 0) throw new CorruptionError(path, 0, 'file listed in meta.json is missing');
    if (size !== f.sizeBytes)
      throw new CorruptionError(
        path,
        Math.min(size, f.sizeBytes),
        `file is ${size} bytes, meta.json says ${f.sizeBytes} (truncated or overwritten)`,
      );
  }

  const index = new IndexFileReader(readOrFail(join(dir, BLOCK_FILES.index)), join(dir, BLOCK_FILES.index));
  if (index.numSeries !== meta.stats.numSeries) {
    throw new CorruptionError(
      join(dir, BLOCK_FILES.index),
      0,
      `index has ${index.numSeries} series, meta.json says ${meta.stats.numSeries}`,
    );
  }
  const tombstonesPath = join(dir, BLOCK_FILES.tombstones);
  // A block without a tombstones file has no deletions (the file is only ever replaced whole).
  const tombstonesRaw = existsSync(tombstonesPath) ? readFileSync(tombstonesPath) : undefined;
  const stones =
    tombstonesRaw === undefined ? new MemTombstones() : decodeTombstones(tombstonesRaw, tombstonesPath);
  const chunks = new ChunksFileReader(
    join(dir, BLOCK_FILES.chunks),
    options.pageCachePages ?? DEFAULT_PAGE_CACHE_PAGES,
  );
  return new Block(dir, meta, metaRaw.length, index, chunks, stones, tombstonesRaw?.length ?? 0);
}

function readOrFail(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CorruptionError(path, 0, 'file is missing', { cause: err });
    throw err;
  }
}
