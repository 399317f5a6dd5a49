import { StorageError } from '../errors.js';
import type { StorageLogger } from '../types.js';

export type FsyncPolicy = 'commit' | 'interval' | 'none';

export interface DownsampleOptions {
  /** Rollup step (default 5 minutes). */
  readonly resolutionMs?: number;
  /** A raw block is rolled up once all its data is older than this (default 40 hours). */
  readonly afterMs?: number;
  /** Raw blocks are deleted once older than this, leaving only rollups (default: the DB retention). */
  readonly rawRetentionMs?: number;
}

export interface DBOptions {
  /** Length of the blocks the head is cut into (default 2 hours, as Prometheus). */
  readonly blockRangeMs?: number;
  /** Blocks whose data is all older than this are deleted (default 15 days; 0 keeps everything). */
  readonly retentionMs?: number;
  /** Oldest blocks are deleted while blocks + WAL exceed this many bytes (default 0 = no limit). */
  readonly retentionBytes?: number;
  /** When a commit is durable: fsync per commit (default), on an interval, or left to the OS. */
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
  readonly walSegmentBytes?: number;
  /** Accept samples up to this far behind the newest one (default 0: out-of-order is rejected). */
  readonly outOfOrderWindowMs?: number;
  /** Samples per chunk in the head (default 120). */
  readonly samplesPerChunk?: number;
  /** Samples per chunk when blocks are written or compacted (default 480). */
  readonly sealedSamplesPerChunk?: number;
  /** Rolls old raw data up into min/max/sum/count/last series; off unless given. */
  readonly downsample?: DownsampleOptions | false;
  /** How often the background loop cuts the head, compacts and applies retention (default 1 min; 0 = only `compact()`). */
  readonly compactionIntervalMs?: number;
  readonly logger?: StorageLogger;
  /** Wall clock in ms, for retention and downsampling age (tests pass a fake one). */
  readonly now?: () => number;
}

export interface ResolvedDBOptions {
  readonly blockRangeMs: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  readonly walSegmentBytes: number;
  readonly outOfOrderWindowMs: number;
  readonly samplesPerChunk: number;
  readonly sealedSamplesPerChunk: number;
  readonly downsample: Required<DownsampleOptions> | undefined;
  readonly compactionIntervalMs: number;
  readonly logger: StorageLogger;
  readonly now: () => number;
}

const HOUR = 3_600_000;

export const defaultLogger: StorageLogger = {
  warn: (message) => process.stderr.write(`telemeter storage: warning: ${message}\n`),
  info: () => {},
};

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `option ${name} must be a non-negative integer, got ${String(value)}`,
    );
  }
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = nonNegativeInteger(name, value, fallback);
  if (v === 0) throw new StorageError('TM_STORAGE_INVALID_OPTION', `option ${name} must be greater than 0`);
  return v;
}

export function resolveOptions(options: DBOptions = {}): ResolvedDBOptions {
  const fsync = options.fsync ?? 'commit';
  if (fsync !== 'commit' && fsync !== 'interval' && fsync !== 'none') {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `option fsync must be 'commit', 'interval' or 'none', got ${JSON.stringify(fsync)}`,
    );
  }
  const retentionMs = nonNegativeInteger('retentionMs', options.retentionMs, 15 * 24 * HOUR);
  let downsample: Required<DownsampleOptions> | undefined;
  if (options.downsample) {
    downsample = {
      resolutionMs: positiveInteger('downsample.resolutionMs', options.downsample.resolutionMs, 300_000),
      afterMs: nonNegativeInteger('downsample.afterMs', options.downsample.afterMs, 40 * HOUR),
      rawRetentionMs: nonNegativeInteger(
        'downsample.rawRetentionMs',
        options.downsample.rawRetentionMs,
        retentionMs,
      ),
    };
  }
  return {
    blockRangeMs: positiveInteger('blockRangeMs', options.blockRangeMs, 2 * HOUR),
    retentionMs,
    retentionBytes: nonNegativeInteger('retentionBytes', options.retentionBytes, 0),
    fsync,
    fsyncIntervalMs: positiveInteger('fsyncIntervalMs', options.fsyncIntervalMs, 1000),
    walSegmentBytes: positiveInteger('walSegmentBytes', options.walSegmentBytes, 64 * 1024 * 1024),
    outOfOrderWindowMs: nonNegativeInteger('outOfOrderWindowMs', options.outOfOrderWindowMs, 0),
    samplesPerChunk: positiveInteger('samplesPerChunk', options.samplesPerChunk, 120),
    sealedSamplesPerChunk: positiveInteger('sealedSamplesPerChunk', options.sealedSamplesPerChunk, 480),
    downsample,
    compactionIntervalMs: nonNegativeInteger('compactionIntervalMs', options.compactionIntervalMs, 60_000),
    logger: options.logger ?? defaultLogger,
    now: options.now ?? Date.now,
  };
}
