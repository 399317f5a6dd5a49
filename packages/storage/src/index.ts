// @telemeter/storage — public API. Sections are filled in as the layers land.

export type {
  Appender,
  BlockMeta,
  BlockReader,
  Chunk,
  ChunkMeta,
  ChunkReader,
  CommitResult,
  IndexReader,
  Interval,
  Label,
  LabelMatcher,
  Labels,
  MatchType,
  MetricMetadata,
  MetricType,
  Querier,
  RejectReason,
  RollupAggregate,
  SampleIterator,
  SelectHints,
  Series,
  SeriesEntry,
  StorageLogger,
  TombstoneReader,
} from './types.js';
export { CorruptionError, StorageError, type StorageErrorCode } from './errors.js';
export { isStaleNaN, STALE_NAN } from './value.js';
export {
  compareLabels,
  formatLabels,
  getLabel,
  labelsEqual,
  labelsFromRecord,
  labelsKey,
  labelsToRecord,
  METRIC_NAME_LABEL,
  metricName,
  normalizeLabels,
} from './labels/labels.js';
export { createMatcher, matchesLabels, matchesValue } from './labels/matchers.js';
export { anchoredGoRegExp, goRegexToJs } from './labels/go-regex.js';

// The store
export { DB, openDB } from './db/db.js';
export type { DBOptions, DownsampleOptions, FsyncPolicy } from './db/options.js';
export type { BlockStats, DBStats } from './db/stats.js';

// Layers, for tools and tests that work below the DB (see docs/design/storage-api.md)
export { chunkFromBytes, Encoding, isValidEncoding } from './chunkenc/encoding.js';
export { encodeSealed, SEALED_CHUNK_SAMPLES } from './chunkenc/sealed.js';
export { XorChunk } from './chunkenc/xor.js';
export { Wal, type WalOptions, type WalStats } from './wal/wal.js';
export { decodeRecord } from './record/decode.js';
export { encodeBatch } from './record/batch.js';
export { encodeSeries } from './record/series.js';
export { encodeTombstones } from './record/tombstones.js';
export type { WalRecord } from './record/types.js';
export { Head, type HeadOptions, type HeadStats } from './head/head.js';
export type { HeadAppender } from './head/head-appender.js';
export {
  intersect,
  MemPostings,
  postingsForMatchers,
  type PostingsSource,
  subtract,
  union,
} from './index/postings.js';
export { Block, openBlock } from './block/block.js';
export { DEFAULT_PAGE_CACHE_BYTES, setPageCacheBytes } from './block/chunks-reader.js';
export {
  type AsyncBlockInput,
  type BlockInput,
  type BlockSeriesInput,
  writeBlock,
  writeBlockAsync,
} from './block/write-block.js';
export { createQuerier } from './querier/querier.js';
export { mergeSampleIterators } from './querier/merge-iterator.js';
export { ROLLUP_LABEL } from './querier/rollup-plan.js';
export { compactBlocks, type CompactOptions } from './compact/compact.js';
export { exponentialBlockRanges, planCompaction } from './compact/plan.js';
export { downsampleBlock } from './downsample/downsample.js';
