// Wal.open's options, their defaults and their checks; and what stats() reports.

import { StorageError } from '../errors.js';
import type { StorageLogger } from '../types.js';
import { FRAME_HEADER_SIZE, MAX_RECORD_BYTES } from './frame.js';
import type { WalRepairStats } from './repair.js';
import { SEGMENT_HEADER_SIZE } from './segment.js';

/** When log() resolves: see docs/format/wal.md, "Writing and fsync policies". */
export type FsyncPolicy = 'commit' | 'interval' | 'none';

export interface WalOptions {
  /** A new segment starts when the next frame would pass this size (default 64 MiB). */
  readonly segmentBytes?: number;
  /** Default 'commit'. */
  readonly fsync?: FsyncPolicy;
  /** Sync period for fsync 'interval' (default 1000). */
  readonly fsyncIntervalMs?: number;
  /** Where repair warnings go; by default process warnings (stderr). */
  readonly logger?: StorageLogger;
}

export interface ResolvedWalOptions {
  readonly segmentBytes: number;
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  readonly logger: StorageLogger;
}

export interface WalStats {
  /** Live segment files (the checkpoint's excluded). */
  readonly segments: number;
  readonly firstSegment: number;
  readonly lastSegment: number;
  /** Segment the newest checkpoint covers up to, or null. */
  readonly checkpoint: number | null;
  /** Segments plus checkpoint on disk. */
  readonly bytes: number;
  /** Since open. */
  readonly recordsWritten: number;
  readonly bytesWritten: number;
  /** fdatasync/fsync calls since open (files and directory). */
  readonly fsyncs: number;
  /** What the open had to repair. */
  readonly repair: WalRepairStats;
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
/** Room for the header and one small frame. */
const MIN_SEGMENT_BYTES = SEGMENT_HEADER_SIZE + FRAME_HEADER_SIZE + 16;
/** setInterval's limit. */
const MAX_INTERVAL_MS = 2 ** 31 - 1;

const defaultLogger: StorageLogger = {
  warn: (message) => process.emitWarning(message, 'TelemeterStorageWarning'),
  info: () => {},
};

export function resolveWalOptions(options: WalOptions): ResolvedWalOptions {
  const { segmentBytes = DEFAULT_SEGMENT_BYTES, fsync = 'commit', fsyncIntervalMs = 1000 } = options;
  if (
    !Number.isInteger(segmentBytes) ||
    segmentBytes < MIN_SEGMENT_BYTES ||
    segmentBytes > MAX_RECORD_BYTES
  ) {
    throw invalidOption(
      `segmentBytes must be an integer from ${MIN_SEGMENT_BYTES} to ${MAX_RECORD_BYTES}, got ${segmentBytes}`,
    );
  }
  if (fsync !== 'commit' && fsync !== 'interval' && fsync !== 'none') {
    throw invalidOption(`fsync must be 'commit', 'interval' or 'none', got ${JSON.stringify(fsync)}`);
  }
  if (!(fsyncIntervalMs > 0 && fsyncIntervalMs <= MAX_INTERVAL_MS)) {
    throw invalidOption(`fsyncIntervalMs must be a positive number of milliseconds, got ${fsyncIntervalMs}`);
  }
  return { segmentBytes, fsync, fsyncIntervalMs, logger: options.logger ?? defaultLogger };
}

export function invalidOption(message: string): StorageError {
  return new StorageError('TM_STORAGE_INVALID_OPTION', message);
}
