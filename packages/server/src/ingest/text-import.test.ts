import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  apiRequest,
  appendedCount,
  metricValue,
  openTempIngest,
  storedSamples,
  type TempIngest,
} from './testing/ingest-fixtures.js';
import { handleTextImport } from './text-import.js';

const NOW = 1_700_000_000_000;
const OPENMETRICS: IncomingHttpHeaders = {
  'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};
const TEXT: IncomingHttpHeaders = { 'content-type': 'text/plain; version=0.0.4' };

async function post(
  env: TempIngest,
  body: string | Uint8Array,
  headers: IncomingHttpHeaders = TEXT,
  query = '',
) {
  const res = await handleTextImport(
    apiRequest({ path: '/api/v1/import/prometheus', headers, body, query }),
    env.ctx,
  );
  const text = res.body === undefined ? '' : Buffer.from(res.body).toString();
  return {
    status: res.status,
    error: text === '' ? undefined : (JSON.parse(text) as { error: string; code: string }),
  };
}

async function refused(
  env: TempIngest,
  status: number,
  body: string | Uint8Array,
  headers = TEXT,
  query = '',
) {
  const before = appendedCount(env.db);
  const res = await post(env, body, headers, query);
  assert.equal(res.status, status, JSON.stringify(res.error));
  assert.equal(appendedCount(env.db), before, 'a refused request writes nothing');
  return res.error as { error: string; code: string };
}

describe('handleTextImport', () => {
  let env: TempIngest;
  before(() => {
    env = openTempIngest({ maxSeriesPerRequest: 20, maxDecompressedBytes: 4096 }, () => NOW);
  });
  after(() => env.close());

  it('imports Prometheus text with and without timestamps, and its metadata', async () => {
    const body = [
      '# HELP jobs_total Jobs run.',
      '# TYPE jobs_total counter',
      'jobs_total{queue="a"} 3 1699999990000',
      'jobs_total{queue="b"} 5',
      'no_metadata -Inf',
      '',
    ].join('\n');
    assert.equal((await post(env, body)).status, 204);
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('jobs_total{queue="a"}'), [[1_699_999_990_000, 3]]);
    assert.deepEqual(stored.get('jobs_total{queue="b"}'), [[NOW, 5]]);
    assert.deepEqual(stored.get('no_metadata'), [[NOW, Number.NEGATIVE_INFINITY]]);
    assert.deepEqual(env.db.metadata('jobs_total').get('jobs_total'), {
      type: 'counter',
      help: 'Jobs run.',
      unit: '',
    });
    assert.equal(env.db.metadata('no_metadata').size, 0);
    assert.equal(
      await metricValue(env.registry, 'telemeter_ingest_samples_total{protocol="prometheus_text"}'),
      3,
    );
  });

  it('imports OpenMetrics, converting second timestamps to milliseconds', async () => {
    const body = [
      '# TYPE rpc_seconds histogram',
      '# UNIT rpc_seconds seconds',
      '# HELP rpc_seconds RPC latency.',
      'rpc_seconds_bucket{le="0.1"} 1 1700000001.5',
      'rpc_seconds_bucket{le="+Inf"} 2 1700000001.5 # {trace_id="abc"} 0.3 1700000001.2',
      'rpc_seconds_count 2 1700000001.5',
      'rpc_seconds_sum 0.35 1700000001.5',
      '# TYPE build info',
      'build_info{version="1.2"} 1',
      '# EOF',
      '',
    ].join('\n');
    const res = await post(env, body, OPENMETRICS);
    assert.equal(res.status, 204, res.error?.error);
    const stored = storedSamples(env.db);
    assert.deepEqual(stored.get('rpc_seconds_bucket{le="+Inf"}'), [[1_700_000_001_500, 2]]);
    assert.deepEqual(stored.get('rpc_seconds_sum'), [[1_700_000_001_500, 0.35]]);
    assert.deepEqual(stored.get('build_info{version="1.2"}'), [[NOW, 1]]);
    assert.deepEqual(env.db.metadata('rpc_seconds').get('rpc_seconds'), {
      type: 'histogram',
      help: 'RPC latency.',
      unit: 'seconds',
    });
    assert.deepEqual(env.db.metadata('build').get('build')?.type, 'info');
    assert.equal(
      await metricValue(env.registry, 'telemeter_ingest_requests_total{protocol="openmetrics",code="204"}'),
      1,
    );
  });

  it('applies the timestamp and extra_label parameters', async () => {
    const query = 'timestamp=1690000000000&extra_label=env=prod&extra_label=job=override&extra_label=gone=';
    assert.equal((await post(env, 'param_test{job="x",gone="y"} 1\n', TEXT, query)).status, 204);
    assert.deepEqual(storedSamples(env.db).get('param_test{env="prod", job="override"}'), [
      [1_690_000_000_000, 1],
    ]);
    const noEq = await refused(env, 400, 'a 1\n', TEXT, 'extra_label=broken');
    assert.equal(noEq.error, 'text import: extra_label "broken" is not name=value');
    assert.equal(noEq.code, 'TM_INGEST_INVALID_PARAM');
    const badName = await refused(env, 400, 'a 1\n', TEXT, 'extra_label=1x=v');
    assert.match(badName.error, /extra_label "1x=v": label name "1x" is invalid/);
    const badTs = await refused(env, 400, 'a 1\n', TEXT, 'timestamp=now');
    assert.equal(
      badTs.error,
      'text import: timestamp "now" is not an integer number of milliseconds since the epoch',
    );
  });

  it('refuses a malformed exposition whole, naming line and column', async () => {
    const err = await refused(env, 400, 'good 1\nalso_good 2\nbad{x="1" 3\n');
    assert.equal(err.code, 'TM_INGEST_PARSE');
    assert.match(err.error, /^text import: line 3, column \d+: /);
    const noEof = await refused(env, 400, '# TYPE a gauge\na 1\n', OPENMETRICS);
    assert.match(noEof.error, /^text import: line \d+, column \d+: .*EOF/);
    const dup = await refused(env, 400, 'a{x="1",x="2"} 1\n');
    assert.match(dup.error, /duplicate label name "x"/);
    const utf8 = await refused(
      env,
      400,
      Buffer.concat([Buffer.from('a 1\nb{x="'), Buffer.from([0xc3, 0x28]), Buffer.from('"} 1\n')]),
    );
    assert.equal(utf8.error, 'text import: line 2: invalid UTF-8 at byte offset 9');
  });

  it('reads gzip and deflate bodies within the decompressed limit', async () => {
    assert.equal(
      (await post(env, gzipSync('gz_metric 9\n'), { ...TEXT, 'content-encoding': 'gzip' })).status,
      204,
    );
    assert.deepEqual(storedSamples(env.db).get('gz_metric'), [[NOW, 9]]);
    const bomb = await refused(env, 413, gzipSync(`${'a 1\n'.repeat(2000)}`), {
      ...TEXT,
      'content-encoding': 'gzip',
    });
    assert.equal(
      bomb.error,
      'text import: decompressed body exceeds the limit of 4096 bytes (ingestion.max_decompressed_bytes)',
    );
    const plain = await refused(env, 413, 'x'.repeat(5000));
    assert.equal(plain.code, 'TM_INGEST_TOO_LARGE');
    const corrupt = await refused(env, 400, Buffer.from('not gzip'), { ...TEXT, 'content-encoding': 'gzip' });
    assert.match(corrupt.error, /^text import: gzip body does not decompress/);
    const br = await refused(env, 415, 'a 1\n', { ...TEXT, 'content-encoding': 'br' });
    assert.match(br.error, /Content-Encoding "br" is not supported/);
  });

  it('answers 415 for a content type that is not an exposition, 413 over the series limit', async () => {
    const json = await refused(env, 415, '{}', { 'content-type': 'application/json' });
    assert.match(json.error, /Content-Type "application\/json" is not supported/);
    const many = Array.from({ length: 21 }, (_, i) => `lim{i="${i}"} 1`).join('\n');
    const err = await refused(env, 413, `${many}\n`);
    assert.match(err.error, /21 series exceed the limit of 20/);
    // curl -d sends form-urlencoded; read as text like VictoriaMetrics does.
    assert.equal(
      (await post(env, 'curl_default 1\n', { 'content-type': 'application/x-www-form-urlencoded' })).status,
      204,
    );
  });
});
