// Ingestion: remote write 1.0, Prometheus text / OpenMetrics import and VictoriaMetrics JSON-lines
// import (docs/design/server-api.md "ingest/", docs/format/remote-write.md, docs/ingestion.md).

export type { IngestContext, IngestLimits } from './context.js';
export { IngestError, type IngestErrorCode } from './errors.js';
export {
  createIngestMetrics,
  IngestMetrics,
  type IngestProtocol,
  type IngestRejectReason,
} from './ingest-metrics.js';
export { handleJsonImport } from './json-import.js';
export { isValidLabelName, isValidMetricName } from './label-rules.js';
export { handleRemoteWrite } from './remote-write.js';
export { snappyCompress, snappyUncompress } from './snappy.js';
export { handleTextImport } from './text-import.js';
export type {
  WriteExemplar,
  WriteMetadata,
  WriteRequest,
  WriteSample,
  WriteTimeSeries,
} from './write-request.js';
export { decodeWriteRequest } from './write-request-decode.js';
export { encodeWriteRequest } from './write-request-encode.js';
