// Writes the rollup block of a raw block: per series, five series (min, max, sum, count, last
// over aligned windows; see aggregate.ts) that carry the extra label `__rollup__`. The querier
// reads them where raw blocks are gone (retention) or when a query allows the resolution.

import type { BlockChunkInput, BlockSeriesInput } from '../block/write-block.js';
import { WorkSlicer, writeBlockAsync } from '../block/write-block.js';
import { DEFAULT_SAMPLES_PER_CHUNK, type SealChunk, sealRuns, sealSmallest } from '../compact/rechunk.js';
import { streamSeriesChunks } from '../compact/series-stream.js';
import { StorageError } from '../errors.js';
import { compareLabels } from '../labels/labels.js';
import { ChunkSeriesIterator } from '../querier/chunk-series-iterator.js';
import { ROLLUP_AGGREGATES, ROLLUP_LABEL } from '../querier/rollup-plan.js';
import type { SeriesChunks } from '../querier/series-set.js';
import type { BlockMeta, BlockReader, Label, Labels } from '../types.js';
import { rollupSeries } from './aggregate.js';

/** Thanos's first downsampling step. */
export const DEFAULT_RESOLUTION_MS = 300_000;

export interface DownsampleOptions {
  /** Rollup samples per chunk (default 480, i.e. 40 hours of 5-minute windows). */
  readonly samplesPerChunk?: number;
  readonly seal?: SealChunk;
  readonly ulid?: string;
  /** Longest run of work between two turns of the event loop (writeBlockAsync's default otherwise). */
  readonly sliceMs?: number;
}

/**
 * Writes the rollups of `reader` (tombstones applied) as a block with the same time range,
 * level and sources and `resolutionMs` set; returns its meta, or undefined when the block holds
 * no sample. Like compaction, it works in slices between which the event loop runs.
 */
export async function downsampleBlock(
  reader: BlockReader,
  resolutionMs = DEFAULT_RESOLUTION_MS,
  parentDir: string,
  options: DownsampleOptions = {},
): Promise<BlockMeta | undefined> {
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
  const raw = streamSeriesChunks([reader], minTime, maxTime - 1, new WorkSlicer(options.sliceMs));
  return writeBlockAsync(
    parentDir,
    {
      minTime,
      maxTime,
      series: rollupSeriesInputs(raw, minTime, maxTime - 1, resolutionMs, options),
      resolutionMs,
      compaction: { level: reader.meta.compaction.level, sources: [...reader.meta.compaction.sources] },
    },
    {
      ...(options.ulid === undefined ? {} : { ulid: options.ulid }),
      ...(options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs }),
    },
  );
}

/** A raw series' sealed rollups, one chunk list per entry of ROLLUP_AGGREGATES. */
interface RolledUp {
  readonly labels: Labels;
  readonly chunks: readonly BlockChunkInput[][];
}

/**
 * The rollup series in label order. Adding the rollup label reorders series: among raw series
 * whose labels before it (those named below `__rollup__`, usually just `__name__`) are equal,
 * every `count` series sorts before every `last` series, and so on. So raw series are rolled up
 * and sealed a group at a time, a group being a run of series with the same first such label,
 * and the group's outputs are emitted in order. Groups differ in their first label before the
 * rollup label too (or have none, and then come last), so their outputs keep the groups' order.
 */
async function* rollupSeriesInputs(
  raw: AsyncIterable<SeriesChunks>,
  mint: number,
  maxt: number,
  resolutionMs: number,
  options: DownsampleOptions,
): AsyncGenerator<BlockSeriesInput> {
  const samplesPerChunk = options.samplesPerChunk ?? DEFAULT_SAMPLES_PER_CHUNK;
  const seal = options.seal ?? sealSmallest;
  const slicer = new WorkSlicer(options.sliceMs);
  let group: RolledUp[] = [];
  let groupKey: Label | undefined;
  for await (const s of raw) {
    const labels = s.labels.filter((l) => l.name !== ROLLUP_LABEL);
    const key = labels[0] !== undefined && labels[0].name < ROLLUP_LABEL ? labels[0] : undefined;
    if (group.length > 0 && !sameLabel(key, groupKey)) {
      yield* groupOutputs(group);
      group = [];
    }
    groupKey = key;
    const runs = rollupSeries(new ChunkSeriesIterator(s.parts, mint, maxt), resolutionMs);
    group.push({
      labels,
      chunks: ROLLUP_AGGREGATES.map((agg) => {
        const run = runs[agg];
        return run.length === 0 ? [] : sealRuns(run.ts, run.vs, run.length, samplesPerChunk, seal);
      }),
    });
    await slicer.maybeYield();
  }
  if (group.length > 0) yield* groupOutputs(group);
}

/**
 * A group's rollup series in label order. When all of its series share the labels before the
 * rollup label (the usual case) that order is aggregate first, then raw order; otherwise (say
 * `{__name__="up"}` next to `{__name__="up", Zone="a"}`) the group is sorted outright.
 */
function* groupOutputs(group: readonly RolledUp[]): Generator<BlockSeriesInput> {
  const first = group[0] as RolledUp;
  const prefix = prefixLength(first.labels);
  const uniform = group.every(
    (r) => prefixLength(r.labels) === prefix && samePrefix(r.labels, first.labels, prefix),
  );
  if (uniform) {
    for (let a = 0; a < ROLLUP_AGGREGATES.length; a++) {
      const rollupLabel = { name: ROLLUP_LABEL, value: ROLLUP_AGGREGATES[a] as string };
      for (const r of group) {
        const chunks = r.chunks[a] as BlockChunkInput[];
        if (chunks.length > 0) yield { labels: withLabelAt(r.labels, prefix, rollupLabel), chunks };
      }
    }
    return;
  }
  const all: BlockSeriesInput[] = [];
  for (const r of group) {
    const at = prefixLength(r.labels);
    ROLLUP_AGGREGATES.forEach((agg, a) => {
      const chunks = r.chunks[a] as BlockChunkInput[];
      if (chunks.length > 0)
        all.push({ labels: withLabelAt(r.labels, at, { name: ROLLUP_LABEL, value: agg }), chunks });
    });
  }
  all.sort((x, y) => compareLabels(x.labels, y.labels));
  yield* all;
}

/** How many labels sort before the rollup label (labels are sorted by name). */
function prefixLength(labels: Labels): number {
  let i = 0;
  while (i < labels.length && (labels[i] as Label).name < ROLLUP_LABEL) i++;
  return i;
}

function samePrefix(a: Labels, b: Labels, n: number): boolean {
  for (let i = 0; i < n; i++) if (!sameLabel(a[i], b[i])) return false;
  return true;
}

function sameLabel(a: Label | undefined, b: Label | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.name === b.name && a.value === b.value);
}

function withLabelAt(labels: Labels, at: number, label: Label): Labels {
  const out = labels.slice();
  out.splice(at, 0, label);
  return out;
}
