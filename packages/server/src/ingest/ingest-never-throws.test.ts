// Arbitrary bytes into every ingestion handler: the answer is always 204, 400 or 413 (never a
// thrown error, which the HTTP layer would turn into a 500), and a refused request writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import type { IngestContext } from './context.js';
import { handleJsonImport } from './json-import.js';
import { handleRemoteWrite } from './remote-write.js';
import { snappyCompress } from './snappy.js';
import {
  apiRequest,
  appendedCount,
  openTempIngest,
  REMOTE_WRITE_HEADERS,
  type TempIngest,
} from './testing/ingest-fixtures.js';
import { handleTextImport } from './text-import.js';
import { encodeWriteRequest } from './write-request-encode.js';

type Handler = (req: ApiRequest, ctx: IngestContext) => Promise<ApiResponse>;

/** Strings made of the characters that matter to a grammar, so inputs get past the first byte. */
function grammarish(alphabet: string, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), maxLength });
}

/** A valid input with a few bytes overwritten and maybe cut short. */
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      fc.nat(valid.length),
    )
    .map(([edits, cut]) => {
      const b = valid.slice(0, Math.max(1, cut));
      for (const [at, v] of edits) if (at < b.length) b[at] = v;
      return b;
    });
}

describe('ingestion handlers on arbitrary input', () => {
  let env: TempIngest;
  before(() => {
    env = openTempIngest({
      maxDecompressedBytes: 1 << 16,
      maxSeriesPerRequest: 20,
      maxSamplesPerRequest: 40,
    });
  });
  after(() => env.close());

  async function check(
    handler: Handler,
    body: Uint8Array,
    headers: Record<string, string>,
    query = '',
  ): Promise<void> {
    const before = appendedCount(env.db);
    const res = await handler(apiRequest({ headers, body, query }), env.ctx);
    assert.ok([204, 400, 413].includes(res.status), `status ${res.status}`);
    if (res.status !== 204) {
      assert.equal(appendedCount(env.db), before, 'a refused request wrote samples');
      const parsed = JSON.parse(Buffer.from(res.body as Uint8Array).toString()) as {
        error: string;
        code: string;
      };
      assert.match(parsed.code, /^TM_INGEST_/);
      assert.ok(parsed.error.length > 0);
    }
  }

  it('remote write: random bytes, snappy-wrapped random bytes, mutated requests', async () => {
    const valid = encodeWriteRequest({
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'fuzz_metric' },
            { name: 'job', value: 'j' },
          ],
          samples: [
            { value: 1, timestamp: 1_700_000_000_000 },
            { value: 2, timestamp: 1_700_000_001_000 },
          ],
        },
      ],
      metadata: [{ type: 'gauge', metricFamilyName: 'fuzz_metric', help: 'h', unit: '' }],
    });
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map(snappyCompress),
      mutated(valid).map(snappyCompress),
      mutated(snappyCompress(valid)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, (body) =>
        check(handleRemoteWrite, body, REMOTE_WRITE_HEADERS as Record<string, string>),
      ),
      { numRuns: 600 },
    );
  });

  it('text import: Prometheus text and OpenMetrics', async () => {
    const text = fc.oneof(
      grammarish('ab_{}=",# 1.e+-\nInfNaTYPEHLPcounter\\', 120).map((s) => new TextEncoder().encode(s)),
      fc.uint8Array({ maxLength: 120 }),
      mutated(
        new TextEncoder().encode('# TYPE a counter\n# HELP a x\na_total{b="c"} 1 1700000000000\n# EOF\n'),
      ),
    );
    const headers = fc.constantFrom(
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/openmetrics-text' },
    );
    const query = fc.constantFrom('', 'timestamp=5', 'extra_label=x=y', 'extra_label=1=2', 'timestamp=x');
    await fc.assert(
      fc.asyncProperty(text, headers, query, (body, h, q) => check(handleTextImport, body, h, q)),
      { numRuns: 600 },
    );
  });

  it('JSON import', async () => {
    const line = '{"metric":{"__name__":"j","a":"b"},"values":[1,+Inf],"timestamps":[1,2]}\n';
    const text = fc.oneof(
      grammarish('{}[]":,0123456789 \nmetricvaluestamps_eEInfNa+-.\\u', 120).map((s) =>
        new TextEncoder().encode(s),
      ),
      fc.uint8Array({ maxLength: 120 }),
      mutated(new TextEncoder().encode(line + line)),
    );
    await fc.assert(
      fc.asyncProperty(text, (body) => check(handleJsonImport, body, { 'content-type': 'application/json' })),
      { numRuns: 600 },
    );
  });
});
