import type { RejectReason } from '../types.js';
import type { DB } from './db.js';

export interface BlockStats {
  readonly ulid: string;
  readonly minTime: number;
  readonly maxTime: number;
  readonly resolutionMs: number;
  readonly level: number;
  readonly numSeries: number;
  readonly numSamples: number;
  readonly numChunks: number;
  readonly bytes: number;
  readonly tombstonedSeries: number;
}

export interface DBStats {
  readonly head: {
    readonly numSeries: number;
    readonly numSamples: number;
    readonly numChunks: number;
    readonly minTime: number;
    readonly maxTime: number;
    /** Estimated bytes of memory the head's series and chunks hold. */
    readonly memoryBytes: number;
  };
  readonly blocks: readonly BlockStats[];
  readonly wal: { readonly bytes: number; readonly segments: number };
  /** Since the DB was opened: samples appended, series created, samples rejected per reason. */
  readonly appends: {
    readonly appended: number;
    readonly seriesCreated: number;
    readonly rejected: Readonly<Record<RejectReason, number>>;
  };
  /** Samples in blocks plus samples in the head. */
  readonly numSamples: number;
  readonly numChunks: number;
  readonly numBlocks: number;
  /** Blocks + WAL on disk. */
  readonly bytesOnDisk: number;
}

export function collectStats(db: DB): DBStats {
  const head = db.head.stats();
  const blocks: BlockStats[] = db.blocks.map((b) => ({
    ulid: b.meta.ulid,
    minTime: b.meta.minTime,
    maxTime: b.meta.maxTime,
    resolutionMs: b.meta.resolutionMs,
    level: b.meta.compaction.level,
    numSeries: b.meta.stats.numSeries,
    numSamples: b.meta.stats.numSamples,
    numChunks: b.meta.stats.numChunks,
    bytes: b.sizeBytes(),
    tombstonedSeries: b.tombstones().size,
  }));
  const range = db.wal.segmentRange();
  const walBytes = db.wal.sizeBytes();
  const blockBytes = blocks.reduce((sum, b) => sum + b.bytes, 0);
  return {
    head: {
      numSeries: head.numSeries,
      numSamples: head.numSamples,
      numChunks: head.numChunks,
      minTime: head.minTime,
      maxTime: head.maxTime,
      memoryBytes: head.memoryBytes,
    },
    blocks,
    wal: { bytes: walBytes, segments: range.last - range.first + 1 },
    appends: {
      appended: db.head.appendTotals.appended,
      seriesCreated: db.head.appendTotals.seriesCreated,
      rejected: { ...db.head.appendTotals.rejected },
    },
    numSamples: head.numSamples + blocks.reduce((sum, b) => sum + b.numSamples, 0),
    numChunks: head.numChunks + blocks.reduce((sum, b) => sum + b.numChunks, 0),
    numBlocks: blocks.length,
    bytesOnDisk: walBytes + blockBytes,
  };
}
