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
