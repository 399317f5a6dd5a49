// The head (Prometheus's tsdb/head.go): the in-memory window of recent samples, backed by the WAL.
// Series live in two maps (by labels hash and by ref) plus in-memory postings; each series keeps
// XOR chunks and an out-of-order buffer. Appending is in head-appender.ts, reading in
// head-reader.ts, WAL replay in head-replay.ts, truncation and checkpoints in head-truncate.ts.

import { StorageError } from '../errors.js';
import { MemPostings } from '../index/mem-postings.js';
import { postingsForMatchers } from '../index/postings-for-matchers.js';
import { encodeTombstones } from '../record/tombstones.js';
import { MemTombstones } from '../tombstones/mem-tombstones.js';
import type {
  BlockMeta,
  BlockReader,
  ChunkReader,
  IndexReader,
  LabelMatcher,
  Labels,
  MetricMetadata,
  RejectReason,
  StorageLogger,
  TombstoneReader,
} from '../types.js';
import { emptyRejections } from './append-policy.js';
import { type ChunkBytesStore, FileChunkStore, MemoryChunkStore } from './chunk-store.js';
import { ClosedChunks } from './closed-chunks.js';
import { appenderScratchBytes, HeadAppender } from './head-appender.js';
import { HeadChunkReader, HeadIndexReader, HeadRangeReader } from './head-reader.js';
import { type ReplayStats, replayHead } from './head-replay.js';
import { truncateHead } from './head-truncate.js';
import type { HeadWal } from './head-wal.js';
import { LabelPool } from './label-pool.js';
import type { ChunkStorage, MemSeries } from './mem-series.js';
import { OpenChunks } from './open-chunks.js';
import { DISCARDING_WAL, seedCommitPath } from './seed-feedback.js';
import { SeriesByLabels } from './series-by-labels.js';

export interface HeadOptions {
  /** Without a WAL the head is memory only (tests, snapshots); commits resolve at once. */
  readonly wal?: HeadWal | undefined;
  /** Samples per in-order chunk before a new one is cut (Prometheus: 120). */
  readonly samplesPerChunk?: number;
  /** Late samples within this many ms of the head's newest sample are kept; 0 rejects them all. */
  readonly oooWindowMs?: number;
  readonly logger?: StorageLogger;
  /**
   * Directory for full chunks (Prometheus's chunks_head/): the head keeps only their addresses and
   * reads them back with positioned reads. Emptied at construction (the WAL is the truth and
   * replay writes them again) and removed by close(). Without it full chunks stay in memory.
   */
  readonly chunksDir?: string | undefined;
  /** @internal Size of each file in chunksDir (tests use small ones to see files come and go). */
  readonly chunkFileBytes?: number;
}

export interface HeadStats {
  readonly numSeries: number;
  readonly numSamples: number;
  readonly numChunks: number;
  /**
   * Estimate of the memory the head holds: open chunk bytes and state, closed chunks kept in
   * memory (or their addresses when they are on disk), and a measured per-series overhead for the
   * series object, labels, maps and postings.
   */
  readonly memoryBytes: number;
  readonly minTime: number;
  readonly maxTime: number;
}

/**
 * Per-series heap outside the chunks, measured with 100k series of 4 labels, one of them unique to
 * the series (bench/storage.bench.mjs, head memory): the series object with its two boxed doubles
 * (~170), pooled labels (~80, plus ~75 for a pair no other series has), the tag on the caller's
 * Labels (~40), the two series maps (~90) and postings (~150 with a unique pair).
 */
const SERIES_OVERHEAD_BYTES = 600;

const silentLogger: StorageLogger = { warn: () => {}, info: () => {} };

const defaultLogger: StorageLogger = {
  warn: (m) => process.emitWarning(m),
  info: () => {},
};

export class Head implements BlockReader, ChunkStorage {
  readonly wal: HeadWal | undefined;
  readonly samplesPerChunk: number;
  /** @internal */ readonly open: OpenChunks;
  /** @internal */ readonly closed: ClosedChunks;
  readonly oooWindowMs: number;
  readonly logger: StorageLogger;

  /** @internal */ readonly byLabels = new SeriesByLabels<MemSeries>();
  /** @internal */ readonly byRef = new Map<number, MemSeries>();
  /** @internal */ readonly postings = new MemPostings();
  /** @internal */ readonly deleted = new MemTombstones();
  /** @internal */ readonly metadataByName = new Map<string, MetricMetadata>();
  /**
   * The Labels array that created a series is tagged with the series under this symbol (a
   * non-enumerable property), so a caller that appends the same Labels objects batch after batch
   * (a scrape loop) skips hashing the labels and the map lookup. A WeakMap cost ~10x more per
   * lookup with 100k series (30-90 ns against 3-10 ns). Other equal Labels objects are not tagged:
   * defining a property on every fresh object cost more than it saved when objects are not reused.
   */
  private readonly seriesTag = Symbol('telemeter head series');
  private readonly labelPool = new LabelPool();
  /** Size of the last committed batch: new appenders start with buffers that large. */
  /** @internal */ batchSizeHint = 64;
  /** @internal */ nextRef = 1;
  /** @internal */ epoch = 0;
  /** @internal */ sampleCount = 0;
  /** @internal */ chunkCount = 0;
  /** Samples appended, series created and samples rejected per reason since this head was opened. */
  readonly appendTotals = { appended: 0, seriesCreated: 0, rejected: emptyRejections() };
  /** Oldest and newest sample timestamps; +Infinity / -Infinity while the head is empty. */
  minTime = Number.POSITIVE_INFINITY;
  maxTime = Number.NEGATIVE_INFINITY;
  /** Samples below this belong to blocks already written and are rejected as too_old. */
  minValidTime = Number.NEGATIVE_INFINITY;
  /**
   * @internal sampleCount leaves out in-order samples below this (in a chunk that straddled it at the
   * last truncate, the rest is in a block): truncate adjusts it by each series' claim before and after.
   */
  samplesCountedFrom = Number.NEGATIVE_INFINITY;

  constructor(options: HeadOptions = {}) {
    seedCommitPath(
      () => new Head({ wal: DISCARDING_WAL, samplesPerChunk: 2, oooWindowMs: 600, logger: silentLogger }),
    );
    const samplesPerChunk = options.samplesPerChunk ?? 120;
    const oooWindowMs = options.oooWindowMs ?? 0;
    if (!Number.isInteger(samplesPerChunk) || samplesPerChunk < 1) {
      throw new StorageError(
        'TM_STORAGE_INVALID_OPTION',
        `samplesPerChunk must be a positive integer, got ${samplesPerChunk}`,
      );
    }
    if (!(oooWindowMs >= 0 && Number.isFinite(oooWindowMs))) {
      throw new StorageError(
        'TM_STORAGE_INVALID_OPTION',
        `oooWindowMs must be a finite number >= 0, got ${oooWindowMs}`,
      );
    }
    this.wal = options.wal;
    this.samplesPerChunk = samplesPerChunk;
    this.open = new OpenChunks(samplesPerChunk);
    this.oooWindowMs = oooWindowMs;
    this.logger = options.logger ?? defaultLogger;
    const store: ChunkBytesStore =
      options.chunksDir === undefined
        ? new MemoryChunkStore()
        : FileChunkStore.open(options.chunksDir, options.chunkFileBytes);
    this.closed = new ClosedChunks(store, this.logger);
  }

  /** Releases the chunk files (call after the last use; the WAL is closed by its owner). */
  close(): void {
    this.closed.close();
  }

  /** A batch; nothing is visible or durable until `commit()`. */
  appender(): HeadAppender {
    return new HeadAppender(this);
  }

  /**
   * Ref of the series with these labels, for `HeadAppender.appendRef`; undefined while no commit
   * has created it. A ref stays valid until truncate drops the series (appendRef then says false).
   */
  getRef(labels: Labels): number | undefined {
    return this.lookup(labels)?.ref;
  }

  /** @internal Committed series by labels, through the per-Labels-object cache. */
  lookup(labels: Labels): MemSeries | undefined {
    const cached = (labels as unknown as Record<symbol, MemSeries | undefined>)[this.seriesTag];
    if (cached !== undefined && !cached.removed) return cached;
    return this.byLabels.get(labels);
  }

  /**
   * @internal Makes a series created by a commit (or replay) visible; its ref is set. The series
   * keeps pooled labels; `tagCreator` tags the caller's Labels object for `lookup`.
   */
  attach(s: MemSeries, tagCreator: boolean): void {
    const creator = s.labels;
    s.labels = this.labelPool.intern(creator);
    s.slot = this.open.alloc();
    if (tagCreator && Object.isExtensible(creator)) {
      Object.defineProperty(creator, this.seriesTag, {
        value: s,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    this.byLabels.add(s);
    this.byRef.set(s.ref, s);
    this.postings.add(s.ref, s.labels);
    if (s.ref >= this.nextRef) this.nextRef = s.ref + 1;
  }

  /** @internal */
  detach(s: MemSeries): void {
    s.removed = true;
    this.byLabels.delete(s);
    this.byRef.delete(s.ref);
    this.postings.delete(s.ref, s.labels);
    for (const { name, value } of s.labels)
      if (this.postings.postings(name, value).length === 0) this.labelPool.release(name, value);
    this.deleted.delete(s.ref);
    s.release();
  }

  get numSeries(): number {
    return this.byRef.size;
  }

  get numSamples(): number {
    return this.sampleCount;
  }

  /** Raises the lower bound for new samples (never lowers it). */
  setMinValidTime(t: number): void {
    if (t > this.minValidTime) this.minValidTime = t;
  }

  /** Rebuilds the head from the WAL (checkpoint, then segments). Call once, before appending. */
  replay(): ReplayStats {
    return replayHead(this);
  }

  /**
   * Drops data below mint after it was written to a block: chunks that end below mint, series left
   * without data, tombstones that end below mint. Raises minValidTime to mint and checkpoints the WAL.
   * Runs in slices of `sliceMs` (default 10; tests use 0), with appends, commits and queries going on
   * in between; call it once at a time.
   */
  truncate(mint: number, sliceMs?: number): Promise<void> {
    return truncateHead(this, mint, sliceMs);
  }

  /** Tombstones [mint, maxt] of every matching series, logged in the WAL; resolves when durable. */
  async deleteSeries(matchers: readonly LabelMatcher[], mint: number, maxt: number): Promise<void> {
    const refs = postingsForMatchers(this.postings, matchers);
    if (refs.length === 0 || mint > maxt) return;
    let durable: Promise<void> | undefined;
    if (this.wal !== undefined) {
      durable = this.wal.log(encodeTombstones(refs.map((ref) => ({ ref, minTime: mint, maxTime: maxt }))));
    }
    for (const ref of refs) this.deleted.add(ref, { minTime: mint, maxTime: maxt });
    await durable;
  }

  /** Type, help and unit per metric name, as the last committed appender set them. */
  metadata(): ReadonlyMap<string, MetricMetadata> {
    return this.metadataByName;
  }

  /** @internal Adds one commit's outcome to `appendTotals`. */
  countCommit(
    appended: number,
    seriesCreated: number,
    rejected: Readonly<Record<RejectReason, number>>,
  ): void {
    const totals = this.appendTotals;
    totals.appended += appended;
    totals.seriesCreated += seriesCreated;
    for (const reason of Object.keys(rejected) as RejectReason[]) totals.rejected[reason] += rejected[reason];
  }

  stats(): HeadStats {
    let bytes =
      this.byRef.size * SERIES_OVERHEAD_BYTES +
      this.open.memoryBytes() +
      this.closed.memoryBytes() +
      appenderScratchBytes();
    for (const s of this.byRef.values()) if (s.ooo !== undefined) bytes += s.ooo.sizeBytes();
    return {
      numSeries: this.byRef.size,
      numSamples: this.sampleCount,
      numChunks: this.chunkCount,
      memoryBytes: bytes,
      minTime: this.minTime,
      maxTime: this.maxTime,
    };
  }

  get meta(): BlockMeta {
    return {
      ulid: 'head',
      minTime: this.minTime,
      maxTime: this.maxTime + 1,
      stats: { numSeries: this.byRef.size, numSamples: this.sampleCount, numChunks: this.chunkCount },
      compaction: { level: 0, sources: [] },
      resolutionMs: 0,
      version: 1,
    };
  }

  index(): IndexReader {
    return new HeadIndexReader(this);
  }

  chunks(): ChunkReader {
    return new HeadChunkReader(this);
  }

  tombstones(): TombstoneReader {
    return this.deleted;
  }

  sizeBytes(): number {
    return 0;
  }

  /** The part of the head in [mint, maxt] (both inclusive, as Prometheus's RangeHead), for a block writer. */
  rangeReader(mint: number, maxt: number): BlockReader {
    return new HeadRangeReader(this, mint, maxt);
  }
}
