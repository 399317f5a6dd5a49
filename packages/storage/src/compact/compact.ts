// Merges blocks (or the head's range) into one new block: Prometheus's LeveledCompactor.Write
// and Compact (tsdb/compact.go). Series stream through the merge one at a time, with tombstones
// applied, so deleted data is gone from the new block; each series is re-encoded into sealed
// chunks. The caller swaps the blocks and deletes the sources once the new one is in place.

import type { BlockSeriesInput } from '../block/write-block.js';
import { WorkSlicer, writeBlockAsync } from '../block/write-block.js';
import { StorageError } from '../errors.js';
import { ChunkSeriesIterator } from '../querier/chunk-series-iterator.js';
import type { SeriesChunks } from '../querier/series-set.js';
import type { BlockMeta, BlockReader } from '../types.js';
import { DEFAULT_SAMPLES_PER_CHUNK, Rechunker, type SealChunk, sealSmallest } from './rechunk.js';
import { streamSeriesChunks } from './series-stream.js';

export interface CompactOptions {
  /** Range of the new block (default: the union of the inputs' ranges); samples outside are dropped. */
  readonly minTime?: number;
  /** Exclusive. */
  readonly maxTime?: number;
  /** Compaction level of the new block (default: one above the highest input). Level 1 starts a new lineage. */
  readonly level?: number;
  /** Samples per chunk in the new block (default 480). */
  readonly samplesPerChunk?: number;
  /** Chunk encoder (default: the smallest of the sealed encodings). */
  readonly seal?: SealChunk;
  /** Name of the new block (default: a fresh ULID). */
  readonly ulid?: string;
  /** Longest run of work between two turns of the event loop (writeBlockAsync's default otherwise). */
  readonly sliceMs?: number;
}

/**
 * Writes the merge of `readers` as one block under `parentDir` and returns its meta, or undefined
 * when no sample survives (nothing is written then). On equal timestamps a reader later in the
 * list wins. All readers must have the same resolution. The readers must stay open meanwhile.
 *
 * Runs in slices between which appends, queries and timers get the event loop (writeBlockAsync):
 * series are read, merged and re-encoded one at a time as the writer pulls them.
 */
export async function compactBlocks(
  readers: readonly BlockReader[],
  parentDir: string,
  options: CompactOptions = {},
): Promise<BlockMeta | undefined> {
  if (readers.length === 0) return undefined;
  const resolutionMs = (readers[0] as BlockReader).meta.resolutionMs;
  if (readers.some((r) => r.meta.resolutionMs !== resolutionMs)) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      'cannot compact blocks of different resolutions together',
    );
  }
  const samplesPerChunk = options.samplesPerChunk ?? DEFAULT_SAMPLES_PER_CHUNK;
  if (!Number.isSafeInteger(samplesPerChunk) || samplesPerChunk < 1) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `samplesPerChunk must be a positive integer, got ${String(samplesPerChunk)}`,
    );
  }
  const minTime = options.minTime ?? Math.min(...readers.map((r) => r.meta.minTime));
  const maxTime = options.maxTime ?? Math.max(...readers.map((r) => r.meta.maxTime));
  const level = options.level ?? Math.max(...readers.map((r) => r.meta.compaction.level)) + 1;
  // A level-1 block is new data (a head cut): it is its own source.
  const compaction = level > 1 ? { level, sources: unionOfSources(readers) } : undefined;

  const series = mergedSeries(
    streamSeriesChunks(readers, minTime, maxTime - 1, new WorkSlicer(options.sliceMs)),
    minTime,
    maxTime - 1,
    new Rechunker(samplesPerChunk, options.seal ?? sealSmallest),
  );
  return writeBlockAsync(
    parentDir,
    { minTime, maxTime, series, resolutionMs, ...(compaction === undefined ? {} : { compaction }) },
    {
      ...(options.ulid === undefined ? {} : { ulid: options.ulid }),
      ...(options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs }),
    },
  );
}

/**
 * The merged series in label order, re-chunked one at a time. A series whose
 * samples are all deleted comes out without chunks (the writer skips it) rather than being
 * skipped here, so that the writer gets a chance to yield even when long runs of series are empty.
 */
async function* mergedSeries(
  merged: AsyncIterable<SeriesChunks>,
  mint: number,
  maxt: number,
  rechunker: Rechunker,
): AsyncGenerator<BlockSeriesInput> {
  for await (const s of merged) {
    yield { labels: s.labels, chunks: rechunker.chunks(new ChunkSeriesIterator(s.parts, mint, maxt)) };
  }
}

function unionOfSources(readers: readonly BlockReader[]): string[] {
  const all = new Set<string>();
  for (const r of readers) for (const s of r.meta.compaction.sources) all.add(s);
  return [...all].sort();
}
