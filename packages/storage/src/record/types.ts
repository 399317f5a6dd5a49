// WAL record shapes and their on-disk type ids (docs/format/wal.md, "Records").

import type { Labels, MetricType } from '../types.js';

/**
 * The first byte of every record. Ids are only ever added (a changed layout gets a new id, as
 * Prometheus added SamplesV2 beside Samples); 0 is never used, so zero-filled bytes are not a record.
 */
export const RecordType = {
  Series: 1,
  Batch: 2,
  Tombstones: 3,
} as const;

/**
 * Metric types by their byte in a batch's metadata. Only ever appended to: the index of a name is
 * what is on disk.
 */
export const METRIC_TYPE_IDS: readonly MetricType[] = [
  'unknown',
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
];

/** A series the head created, by the ref that samples in the same or later records use. */
export interface RecordSeries {
  readonly ref: number;
  readonly labels: Labels;
}

export interface RecordMetadata {
  readonly metricName: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** Deletes [minTime, maxTime] (inclusive) of series `ref`; the times may be ±Infinity. */
export interface RecordTombstone {
  readonly ref: number;
  readonly minTime: number;
  readonly maxTime: number;
}

/** What `encodeBatch` takes: one appender commit. */
export interface BatchInput {
  /** Series first seen in this batch; they come before the samples that use them on replay. */
  readonly series?: readonly RecordSeries[];
  /** Parallel arrays: sample i is (refs[i], ts[i], vs[i]). */
  readonly refs: ArrayLike<number>;
  /** Integer milliseconds; within one batch each must differ from ts[0] by less than 2^52. */
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
  readonly metadata?: readonly RecordMetadata[];
}

/**
 * A decoded batch. The sample columns are typed arrays: `vs` holds the bytes from disk unchanged,
 * so a stale marker keeps Prometheus's exact bits (`isStaleNaN` recognises it either way).
 */
export interface BatchRecord {
  readonly type: 'batch';
  readonly series: RecordSeries[];
  readonly refs: Float64Array;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly metadata: RecordMetadata[];
}

/** Series definitions alone: what a checkpoint keeps of the series still in the head. */
export interface SeriesRecord {
  readonly type: 'series';
  readonly series: RecordSeries[];
}

export interface TombstonesRecord {
  readonly type: 'tombstones';
  readonly tombstones: RecordTombstone[];
}

export type WalRecord = BatchRecord | SeriesRecord | TombstonesRecord;
