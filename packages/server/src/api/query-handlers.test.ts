import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type ApiFixture, LAST, openApiFixture, seconds, T0 } from './testing/api-fixture.js';

let api: ApiFixture;
before(async () => {
  api = await openApiFixture();
});
after(async () => {
  await api.close();
});

test('/api/v1/query answers a vector in Prometheus shape, numbers spelled as Prometheus spells them', async () => {
  const r = await api.call('/api/v1/query', { query: 'up', time: seconds(LAST) });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(r.json, {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { __name__: 'up', instance: 'a', job: 'api' }, value: [1700000600, '1'] },
        { metric: { __name__: 'up', instance: 'c', job: 'db' }, value: [1700000600, '0'] },
      ],
    },
  });
  const half = await api.call('/api/v1/query', { query: 'up{job="db"}', time: '1700000600.5' });
  assert.match(half.text, /"value":\[1700000600\.500,"0"\]/);
});

test('/api/v1/query computes with the engine: rates, scalars and strings', async () => {
  const rate = await api.call('/api/v1/query', {
    query: 'sum(rate(http_requests_total[5m]))',
    time: seconds(LAST),
  });
  assert.equal(rate.json.data.resultType, 'vector');
  const [sample] = rate.json.data.result;
  assert.deepEqual(sample.metric, {});
  assert.ok(Math.abs(Number(sample.value[1]) - 220 / 300) < 1e-12, sample.value[1]);

  const scalar = await api.call('/api/v1/query', { query: '1 / 0', time: '100' });
  assert.deepEqual(scalar.json.data, { resultType: 'scalar', result: [100, '+Inf'] });
  const tiny = await api.call('/api/v1/query', { query: '1e-7 * 3', time: '100' });
  assert.deepEqual(tiny.json.data.result, [100, '3e-07']);
  const str = await api.call('/api/v1/query', { query: '"hello"', time: '100.25' });
  assert.deepEqual(str.json.data, { resultType: 'string', result: [100.25, 'hello'] });
});

test('/api/v1/query: limit truncates with a warning; lookback_delta widens the lookback', async () => {
  const limited = await api.call('/api/v1/query', { query: 'up', time: seconds(LAST), limit: '1' });
  assert.equal(limited.json.data.result.length, 1);
  assert.deepEqual(limited.json.warnings, ['results truncated due to limit']);

  const late = seconds(LAST + 6 * 60_000);
  const stale = await api.call('/api/v1/query', { query: 'up', time: late });
  assert.deepEqual(stale.json.data.result, []);
  const wide = await api.call('/api/v1/query', { query: 'up', time: late, lookback_delta: '10m' });
  assert.equal(wide.json.data.result.length, 2);
});

test('/api/v1/query passes the engine annotations on as infos and warnings', async () => {
  const r = await api.call('/api/v1/query', { query: 'rate(up[5m])', time: seconds(LAST) });
  assert.equal(r.status, 200);
  assert.ok(
    (r.json.infos ?? []).some((s: string) => s.startsWith('PromQL info: metric might not be a counter')),
    JSON.stringify(r.json),
  );
});

test('/api/v1/query errors: bad query 400, bad parameters 400, execution 422, timeout and cancel 503', async () => {
  const parse = await api.call('/api/v1/query', { query: 'sum(' });
  assert.equal(parse.status, 400);
  assert.equal(parse.json.status, 'error');
  assert.equal(parse.json.errorType, 'bad_data');
  assert.match(parse.json.error, /^invalid parameter "query": 1:5: parse error: /);

  const time = await api.call('/api/v1/query', { query: 'up', time: 'soon' });
  assert.deepEqual(time.json, {
    status: 'error',
    errorType: 'bad_data',
    error: `invalid parameter "time": Invalid time value for 'time': cannot parse "soon" to a valid timestamp`,
  });
  const limit = await api.call('/api/v1/query', { query: 'up', limit: '-1' });
  assert.equal(limit.json.error, 'invalid parameter "limit": limit must be non-negative');
  const lookback = await api.call('/api/v1/query', { query: 'up', lookback_delta: 'x' });
  assert.equal(
    lookback.json.error,
    'error parsing lookback delta duration: cannot parse "x" to a valid duration',
  );

  const exec = await api.call('/api/v1/query', {
    query: 'http_requests_total + on(job) http_requests_total',
    time: seconds(LAST),
  });
  assert.equal(exec.status, 422);
  assert.equal(exec.json.errorType, 'execution');

  const timeout = await api.call('/api/v1/query', { query: 'up', timeout: '0' });
  assert.equal(timeout.status, 503);
  assert.deepEqual(timeout.json, {
    status: 'error',
    errorType: 'timeout',
    error: 'query timed out in expression evaluation',
  });

  const gone = new AbortController();
  gone.abort();
  const canceled = await api.call('/api/v1/query', { query: 'up' }, { signal: gone.signal });
  assert.equal(canceled.status, 503);
  assert.equal(canceled.json.errorType, 'canceled');
});

test('/api/v1/query_range answers a matrix and accepts RFC 3339 times and duration steps', async () => {
  const r = await api.call(
    '/api/v1/query_range',
    { query: 'up{job="api"}', start: new Date(T0).toISOString(), end: seconds(LAST), step: '1m' },
    { method: 'POST' },
  );
  assert.equal(r.status, 200);
  assert.equal(r.json.data.resultType, 'matrix');
  const [series] = r.json.data.result;
  assert.deepEqual(series.metric, { __name__: 'up', instance: 'a', job: 'api' });
  assert.equal(series.values.length, 11);
  assert.deepEqual(series.values[0], [T0 / 1000, '1']);
  assert.deepEqual(series.values[10], [LAST / 1000, '1']);

  const floatStep = await api.call('/api/v1/query_range', {
    query: 'http_requests_total{instance="b"}',
    start: seconds(T0),
    end: seconds(T0 + 30_000),
    step: '15',
  });
  assert.deepEqual(floatStep.json.data.result[0].values, [
    [T0 / 1000, '0'],
    [T0 / 1000 + 15, '1'],
    [T0 / 1000 + 30, '2'],
  ]);
});

test('/api/v1/query_range rejects what Prometheus rejects, with its messages', async () => {
  const base = { query: 'up', start: seconds(T0), end: seconds(LAST), step: '15s' };
  const cases: [Record<string, string>, number, string][] = [
    [{ ...base, start: '' }, 400, 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    [
      { ...base, end: seconds(T0 - 1000) },
      400,
      'invalid parameter "end": end timestamp must not be before start time',
    ],
    [{ ...base, step: 'fast' }, 400, 'invalid parameter "step": cannot parse "fast" to a valid duration'],
    [
      { ...base, step: '0' },
      400,
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      { ...base, step: '-15' },
      400,
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      { ...base, start: '0', end: '1000000', step: '1' },
      400,
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    ],
    [
      { ...base, query: 'up[5m]' },
      400,
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    ],
  ];
  for (const [params, status, error] of cases) {
    const r = await api.call('/api/v1/query_range', params);
    assert.equal(r.status, status, JSON.stringify(params));
    assert.deepEqual(r.json, { status: 'error', errorType: 'bad_data', error }, JSON.stringify(params));
  }
  const parse = await api.call('/api/v1/query_range', { ...base, query: 'up{' });
  assert.match(parse.json.error, /^1:4: parse error: /);
  // Exactly 11,000 steps is still allowed.
  const edge = await api.call('/api/v1/query_range', { ...base, start: '0', end: '11000', step: '1' });
  assert.equal(edge.status, 200);
});

test('/api/v1/query_range honours a smaller configured points limit', async () => {
  const small = await openApiFixture({ limits: { maxPointsPerSeries: 1_000, defaultTimeoutMs: 60_000 } });
  try {
    const r = await small.call('/api/v1/query_range', { query: 'up', start: '0', end: '2000', step: '1' });
    assert.equal(
      r.json.error,
      'exceeded maximum resolution of 1,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  } finally {
    await small.close();
  }
});

test('/api/v1/query_exemplars: validated, always empty; 204 for a query without selectors', async () => {
  const r = await api.call('/api/v1/query_exemplars', {
    query: 'rate(http_requests_total[5m])',
    start: '0',
    end: '10',
  });
  assert.deepEqual(r.json, { status: 'success', data: [] });
  const none = await api.call('/api/v1/query_exemplars', { query: '1 + 1' });
  assert.equal(none.status, 204);
  assert.equal(none.text, '');
  const backwards = await api.call('/api/v1/query_exemplars', { query: 'up', start: '10', end: '5' });
  assert.equal(backwards.json.error, 'end timestamp must not be before start timestamp');
  const bad = await api.call('/api/v1/query_exemplars', { query: 'up{' });
  assert.equal(bad.json.errorType, 'bad_data');
});

test('/api/v1/format_query prints the canonical form', async () => {
  const r = await api.call('/api/v1/format_query', { query: 'sum(rate(foo[5m]))by(job)' });
  assert.deepEqual(r.json, { status: 'success', data: 'sum by (job) (rate(foo[5m]))' });
  const bad = await api.call('/api/v1/format_query', { query: 'foo{' });
  assert.match(bad.json.error, /^invalid parameter "query": 1:5: parse error: /);
});
