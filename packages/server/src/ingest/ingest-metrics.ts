import type { Counter, Registry } from '@telemeter/core';
import type { CommitResult, RejectReason } from '@telemeter/storage';

/** The `protocol` label: which endpoint and format a request came in with. */
export type IngestProtocol = 'remote_write' | 'prometheus_text' | 'openmetrics' | 'json_lines';

/** Why a sample of an accepted request was not stored: the store's reasons, plus native histograms. */
export type IngestRejectReason = RejectReason | 'native_histogram';

const STORE_REASONS: readonly RejectReason[] = ['too_old', 'out_of_order', 'duplicate', 'invalid'];

/** The ingestion handlers' own metrics; create once per registry (a second call returns the same ones). */
export class IngestMetrics {
  private readonly requests: Counter<readonly ['protocol', 'code']>;
  private readonly samples: Counter<readonly ['protocol']>;
  private readonly rejected: Counter<readonly ['protocol', 'reason']>;
  private readonly bytes: Counter<readonly ['protocol']>;

  constructor(registry: Registry) {
    this.requests = registry.counter({
      name: 'telemeter_ingest_requests_total',
      help: 'Ingestion requests answered, by protocol and HTTP status code.',
      labelNames: ['protocol', 'code'] as const,
    });
    this.samples = registry.counter({
      name: 'telemeter_ingest_samples_total',
      help: 'Samples stored from ingestion requests, by protocol.',
      labelNames: ['protocol'] as const,
    });
    this.rejected = registry.counter({
      name: 'telemeter_ingest_samples_rejected_total',
      help: 'Samples of accepted ingestion requests that were not stored: too_old, out_of_order, duplicate, invalid (rejected by the store) or native_histogram (not supported).',
      labelNames: ['protocol', 'reason'] as const,
    });
    this.bytes = registry.counter({
      name: 'telemeter_ingest_request_bytes_total',
      help: 'Request body bytes received by the ingestion endpoints, as sent (compressed when compressed).',
      labelNames: ['protocol'] as const,
    });
  }

  /** One answered request and its body size. */
  request(protocol: IngestProtocol, status: number, bodyBytes: number): void {
    this.requests.labels({ protocol, code: String(status) }).inc();
    if (bodyBytes > 0) this.bytes.labels({ protocol }).inc(bodyBytes);
  }

  /** What the store did with a committed batch. */
  committed(protocol: IngestProtocol, result: CommitResult): void {
    if (result.appended > 0) this.samples.labels({ protocol }).inc(result.appended);
    for (const reason of STORE_REASONS) {
      const n = result.rejected[reason];
      if (n > 0) this.rejected.labels({ protocol, reason }).inc(n);
    }
  }

  rejectedSamples(protocol: IngestProtocol, reason: IngestRejectReason, n: number): void {
    if (n > 0) this.rejected.labels({ protocol, reason }).inc(n);
  }
}

/** The metrics of the ingestion handlers, registered in `registry`. */
export function createIngestMetrics(registry: Registry): IngestMetrics {
  return new IngestMetrics(registry);
}
