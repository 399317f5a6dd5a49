// POST /api/v1/write: Prometheus remote write 1.0 — a snappy-compressed prometheus.WriteRequest
// (docs/format/remote-write.md).

import type { ApiRequest, ApiResponse } from '../http/types.js';
import { headerValue, mediaParam, mediaType } from './content.js';
import type { IngestContext } from './context.js';
import { IngestError } from './errors.js';
import { LabelCache } from './label-cache.js';
import { isValidMetricName } from './label-rules.js';
import { runIngest } from './respond.js';
import { checkCounts, commitBatch, SampleBatch } from './sample-batch.js';
import { snappyUncompress } from './snappy.js';
import { decodeWriteRequestColumns } from './write-request-decode.js';

/** One cache for the process, made on first use (~10 MB of tables); it only holds validated labels. */
let labelCache: LabelCache | undefined;

const PROTOBUF = 'application/x-protobuf';
/** The `proto` Content-Type parameter of remote write 1.0, when a sender names it. */
const PROTO_V1 = 'prometheus.WriteRequest';

function unsupported(message: string): IngestError {
  return new IngestError('TM_INGEST_UNSUPPORTED_MEDIA_TYPE', `remote-write: ${message}`);
}

function checkHeaders(req: ApiRequest): void {
  const encoding = headerValue(req, 'content-encoding')?.trim().toLowerCase();
  if (encoding !== 'snappy') {
    throw unsupported(
      encoding === undefined
        ? 'Content-Encoding: snappy is required (remote write 1.0 bodies are snappy-compressed protobuf)'
        : `Content-Encoding ${JSON.stringify(encoding)} is not supported: remote write 1.0 requires snappy`,
    );
  }
  const contentType = headerValue(req, 'content-type');
  const type = mediaType(contentType);
  if (type !== PROTOBUF) {
    throw unsupported(
      type === undefined
        ? `Content-Type: ${PROTOBUF} is required`
        : `Content-Type ${JSON.stringify(type)} is not supported: remote write 1.0 requires ${PROTOBUF}`,
    );
  }
  const proto = mediaParam(contentType, 'proto');
  if (proto !== undefined && proto !== PROTO_V1) {
    throw unsupported(
      `Content-Type proto=${proto} is not supported: telemeter accepts remote write 1.0 (proto=${PROTO_V1})`,
    );
  }
  const version = headerValue(req, 'x-prometheus-remote-write-version')?.trim();
  if (version !== undefined && !/^0\.1(\.\d+)?$/.test(version)) {
    throw unsupported(
      `X-Prometheus-Remote-Write-Version ${JSON.stringify(version)} is not supported: telemeter speaks 0.1.0 (remote write 1.0)`,
    );
  }
}

/** Decodes and validates the whole request into a batch; throws IngestError before anything is written. */
function parse(body: Uint8Array, ctx: IngestContext): { batch: SampleBatch; histograms: number } {
  const raw = snappyUncompress(body, ctx.limits.maxDecompressedBytes);
  // Labels are validated while decoding (label-cache.ts), so an invalid series stops the decode.
  const decoded = decodeWriteRequestColumns(raw, (labelCache ??= new LabelCache()));
  checkCounts(ctx.limits, 'remote-write', decoded.seriesLabels.length, decoded.samples);
  const batch = new SampleBatch(0);
  const seriesOf = new Int32Array(decoded.samples);
  const { seriesEnd } = decoded;
  for (let i = 0, from = 0; i < seriesEnd.length; i++) {
    const to = seriesEnd[i] as number;
    if (to - from === 1) seriesOf[from] = i;
    else if (to > from) seriesOf.fill(i, from, to);
    from = to;
  }
  decoded.metadata.forEach((m, i) => {
    if (!isValidMetricName(m.metricFamilyName)) {
      throw new IngestError(
        'TM_INGEST_INVALID_LABELS',
        `remote-write: metadata[${i}]: metric family name ${JSON.stringify(m.metricFamilyName)} is invalid: names match [a-zA-Z_:][a-zA-Z0-9_:]*`,
      );
    }
    batch.metadata.set(m.metricFamilyName, { type: m.type, help: m.help, unit: m.unit });
  });
  batch.series = decoded.seriesLabels;
  batch.seriesOf = seriesOf;
  batch.timestamps = decoded.timestamps;
  batch.values = decoded.values;
  batch.n = decoded.samples;
  return { batch, histograms: decoded.histograms };
}

/**
 * POST /api/v1/write. 204 when stored (samples the store refuses — too old, out of order,
 * duplicate — are counted, not errors); 400 for a malformed request, 413 over the limits, 415 for
 * the wrong headers. Nothing of a refused request is written.
 */
export function handleRemoteWrite(req: ApiRequest, ctx: IngestContext): Promise<ApiResponse> {
  return runIngest(req, ctx, 'remote_write', async () => {
    checkHeaders(req);
    const { batch, histograms } = parse(req.body, ctx);
    await commitBatch(ctx, 'remote_write', batch);
    ctx.metrics.rejectedSamples('remote_write', 'native_histogram', histograms);
  });
}
