import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StorageError } from '../errors.js';
import { IndexWriter } from '../index/index-writer.js';
import { formatLabels } from '../labels/labels.js';
import { MemTombstones } from '../tombstones/mem-tombstones.js';
import { encodeTombstones } from '../tombstones/tombstones-file.js';
import type { Chunk, ChunkMeta, Labels } from '../types.js';
import { BLOCK_FILES, TMP_SUFFIX } from './block-dirs.js';
import {
  AsyncChunksWriter,
  ChunksWriter,
  type ChunksWriterStats,
  type PendingChunkRef,
} from './chunks-writer.js';
import { fsyncDir, fsyncDirAsync, writeFileDurable, writeFileDurableAsync } from './durable-files.js';
import { BLOCK_VERSION, encodeMeta, type StoredBlockMeta } from './meta.js';
import { DEFAULT_PAGE_COMPRESSION, type PageCompression } from './page-codec.js';
import { newUlid } from './ulid.js';

export interface BlockChunkInput {
  readonly chunk: Chunk;
  readonly minTime: number;
  readonly maxTime: number;
}

export interface BlockSeriesInput {
  readonly labels: Labels;
  /** In time order. */
  readonly chunks: readonly BlockChunkInput[];
}

export interface BlockInput {
  readonly minTime: number;
  /** Exclusive: every chunk must end before it. */
  readonly maxTime: number;
  /** Sorted by labels (compareLabels), each label set once; series without chunks are skipped. */
  readonly series: Iterable<BlockSeriesInput>;
  readonly resolutionMs?: number;
  /** Defaults to level 1 with the new block as its only source. */
  readonly compaction?: { readonly level: number; readonly sources: readonly string[] };
}

/** BlockInput for `writeBlockAsync`: the series may come from an async iterable. */
export interface AsyncBlockInput extends Omit<BlockInput, 'series'> {
  readonly series: AsyncIterable<BlockSeriesInput> | Iterable<BlockSeriesInput>;
}

export interface WriteBlockOptions {
  /** Name of the new block; a fresh ULID by default. */
  readonly ulid?: string;
  readonly compression?: PageCompression;
  /** Receives the chunks file's page statistics (pages, raw and stored bytes, codec use). */
  readonly onChunkStats?: (stats: ChunksWriterStats) => void;
  /** writeBlockAsync: longest run of work between two turns of the event loop (default 10 ms). */
  readonly sliceMs?: number;
}

/**
 * Writes a block into `<parentDir>/<ulid>.tmp/`, fsyncs every file and the directory, then
 * renames it to `<parentDir>/<ulid>/`: a crash leaves either a `.tmp` directory (not a block; the
 * DB removes it at open) or the whole block. Synchronous: Brotli page compression runs at about
 * 33 MB/s of raw chunk bytes, roughly 9M samples/s of XOR data (docs/format/block.md), and all of
 * it holds up the event loop; the DB writes blocks with `writeBlockAsync`.
 */
export function writeBlock(
  parentDir: string,
  input: BlockInput,
  options: WriteBlockOptions = {},
): StoredBlockMeta {
  const ulid = options.ulid ?? newUlid();
  checkBlockRange(input);
  const tmp = join(parentDir, `${ulid}${TMP_SUFFIX}`);
  const final = join(parentDir, ulid);
  mkdirSync(parentDir, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  let chunks: ChunksWriter | undefined;
  try {
    chunks = new ChunksWriter(join(tmp, BLOCK_FILES.chunks), options.compression ?? DEFAULT_PAGE_COMPRESSION);
    const index = new IndexWriter();
    const counts = { numSamples: 0, numChunks: 0 };
    for (const s of input.series) {
      if (s.chunks.length === 0) continue;
      const metas: ChunkMeta[] = [];
      for (const c of s.chunks) {
        checkChunk(input, s, c);
        metas.push({ ref: chunks.add(c.chunk), ...chunkTimes(c) });
      }
      counts.numSamples += sampleCount(s);
      counts.numChunks += metas.length;
      index.add(s.labels, metas);
    }
    const chunkStats = chunks.stats;
    const chunksBytes = chunks.finish();
    chunks = undefined;
    options.onChunkStats?.(chunkStats);
    const indexBytes = index.encode();
    writeFileDurable(join(tmp, BLOCK_FILES.index), indexBytes);
    writeFileDurable(join(tmp, BLOCK_FILES.tombstones), encodeTombstones(new MemTombstones()));
    const meta = blockMeta(ulid, input, index.numSeries, counts, chunksBytes, indexBytes.length);
    writeFileDurable(join(tmp, BLOCK_FILES.meta), encodeMeta(meta));
    fsyncDir(tmp);
    renameSync(tmp, final);
    fsyncDir(parentDir);
    return meta;
  } catch (err) {
    chunks?.abort();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * `writeBlock` without holding up the event loop: the same files and the same tmp-dir, fsync and
 * rename protocol, but pages are compressed on the thread pool, files are written and fsynced
 * through it, and the loop gets a turn whenever `sliceMs` of work (the caller's iterator included:
 * compaction decodes and re-encodes series inside it) has passed. What still runs in one piece is
 * encoding the index, about 5 µs per series. Unlike `writeBlock`, it writes nothing and returns
 * undefined when no series has a chunk.
 */
export async function writeBlockAsync(
  parentDir: string,
  input: AsyncBlockInput,
  options: WriteBlockOptions = {},
): Promise<StoredBlockMeta | undefined> {
  const ulid = options.ulid ?? newUlid();
  checkBlockRange(input);
  const tmp = join(parentDir, `${ulid}${TMP_SUFFIX}`);
  const final = join(parentDir, ulid);
  await mkdir(parentDir, { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  let chunks: AsyncChunksWriter | undefined;
  try {
    chunks = await AsyncChunksWriter.create(
      join(tmp, BLOCK_FILES.chunks),
      options.compression ?? DEFAULT_PAGE_COMPRESSION,
    );
    const slicer = new WorkSlicer(options.sliceMs);
    const index = new IndexWriter();
    const counts = { numSamples: 0, numChunks: 0 };
    for await (const s of input.series) {
      if (s.chunks.length > 0) {
        const metas: (ChunkMeta & PendingChunkRef)[] = [];
        for (const c of s.chunks) {
          checkChunk(input, s, c);
          const meta = { ref: 0, ...chunkTimes(c) };
          chunks.add(c.chunk, meta);
          metas.push(meta);
        }
        counts.numSamples += sampleCount(s);
        counts.numChunks += metas.length;
        index.add(s.labels, metas);
      }
      await chunks.backpressure();
      await slicer.maybeYield();
    }
    if (index.numSeries === 0) {
      await chunks.abort();
      chunks = undefined;
      await rm(tmp, { recursive: true, force: true });
      return undefined;
    }
    const chunksBytes = await chunks.finish();
    options.onChunkStats?.(chunks.stats);
    chunks = undefined;
    const steps = index.encodeInSteps();
    let step = steps.next();
    while (step.done !== true) {
      await slicer.maybeYield();
      step = steps.next();
    }
    const indexBytes = step.value;
    await writeFileDurableAsync(join(tmp, BLOCK_FILES.index), indexBytes);
    await writeFileDurableAsync(join(tmp, BLOCK_FILES.tombstones), encodeTombstones(new MemTombstones()));
    const meta = blockMeta(ulid, input, index.numSeries, counts, chunksBytes, indexBytes.length);
    await writeFileDurableAsync(join(tmp, BLOCK_FILES.meta), encodeMeta(meta));
    await fsyncDirAsync(tmp);
    await rename(tmp, final);
    await fsyncDirAsync(parentDir);
    return meta;
  } catch (err) {
    await chunks?.abort().catch(() => {});
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Default longest stretch of block-writing work before the event loop gets a turn. */
export const DEFAULT_SLICE_MS = 10;

/**
 * Cuts long work into slices: `maybeYield()` lets the event loop run (timers, I/O, appends,
 * queries) once `sliceMs` have passed since its last turn. setImmediate rather than a resolved
 * promise, because only a macrotask lets I/O callbacks and timers in.
 */
export class WorkSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

function checkBlockRange(input: { readonly minTime: number; readonly maxTime: number }): void {
  if (
    !(
      Number.isSafeInteger(input.minTime) &&
      Number.isSafeInteger(input.maxTime) &&
      input.minTime < input.maxTime
    )
  ) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `block time range [${input.minTime}, ${input.maxTime}) is empty or not integer`,
    );
  }
}

function checkChunk(
  input: { readonly minTime: number; readonly maxTime: number },
  s: BlockSeriesInput,
  c: BlockChunkInput,
): void {
  if (c.minTime < input.minTime || c.maxTime >= input.maxTime || c.maxTime < c.minTime) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `chunk [${c.minTime}, ${c.maxTime}] of ${formatLabels(s.labels)} is outside the block range [${input.minTime}, ${input.maxTime})`,
    );
  }
}

function chunkTimes(c: BlockChunkInput): { minTime: number; maxTime: number; numSamples: number } {
  return { minTime: c.minTime, maxTime: c.maxTime, numSamples: c.chunk.numSamples };
}

function sampleCount(s: BlockSeriesInput): number {
  let n = 0;
  for (const c of s.chunks) n += c.chunk.numSamples;
  return n;
}

function blockMeta(
  ulid: string,
  input: AsyncBlockInput | BlockInput,
  numSeries: number,
  counts: { numSamples: number; numChunks: number },
  chunksBytes: number,
  indexBytes: number,
): StoredBlockMeta {
  return {
    ulid,
    minTime: input.minTime,
    maxTime: input.maxTime,
    stats: { numSeries, numSamples: counts.numSamples, numChunks: counts.numChunks },
    compaction: input.compaction ?? { level: 1, sources: [ulid] },
    resolutionMs: input.resolutionMs ?? 0,
    version: BLOCK_VERSION,
    files: [
      { name: BLOCK_FILES.chunks, sizeBytes: chunksBytes },
      { name: BLOCK_FILES.index, sizeBytes: indexBytes },
    ],
  };
}
