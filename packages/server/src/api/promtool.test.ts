// Prometheus's own client, `promtool query`, against the handler over real HTTP: the JSON it
// decodes (client_golang's v1 API types) is the contract Grafana and friends rely on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PromtoolError, promtoolQuery, requireBinary } from '@telemeter/testkit';
import { type ApiFixture, LAST, openApiFixture, T0 } from './testing/api-fixture.js';
import { type ServedApi, serveApi } from './testing/serve-api.js';

const promtool = requireBinary('promtool', 'prometheus');
const start = T0 / 1000;
const end = LAST / 1000;

let api: ApiFixture;
let served: ServedApi;
before(async () => {
  api = await openApiFixture();
  served = await serveApi(api.handler);
});
after(async () => {
  await served?.close();
  await api?.close();
});

test('promtool query instant decodes our vectors and scalars', { skip: promtool.skip }, async () => {
  const up = await promtoolQuery('instant', served.url, { expr: 'up', time: end });
  assert.deepEqual(up, [
    { metric: { __name__: 'up', instance: 'a', job: 'api' }, value: [end, '1'] },
    { metric: { __name__: 'up', instance: 'c', job: 'db' }, value: [end, '0'] },
  ]);
  const rate = (await promtoolQuery('instant', served.url, {
    expr: 'sum by (job) (rate(http_requests_total[5m]))',
    time: end,
  })) as { metric: Record<string, string>; value: [number, string] }[];
  assert.equal(rate.length, 1);
  assert.deepEqual(rate[0]?.metric, { job: 'api' });
  assert.ok(Math.abs(Number(rate[0]?.value[1]) - 220 / 300) < 1e-12);
  const scalar = await promtoolQuery('instant', served.url, {
    expr: 'scalar(up{job="db"}) + 0.5',
    time: end,
  });
  assert.deepEqual(scalar, [end, '0.5']);
});

test('promtool query range decodes our matrices', { skip: promtool.skip }, async () => {
  const r = await promtoolQuery('range', served.url, {
    expr: 'http_requests_total{code="200"}',
    start,
    end: start + 60,
    step: '30s',
  });
  assert.deepEqual(r, [
    {
      metric: { __name__: 'http_requests_total', code: '200', instance: 'a', job: 'api' },
      values: [
        [start, '0'],
        [start + 30, '20'],
        [start + 60, '40'],
      ],
    },
  ]);
});

test('promtool query series and labels read our index', { skip: promtool.skip }, async () => {
  const series = await promtoolQuery('series', served.url, { match: ['up', '{room="lab"}'], start, end });
  assert.deepEqual(series, [
    { __name__: 'temperature_celsius', room: 'lab' },
    { __name__: 'up', instance: 'a', job: 'api' },
    { __name__: 'up', instance: 'c', job: 'db' },
  ]);
  const jobs = await promtoolQuery('labels', served.url, { name: 'job', start, end });
  assert.deepEqual(jobs, ['api', 'db']);
  const names = await promtoolQuery('labels', served.url, {
    name: '__name__',
    match: ['{job="api"}'],
    start,
    end,
  });
  assert.deepEqual(names, ['http_requests_total', 'up']);
});

test('promtool shows our errors as Prometheus errors', { skip: promtool.skip }, async () => {
  await assert.rejects(promtoolQuery('instant', served.url, { expr: 'sum(' }), (err: unknown) => {
    assert.ok(err instanceof PromtoolError);
    assert.match(
      err.message,
      /bad_data: invalid parameter "query": 1:5: parse error: unclosed left parenthesis/,
    );
    return true;
  });
  await assert.rejects(
    promtoolQuery('range', served.url, { expr: 'up', start: 0, end: 1_000_000, step: '1s' }),
    /bad_data: exceeded maximum resolution of 11,000 points per timeseries/,
  );
});
