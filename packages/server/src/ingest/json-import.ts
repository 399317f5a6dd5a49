// POST /api/v1/import: VictoriaMetrics' JSON-lines format, one series per line (json-lines.ts),
// so data exported from VictoriaMetrics (`/api/v1/export`) imports unchanged.

import type { ApiRequest, ApiResponse } from '../http/types.js';
import { bodyText, decodedBody, headerValue, mediaType } from './content.js';
import type { IngestContext } from './context.js';
import { IngestError } from './errors.js';
import { extraLabels, withExtraLabels } from './import-params.js';
import { JsonLineError, parseJsonLine } from './json-lines.js';
import { canonicalLabelsOf, labelProblem } from './label-rules.js';
import { runIngest } from './respond.js';
import { checkCounts, commitBatch, SampleBatch } from './sample-batch.js';

const WHAT = 'json import';
/** Anything JSON-ish, plus what `curl -d` / `curl -T` send by default. */
const ACCEPTED_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/jsonl',
  'application/json-lines',
  'application/stream+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
]);

function fail(line: number, message: string): IngestError {
  return new IngestError('TM_INGEST_PARSE', `${WHAT}: line ${line}: ${message}`);
}

function parse(text: string, req: ApiRequest, ctx: IngestContext): SampleBatch {
  const extra = extraLabels(req.params, WHAT);
  const batch = new SampleBatch();
  let lineNo = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    let parsed: ReturnType<typeof parseJsonLine>;
    try {
      parsed = parseJsonLine(line);
    } catch (err) {
      if (err instanceof JsonLineError) throw fail(lineNo, `column ${err.column}: ${err.message}`);
      throw err;
    }
    const { values, timestamps } = parsed;
    if (values.length !== timestamps.length) {
      throw fail(lineNo, `values and timestamps differ in length (${values.length} vs ${timestamps.length})`);
    }
    const labels = withExtraLabels(parsed.labels, extra);
    for (const l of labels) {
      const problem = labelProblem(l.name, l.value);
      if (problem !== undefined)
        throw new IngestError('TM_INGEST_INVALID_LABELS', `${WHAT}: line ${lineNo}: ${problem}`);
    }
    const series = batch.addSeries(canonicalLabelsOf(labels, `${WHAT}: line ${lineNo}: `));
    for (let i = 0; i < values.length; i++) batch.add(series, timestamps[i] as number, values[i] as number);
    if (batch.series.length > ctx.limits.maxSeriesPerRequest || batch.n > ctx.limits.maxSamplesPerRequest) {
      // Stop early: the rest of a body this large would only be parsed to be refused.
      checkCounts(ctx.limits, `${WHAT}: by line ${lineNo}`, batch.series.length, batch.n);
    }
  }
  return batch;
}

/**
 * POST /api/v1/import. One `{"metric":{...},"values":[...],"timestamps":[...]}` per line;
 * `extra_label=name=value` (repeatable). 204 when stored; 400/413/415 refuse the whole request.
 */
export function handleJsonImport(req: ApiRequest, ctx: IngestContext): Promise<ApiResponse> {
  return runIngest(req, ctx, 'json_lines', async () => {
    const type = mediaType(headerValue(req, 'content-type'));
    if (type !== undefined && !ACCEPTED_TYPES.has(type)) {
      throw new IngestError(
        'TM_INGEST_UNSUPPORTED_MEDIA_TYPE',
        `${WHAT}: Content-Type ${JSON.stringify(type)} is not supported: send JSON lines as application/json or application/x-ndjson`,
      );
    }
    const body = await decodedBody(req, ctx.limits, WHAT);
    const batch = parse(bodyText(body, WHAT), req, ctx);
    await commitBatch(ctx, 'json_lines', batch);
  });
}
