// Writes the rollup block of a raw block: per series, five series (min, max, sum, count, last
// over aligned windows; see aggregate.ts) that carry the extra label `__rollup__`. The querier
// reads them where raw blocks are gone (retention) or when a query allows the resolution.

import type { BlockSeriesInput } from '../block/write-block.js';
import { writeBlock } from '../block/write-block.js';
import { DEFAULT_SAMPLES_PER_CHUNK, type SealChunk, sealRuns, sealSmallest } from '../compact/rechunk.js';
import { StorageError } from '../errors.js';
import { compareLabels } from '../labels/labels.js';
import { ChunkSeriesIterator } from '../querier/chunk-series-iterator.js';
import { ROLLUP_AGGREGATES, ROLLUP_LABEL } from '../querier/rollup-plan.js';
import { type SeriesChunks, selectSeriesChunks } from '../querier/series-set.js';
import type { BlockMeta, BlockReader, Label, Labels, RollupAggregate } from '../types.js';
import { type RollupRuns, rollupSeries } from './aggregate.js';

/** Thanos's first downsampling step. */
export const DEFAULT_RESOLUTION_MS = 300_000;

export interface DownsampleOptions {
  /** Rollup samples per chunk (default 480, i.e. 40 hours of 5-minute windows). */
  readonly samplesPerChunk?: number;
  readonly seal?: SealChunk;
  readonly ulid?: string;
}

/**
 * Writes the rollups of `reader` (tombstones applied) as a block with the same time range,
 * level and sources and `resolutionMs` set; returns its meta, or undefined when the block holds
 * no sample. Like compaction, the write is synchronous under the promise.
 */
export async function downsampleBlock(
  reader: BlockReader,
  resolutionMs = DEFAULT_RESOLUTION_MS,
  parentDir: string,
  options: DownsampleOptions = {},
): Promise<BlockMeta | undefined> {
  return downsampleBlockSync(reader, resolutionMs, parentDir, options);
}

export function downsampleBlockSync(
  reader: BlockReader,
  resolutionMs: number,
  parentDir: string,
  options: DownsampleOptions = {},
): BlockMeta | undefined {
  if (!Number.isSafeInteger(resolutionMs) || resolutionMs <= 0) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `rollup resolution must be a positive integer of ms, got ${String(resolutionMs)}`,
    );
  }
  if (reader.meta.resolutionMs !== 0) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `block ${reader.meta.ulid} is already a rollup; downsample raw blocks only`,
    );
  }
  const { minTime, maxTime } = reader.meta;
  const raw = selectSeriesChunks(
    [{ reader, matchers: undefined, allowed: [{ minTime, maxTime: maxTime - 1 }] }],
    minTime,
    maxTime - 1,
  );
  const series = rollupSeriesInputs(raw, minTime, maxTime - 1, resolutionMs, options);
  const first = series.next();
  if (first.done === true) return undefined;
  return writeBlock(
    parentDir,
    {
      minTime,
      maxTime,
      series: prepend(first.value, series),
      resolutionMs,
      compaction: { level: reader.meta.compaction.level, sources: [...reader.meta.compaction.sources] },
    },
    options.ulid === undefined ? {} : { ulid: options.ulid },
  );
}

interface RollupSeriesRef {
  readonly labels: Labels;
  readonly raw: number;
  readonly aggregate: RollupAggregate;
}

/**
 * The rollup series in label order. Adding the rollup label can interleave the outputs of
 * neighbouring raw series, so a raw series' aggregates are computed when its first output is
 * due and kept until its last one is written: only a few series are held at a time.
 */
function* rollupSeriesInputs(
  raw: readonly SeriesChunks[],
  mint: number,
  maxt: number,
  resolutionMs: number,
  options: DownsampleOptions,
): Generator<BlockSeriesInput> {
  const outputs: RollupSeriesRef[] = [];
  raw.forEach((s, i) => {
    for (const aggregate of ROLLUP_AGGREGATES)
      outputs.push({ labels: withLabel(s.labels, ROLLUP_LABEL, aggregate), raw: i, aggregate });
  });
  outputs.sort((a, b) => compareLabels(a.labels, b.labels));

  const samplesPerChunk = options.samplesPerChunk ?? DEFAULT_SAMPLES_PER_CHUNK;
  const seal = options.seal ?? sealSmallest;
  const held = new Map<number, { runs: RollupRuns; left: number }>();
  for (const out of outputs) {
    let entry = held.get(out.raw);
    if (entry === undefined) {
      const it = new ChunkSeriesIterator((raw[out.raw] as SeriesChunks).parts, mint, maxt);
      entry = { runs: rollupSeries(it, resolutionMs), left: ROLLUP_AGGREGATES.length };
      held.set(out.raw, entry);
    }
    if (--entry.left === 0) held.delete(out.raw);
    const run = entry.runs[out.aggregate];
    if (run.length > 0)
      yield { labels: out.labels, chunks: sealRuns(run.ts, run.vs, run.length, samplesPerChunk, seal) };
  }
}

function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = labels.filter((l) => l.name !== name);
  let i = 0;
  while (i < out.length && (out[i] as Label).name < name) i++;
  out.splice(i, 0, { name, value });
  return out;
}

function* prepend<T>(first: T, rest: Iterable<T>): Generator<T> {
  yield first;
  yield* rest;
}
