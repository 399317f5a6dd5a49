/**
 * Why an ingestion request was refused. Codes are stable (branch on them, not on messages) and
 * only ever added to; each maps to one HTTP status.
 */
export type IngestErrorCode =
  /** The snappy block is damaged (400). */
  | 'TM_INGEST_SNAPPY_CORRUPT'
  /** The protobuf bytes are not a prometheus.WriteRequest (400). */
  | 'TM_INGEST_PROTOBUF_INVALID'
  /** A series' labels break Prometheus's rules: name syntax, duplicates, no metric name (400). */
  | 'TM_INGEST_INVALID_LABELS'
  /** A text exposition or a JSON line does not parse (400). */
  | 'TM_INGEST_PARSE'
  /** A query parameter (`timestamp`, `extra_label`) is malformed (400). */
  | 'TM_INGEST_INVALID_PARAM'
  /** Decompressed size, series or samples over the configured per-request limit (413). */
  | 'TM_INGEST_TOO_LARGE'
  /** Content-Type, Content-Encoding or protocol version the endpoint does not speak (415). */
  | 'TM_INGEST_UNSUPPORTED_MEDIA_TYPE';

const STATUS: Readonly<Record<IngestErrorCode, number>> = {
  TM_INGEST_SNAPPY_CORRUPT: 400,
  TM_INGEST_PROTOBUF_INVALID: 400,
  TM_INGEST_INVALID_LABELS: 400,
  TM_INGEST_PARSE: 400,
  TM_INGEST_INVALID_PARAM: 400,
  TM_INGEST_TOO_LARGE: 413,
  TM_INGEST_UNSUPPORTED_MEDIA_TYPE: 415,
};

/** A request the ingestion handlers refuse as a whole; nothing of it was written. */
export class IngestError extends Error {
  readonly code: IngestErrorCode;
  /** The HTTP status the handler answers with. */
  readonly status: number;

  constructor(code: IngestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
    this.status = STATUS[code];
  }
}
