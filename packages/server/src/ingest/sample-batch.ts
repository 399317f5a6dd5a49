// The samples of one request after parsing and validation, before anything is appended: the
// handlers fill a SampleBatch completely (a malformed request throws before `commitBatch`), then
// append it through one appender and one commit, so an accepted request is one WAL record.

import type { Labels, MetricMetadata } from '@telemeter/storage';
import type { IngestContext, IngestLimits } from './context.js';
import { IngestError } from './errors.js';
import type { IngestProtocol } from './ingest-metrics.js';

export class SampleBatch {
  /** Canonical labels, one entry per series. */
  series: Labels[] = [];
  /** For sample i: its series' index in `series`. */
  seriesOf: Int32Array;
  timestamps: Float64Array;
  values: Float64Array;
  n = 0;
  /** Metadata by metric family name. */
  readonly metadata = new Map<string, MetricMetadata>();

  constructor(capacity = 64) {
    this.seriesOf = new Int32Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  addSeries(labels: Labels): number {
    return this.series.push(labels) - 1;
  }

  add(series: number, t: number, v: number): void {
    const n = this.n;
    if (n === this.timestamps.length) this.grow();
    this.seriesOf[n] = series;
    this.timestamps[n] = t;
    this.values[n] = v;
    this.n = n + 1;
  }

  private grow(): void {
    const cap = Math.max(64, this.timestamps.length * 2);
    const seriesOf = new Int32Array(cap);
    const timestamps = new Float64Array(cap);
    const values = new Float64Array(cap);
    seriesOf.set(this.seriesOf);
    timestamps.set(this.timestamps);
    values.set(this.values);
    this.seriesOf = seriesOf;
    this.timestamps = timestamps;
    this.values = values;
  }
}

/** 413 when a request holds more series or samples than the limits allow. */
export function checkCounts(limits: IngestLimits, what: string, series: number, samples: number): void {
  if (series > limits.maxSeriesPerRequest) {
    throw new IngestError(
      'TM_INGEST_TOO_LARGE',
      `${what}: ${series} series exceed the limit of ${limits.maxSeriesPerRequest} per request (ingestion.max_series_per_request); send smaller batches`,
    );
  }
  if (samples > limits.maxSamplesPerRequest) {
    throw new IngestError(
      'TM_INGEST_TOO_LARGE',
      `${what}: ${samples} samples exceed the limit of ${limits.maxSamplesPerRequest} per request (ingestion.max_samples_per_request); send smaller batches`,
    );
  }
}

/** Appends the whole batch with one appender and one commit; counts what the store rejected. */
export async function commitBatch(
  ctx: IngestContext,
  protocol: IngestProtocol,
  batch: SampleBatch,
): Promise<void> {
  if (batch.n === 0 && batch.metadata.size === 0) return;
  const app = ctx.db.appender();
  try {
    for (const [name, metadata] of batch.metadata) app.setMetadata(name, metadata);
    const { series, seriesOf, timestamps, values, n } = batch;
    for (let i = 0; i < n; i++) {
      app.append(series[seriesOf[i] as number] as Labels, timestamps[i] as number, values[i] as number);
    }
  } catch (err) {
    app.rollback();
    throw err;
  }
  ctx.metrics.committed(protocol, await app.commit());
}
