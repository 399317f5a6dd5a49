import type { DB } from '@telemeter/storage';
import type { IngestMetrics } from './ingest-metrics.js';

/** Per-request limits; a request over any of them is refused whole with 413. */
export interface IngestLimits {
  /** Body size after snappy / gzip decompression (remote write: the size snappy declares). */
  readonly maxDecompressedBytes: number;
  /** Series in one request: remote-write TimeSeries entries, text sample lines, JSON lines. */
  readonly maxSeriesPerRequest: number;
  /** Samples in one request. */
  readonly maxSamplesPerRequest: number;
}

export interface IngestContext {
  readonly db: DB;
  readonly limits: IngestLimits;
  readonly metrics: IngestMetrics;
  /** Wall clock in ms for samples that come without a timestamp; default `Date.now`. */
  readonly now?: () => number;
}
