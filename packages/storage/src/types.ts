// The small interfaces at the joins between the storage layers (see docs/design/storage-api.md).
// Every layer — chunk encodings, head, blocks, querier, compactor — talks through these.

/** One label pair. */
export interface Label {
  readonly name: string;
  readonly value: string;
}

/**
 * A series' identity: label pairs sorted by name, names unique, no empty values, `__name__` included.
 * Build one with `labelsFromRecord` / `normalizeLabels` (labels/labels.ts), which enforce this.
 */
export type Labels = readonly Label[];

export type MatchType = '=' | '!=' | '=~' | '!~';

/**
 * A PromQL label matcher. Prometheus semantics: regexes are fully anchored; a matcher that matches
 * the empty string also matches series that lack the label (`{foo=""}` selects series without foo).
 */
export interface LabelMatcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/**
 * Iterates samples in ascending timestamp order without allocating per sample. After `next()` or
 * `seek()` returned true, `t` and `v` hold the current sample. Decoding failures end the iteration
 * and are reported by `err()` so tight loops need no try/catch (Prometheus's Iterator contract).
 */
export interface SampleIterator {
  next(): boolean;
  /** Advances to the first sample with timestamp >= t (staying put if already there); false if none. */
  seek(t: number): boolean;
  /** Timestamp in ms of the current sample (int64 semantics; exact in a double up to 2^53). */
  readonly t: number;
  /** Value of the current sample; a stale marker is a NaN for which `isStaleNaN` (value.ts) is true. */
  readonly v: number;
  err(): Error | undefined;
}

/** Where a chunk lives and what it spans; `ref` is meaningful only to the ChunkReader that issued it. */
export interface ChunkMeta {
  readonly ref: number;
  readonly minTime: number;
  readonly maxTime: number;
  readonly numSamples: number;
}

/** An encoded run of samples of one series. */
export interface Chunk {
  /** Encoding id (chunkenc/encoding.ts); stored on disk, only ever added to. */
  readonly encoding: number;
  readonly numSamples: number;
  /** The encoded payload (without the encoding byte). */
  bytes(): Uint8Array;
  iterator(): SampleIterator;
  /**
   * An iterator that returns every sample at or after `mint` and may skip (without decoding) some
   * before it; chunks that can resume mid-way (the head's closed chunks) implement it.
   */
  iteratorFrom?(mint: number): SampleIterator;
}

export interface ChunkReader {
  chunk(meta: ChunkMeta): Chunk;
}

/** A series as stored in one block or the head: its labels and its chunks in time order. */
export interface SeriesEntry {
  readonly labels: Labels;
  readonly chunks: readonly ChunkMeta[];
}

/**
 * Label index of one block (or the head). Series refs are numbers; within a block, refs ascend in
 * label order, so a postings list sorted by ref is also sorted by labels.
 */
export interface IndexReader {
  /** Sorted series refs that carry name=value (empty when none). */
  postings(name: string, value: string): readonly number[];
  /** Sorted refs of every series. */
  allPostings(): readonly number[];
  /** Sorted refs of the series that satisfy every matcher (at least one matcher required). */
  postingsForMatchers(matchers: readonly LabelMatcher[]): readonly number[];
  series(ref: number): SeriesEntry | undefined;
  labelNames(): string[];
  labelValues(name: string): string[];
  /** Refs sorted by the series' labels (a block's refs already are; the head sorts them here). */
  sortedByLabels(refs: readonly number[]): readonly number[];
}

/** A time range deleted from one series by a tombstone: [minTime, maxTime], both inclusive. */
export interface Interval {
  readonly minTime: number;
  readonly maxTime: number;
}

export interface TombstoneReader {
  /** Deleted intervals of series `ref`, sorted and non-overlapping; empty when none. */
  get(ref: number): readonly Interval[];
  /** How many series have tombstones. */
  readonly size: number;
}

/** Data downsampled into rollups carries `resolutionMs > 0` and one aggregate per rollup series. */
export type RollupAggregate = 'min' | 'max' | 'sum' | 'count' | 'last';

export interface BlockMeta {
  readonly ulid: string;
  readonly minTime: number;
  /** Exclusive upper bound, as in Prometheus: the block holds samples with minTime <= t < maxTime. */
  readonly maxTime: number;
  readonly stats: { numSeries: number; numSamples: number; numChunks: number };
  readonly compaction: { level: number; sources: readonly string[] };
  /** 0 for raw data; the rollup step in ms for downsampled blocks. */
  readonly resolutionMs: number;
  readonly version: number;
}

/** What a query reads from: the head or one persisted block. */
export interface BlockReader {
  readonly meta: BlockMeta;
  index(): IndexReader;
  chunks(): ChunkReader;
  tombstones(): TombstoneReader;
  /** Bytes on disk (0 for the head). */
  sizeBytes(): number;
}

/** A series returned by a querier: merged across head and blocks, deduplicated, tombstones applied. */
export interface Series {
  readonly labels: Labels;
  iterator(): SampleIterator;
}

/** Optional hints from the PromQL engine; the storage may ignore them. */
export interface SelectHints {
  /** Range-query step in ms. */
  readonly stepMs?: number;
  /** Function the selector feeds (`rate`, `max_over_time`, ...): picks the rollup aggregate. */
  readonly func?: string;
  /** Rollups of at most this resolution may stand in for raw data (0 = raw only where raw exists). */
  readonly maxResolutionMs?: number;
}

export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown';

export interface MetricMetadata {
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** The read interface the PromQL engine uses. Reads are synchronous (see docs/storage.md, "Reads"). */
export interface Querier {
  readonly minTime: number;
  readonly maxTime: number;
  /** Series matching every matcher, sorted by labels, with samples in [minTime, maxTime]. */
  select(matchers: readonly LabelMatcher[], hints?: SelectHints): Series[];
  labelNames(matchers?: readonly LabelMatcher[]): string[];
  labelValues(name: string, matchers?: readonly LabelMatcher[]): string[];
  close(): void;
}

/** Why a sample was not appended; each is counted per commit and in the DB's totals. */
export type RejectReason = 'out_of_order' | 'duplicate' | 'too_old' | 'invalid';

export interface CommitResult {
  readonly appended: number;
  readonly seriesCreated: number;
  readonly rejected: Readonly<Record<RejectReason, number>>;
}

/**
 * Collects one batch (a scrape, a remote-write request). Nothing is visible or durable until
 * `commit()`; the accepted samples of a batch are written as one WAL record, so after a crash a
 * batch is either wholly there or wholly absent.
 */
export interface Appender {
  append(labels: Labels, t: number, v: number): void;
  setMetadata(metricName: string, metadata: MetricMetadata): void;
  /** Resolves once the batch is in the WAL and durable under the fsync policy. */
  commit(): Promise<CommitResult>;
  rollback(): void;
}

/** Where log lines go; the default writes warnings to stderr. */
export interface StorageLogger {
  warn(message: string): void;
  info(message: string): void;
}
