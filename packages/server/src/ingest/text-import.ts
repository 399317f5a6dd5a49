// POST /api/v1/import/prometheus: a Prometheus text (0.0.4) or OpenMetrics 1.0 exposition, parsed
// with @telemeter/core's parser, as VictoriaMetrics' endpoint of the same path.

import {
  createExpositionParser,
  ExpositionParseError,
  type ParsedFamilyInfo,
  type ParsedSample,
  type ParseFormat,
} from '@telemeter/core';
import { type Label, METRIC_NAME_LABEL } from '@telemeter/storage';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { bodyText, decodedBody, headerValue, mediaType } from './content.js';
import type { IngestContext } from './context.js';
import { IngestError } from './errors.js';
import { defaultTimestamp, extraLabels, withExtraLabels } from './import-params.js';
import { canonicalLabelsOf, labelProblem } from './label-rules.js';
import { runIngest } from './respond.js';
import { checkCounts, commitBatch, SampleBatch } from './sample-batch.js';

const WHAT = 'text import';
const OPENMETRICS = 'application/openmetrics-text';
/**
 * Media types read as Prometheus text. Form-urlencoded is what `curl -d` sends by default, and
 * VictoriaMetrics accepts it on this path too; octet-stream is what generic clients send.
 */
const PROMETHEUS_TYPES = new Set([
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
]);

function formatOf(req: ApiRequest): ParseFormat | undefined {
  const type = mediaType(headerValue(req, 'content-type'));
  if (type === OPENMETRICS) return 'openmetrics';
  if (type === undefined || PROMETHEUS_TYPES.has(type)) return 'prometheus';
  return undefined;
}

function parse(text: string, format: ParseFormat, req: ApiRequest, ctx: IngestContext): SampleBatch {
  const extra = extraLabels(req.params, WHAT);
  const fallbackTs = defaultTimestamp(req.params, ctx.now ?? Date.now, WHAT);
  const batch = new SampleBatch();
  const families: ParsedFamilyInfo[] = [];
  const onSample = (sample: ParsedSample): void => {
    const pairs: Label[] = [{ name: METRIC_NAME_LABEL, value: sample.name }];
    for (const name in sample.labels) pairs.push({ name, value: sample.labels[name] as string });
    const labels = withExtraLabels(pairs, extra);
    for (const l of labels) {
      // The parser already enforces the syntax; this keeps the rules identical to remote write.
      const problem = labelProblem(l.name, l.value);
      if (problem !== undefined) throw new IngestError('TM_INGEST_INVALID_LABELS', `${WHAT}: ${problem}`);
    }
    const series = batch.addSeries(canonicalLabelsOf(labels, `${WHAT}: `));
    // OpenMetrics timestamps are seconds and may have sub-millisecond digits; Prometheus truncates.
    const t = sample.timestamp === undefined ? fallbackTs : Math.trunc(sample.timestamp);
    batch.add(series, t, sample.value);
  };
  const parser = createExpositionParser({ format, onSample, onFamily: (f) => families.push(f) });
  try {
    parser.write(text);
    parser.end();
  } catch (err) {
    if (err instanceof ExpositionParseError) {
      throw new IngestError('TM_INGEST_PARSE', `${WHAT}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  for (const f of families) {
    if (f.type === 'unknown' && f.help === '' && f.unit === '') continue;
    batch.metadata.set(f.name, { type: f.type, help: f.help, unit: f.unit });
  }
  checkCounts(ctx.limits, WHAT, batch.series.length, batch.n);
  return batch;
}

/**
 * POST /api/v1/import/prometheus. Prometheus text, or OpenMetrics when Content-Type is
 * application/openmetrics-text; `timestamp` (ms) for samples without one (default now);
 * `extra_label=name=value` (repeatable). 204 when stored; 400/413/415 refuse the whole request.
 */
export function handleTextImport(req: ApiRequest, ctx: IngestContext): Promise<ApiResponse> {
  const format = formatOf(req);
  return runIngest(req, ctx, format === 'openmetrics' ? 'openmetrics' : 'prometheus_text', async () => {
    if (format === undefined) {
      throw new IngestError(
        'TM_INGEST_UNSUPPORTED_MEDIA_TYPE',
        `${WHAT}: Content-Type ${JSON.stringify(mediaType(headerValue(req, 'content-type')))} is not supported: send text/plain (Prometheus text 0.0.4) or ${OPENMETRICS}`,
      );
    }
    const body = await decodedBody(req, ctx.limits, WHAT);
    const batch = parse(bodyText(body, WHAT), format, req, ctx);
    await commitBatch(ctx, format === 'openmetrics' ? 'openmetrics' : 'prometheus_text', batch);
  });
}
