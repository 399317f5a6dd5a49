import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { handleJsonImport } from './json-import.js';
import {
  apiRequest,
  appendedCount,
  metricValue,
  openTempIngest,
  storedSamples,
  type TempIngest,
} from './testing/ingest-fixtures.js';

const JSON_TYPE: IncomingHttpHeaders = { 'content-type': 'application/json' };

async function post(env: TempIngest, body: string, query = '', headers = JSON_TYPE) {
  const res = await handleJsonImport(apiRequest({ path: '/api/v1/import', headers, body, query }), env.ctx);
  const text = res.body === undefined ? '' : Buffer.from(res.body).toString();
  return {
    status: res.status,
    error: text === '' ? undefined : (JSON.parse(text) as { error: string; code: string }),
  };
}

async function refused(env: TempIngest, status: number, body: string, query = '', headers = JSON_TYPE) {
  const before = appendedCount(env.db);
  const res = await post(env, body, query, headers);
  assert.equal(res.status, status, JSON.stringify(res.error));
  assert.equal(appendedCount(env.db), before, 'a refused request writes nothing');
  return res.error as { error: string; code: string };
}

describe('handleJsonImport', () => {
  let env: TempIngest;
  before(() => {
    env = openTempIngest({ maxSeriesPerRequest: 3, maxSamplesPerRequest: 10 });
  });
  after(() => env.close());

  it('imports VictoriaMetrics JSON lines', async () => {
    const body = [
      '{"metric":{"__name__":"up","job":"node","instance":"a:9100"},"values":[1,0,1],"timestamps":[1700000000000,1700000015000,1700000030000]}',
      '',
      ' { "timestamps" : [ 1700000000000 , 1700000001000 ] , "values" : [ +Inf , 2.5e-3 ] , "metric" : { "__name__" : "odd", "path" : "/a\\"b\\u00e9" } } \r',
      '{"metric":{"__name__":"nan_value"},"values":[NaN],"timestamps":[1]}',
    ].join('\n');
    const res = await post(env, body);
    assert.equal(res.status, 204, res.error?.error);
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('up{instance="a:9100", job="node"}'), [
      [1_700_000_000_000, 1],
      [1_700_000_015_000, 0],
      [1_700_000_030_000, 1],
    ]);
    assert.deepEqual(stored.get('odd{path="/a\\"bé"}'), [
      [1_700_000_000_000, Number.POSITIVE_INFINITY],
      [1_700_000_001_000, 0.0025],
    ]);
    assert.ok(Number.isNaN(stored.get('nan_value')?.[0]?.[1]));
    assert.equal(await metricValue(env.registry, 'telemeter_ingest_samples_total{protocol="json_lines"}'), 6);
  });

  it('adds extra_label to every line', async () => {
    const body = '{"metric":{"__name__":"x","env":"dev"},"values":[1],"timestamps":[5]}\n';
    assert.equal((await post(env, body, 'extra_label=env=prod&extra_label=region=eu')).status, 204);
    assert.deepEqual(storedSamples(env.db).get('x{env="prod", region="eu"}'), [[5, 1]]);
  });

  it('refuses the whole request for one bad line, naming line and column', async () => {
    const good = '{"metric":{"__name__":"g"},"values":[1],"timestamps":[1]}';
    const cases: [string, string][] = [
      [
        `${good}\n${good}\n${good}\n{"metric":{"__name__":"y"},"values":[1,2,3],"timestamps":[1,2]}`,
        'json import: line 4: values and timestamps differ in length (3 vs 2)',
      ],
      [
        `${good}\n{"metric":{"__name__":"y"},"values":[1],"timestamps":[1.5]}`,
        'json import: line 2: column 55: timestamps[0]: 1.5 is not an integer number of milliseconds',
      ],
      [
        '{"metric":{"__name__":"y"} "values":[1],"timestamps":[1]}',
        'json import: line 1: column 28: expected "," or "}" after the value of "metric", found "\\""',
      ],
      ['{"metric":{"__name__":"y"},"values":[1]}', 'json import: line 1: column 1: missing "timestamps"'],
      [
        '{"metric":{"__name__":"y"},"values":[1],"timestamps":[1],"extra":1}',
        'json import: line 1: column 58: unknown key "extra": expected "metric", "values" and "timestamps"',
      ],
      [
        '{"metric":{"__name__":"y","a":"1","a":"2"},"values":[1],"timestamps":[1]}',
        'json import: line 1: column 35: duplicate label name "a"',
      ],
      [
        '{"metric":{"__name__":"y","a":1},"values":[1],"timestamps":[1]}',
        'json import: line 1: column 31: expected a string (the value of label "a"), found "1"',
      ],
      [
        '{"metric":{"__name__":"y"},"values":["1"],"timestamps":[1]}',
        'json import: line 1: column 38: expected a number in "values", found "\\""',
      ],
      [
        '{"metric":{"__name__":"y"},"values":[1],"timestamps":[1]} x',
        'json import: line 1: column 59: expected the end of the line after the object, found "x"',
      ],
      [
        '{"metric":{"__name__":"y","1x":"v"},"values":[1],"timestamps":[1]}',
        'json import: line 1: label name "1x" is invalid: names match [a-zA-Z_][a-zA-Z0-9_]*',
      ],
      [
        '{"metric":{"job":"y"},"values":[1],"timestamps":[1]}',
        'json import: line 1: series has no metric name (label __name__), which Prometheus requires',
      ],
      [
        '{"metric":{"__name__":"y\\x"},"values":[1],"timestamps":[1]}',
        'json import: line 1: column 23: invalid escape sequence in string',
      ],
      ['[1,2]', 'json import: line 1: column 1: expected "{" to open the line, found "["'],
    ];
    for (const [body, message] of cases) {
      const err = await refused(env, 400, body);
      assert.equal(err.error, message);
    }
  });

  it('answers 413 over the limits and 415 for a content type that is not JSON', async () => {
    const line = (i: number) => `{"metric":{"__name__":"lim","i":"${i}"},"values":[1],"timestamps":[${i}]}`;
    const series = await refused(env, 413, [0, 1, 2, 3].map(line).join('\n'));
    assert.equal(
      series.error,
      'json import: by line 4: 4 series exceed the limit of 3 per request (ingestion.max_series_per_request); send smaller batches',
    );
    const eleven = `{"metric":{"__name__":"lim"},"values":[${'1,'.repeat(10)}1],"timestamps":[${[...Array(11).keys()].join(',')}]}`;
    assert.match((await refused(env, 413, eleven)).error, /11 samples exceed the limit of 10/);
    const html = await refused(env, 415, '{}', '', { 'content-type': 'text/html' });
    assert.equal(html.code, 'TM_INGEST_UNSUPPORTED_MEDIA_TYPE');
    assert.equal((await post(env, '\n\n', '', {})).status, 204);
  });
});
