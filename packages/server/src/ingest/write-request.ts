// prometheus.WriteRequest (prompb/remote.proto and prompb/types.proto, remote write 1.0) as plain
// objects, for the codec in write-request-encode.ts / write-request-decode.ts.

import type { Label, MetricType } from '@telemeter/storage';

export interface WriteSample {
  /** A stale marker is kept bit-exactly (see `STALE_NAN` / `isStaleNaN` in @telemeter/storage). */
  readonly value: number;
  /** Milliseconds since the epoch; an integer (int64 on the wire). */
  readonly timestamp: number;
}

export interface WriteExemplar {
  readonly labels: readonly Label[];
  readonly value: number;
  readonly timestamp: number;
}

export interface WriteTimeSeries {
  /** In wire order; Prometheus sends them sorted by name. */
  readonly labels: readonly Label[];
  readonly samples: readonly WriteSample[];
  readonly exemplars?: readonly WriteExemplar[];
}

export interface WriteMetadata {
  readonly type: MetricType;
  readonly metricFamilyName: string;
  readonly help: string;
  readonly unit: string;
}

export interface WriteRequest {
  readonly timeseries: readonly WriteTimeSeries[];
  readonly metadata?: readonly WriteMetadata[];
}

/** MetricMetadata.MetricType, by enum number (prompb/types.proto). Only ever added to. */
export const METADATA_TYPES: readonly MetricType[] = [
  'unknown',
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
];

// Field numbers, from prompb/remote.proto and prompb/types.proto.
export const WRITE_REQUEST_TIMESERIES = 1;
export const WRITE_REQUEST_METADATA = 3;
export const TIMESERIES_LABELS = 1;
export const TIMESERIES_SAMPLES = 2;
export const TIMESERIES_EXEMPLARS = 3;
/** Native histograms (Prometheus 2.40+); not stored by telemeter, counted and skipped. */
export const TIMESERIES_HISTOGRAMS = 4;
export const LABEL_NAME = 1;
export const LABEL_VALUE = 2;
export const SAMPLE_VALUE = 1;
export const SAMPLE_TIMESTAMP = 2;
export const EXEMPLAR_LABELS = 1;
export const EXEMPLAR_VALUE = 2;
export const EXEMPLAR_TIMESTAMP = 3;
export const METADATA_TYPE = 1;
export const METADATA_FAMILY_NAME = 2;
export const METADATA_HELP = 4;
export const METADATA_UNIT = 5;
