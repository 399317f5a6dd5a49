import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type ApiFixture, LAST, openApiFixture, seconds, T0 } from './testing/api-fixture.js';
import { MAX_TIME_TEXT, MIN_TIME_TEXT } from './time-params.js';

let api: ApiFixture;
before(async () => {
  api = await openApiFixture();
});
after(async () => {
  await api.close();
});

test('/api/v1/series lists the union of every match[], sorted, deduplicated', async () => {
  const r = await api.call('/api/v1/series', { 'match[]': ['up', '{job="api"}', 'up{instance="a"}'] });
  assert.deepEqual(r.json, {
    status: 'success',
    data: [
      { __name__: 'http_requests_total', code: '200', instance: 'a', job: 'api' },
      { __name__: 'http_requests_total', code: '500', instance: 'b', job: 'api' },
      { __name__: 'up', instance: 'a', job: 'api' },
      { __name__: 'up', instance: 'c', job: 'db' },
    ],
  });
  const regex = await api.call('/api/v1/series', { 'match[]': '{__name__=~"temp.*"}' }, { method: 'POST' });
  assert.deepEqual(regex.json.data, [{ __name__: 'temperature_celsius', room: 'lab' }]);
});

test('/api/v1/series honours start/end (including Grafana sentinels) and limit', async () => {
  const before = await api.call('/api/v1/series', {
    'match[]': 'up',
    start: seconds(T0 - 7_200_000),
    end: seconds(T0 - 3_600_000),
  });
  assert.deepEqual(before.json.data, []);
  const all = await api.call('/api/v1/series', { 'match[]': 'up', start: MIN_TIME_TEXT, end: MAX_TIME_TEXT });
  assert.equal(all.json.data.length, 2);
  const limited = await api.call('/api/v1/series', { 'match[]': 'up', limit: '1' });
  assert.deepEqual(limited.json, {
    status: 'success',
    data: [{ __name__: 'up', instance: 'a', job: 'api' }],
    warnings: ['results truncated due to limit'],
  });
});

test('/api/v1/series errors', async () => {
  const none = await api.call('/api/v1/series', {});
  assert.deepEqual(none.json, {
    status: 'error',
    errorType: 'bad_data',
    error: 'no match[] parameter provided',
  });
  assert.equal(none.status, 400);
  const empty = await api.call('/api/v1/series', { 'match[]': '{job=~".*"}' });
  assert.equal(
    empty.json.error,
    'invalid parameter "match[]": match[] must contain at least one non-empty matcher',
  );
  const bad = await api.call('/api/v1/series', { 'match[]': 'up{' });
  assert.match(bad.json.error, /^invalid parameter "match\[\]": 1:4: parse error: /);
  const expr = await api.call('/api/v1/series', { 'match[]': 'sum(up)' });
  assert.equal(expr.status, 400);
  const start = await api.call('/api/v1/series', { 'match[]': 'up', start: 'x' });
  assert.equal(
    start.json.error,
    `invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp`,
  );
});

test('/api/v1/labels lists label names, filtered by match[] and time', async () => {
  const all = await api.call('/api/v1/labels');
  assert.deepEqual(all.json, { status: 'success', data: ['__name__', 'code', 'instance', 'job', 'room'] });
  const up = await api.call(
    '/api/v1/labels',
    { 'match[]': ['up', 'temperature_celsius'] },
    { method: 'POST' },
  );
  assert.deepEqual(up.json.data, ['__name__', 'instance', 'job', 'room']);
  const limited = await api.call('/api/v1/labels', { limit: '2' });
  assert.deepEqual(limited.json, {
    status: 'success',
    data: ['__name__', 'code'],
    warnings: ['results truncated due to limit'],
  });
  const empty = await api.call('/api/v1/labels', { 'match[]': '{job!="x"}' });
  assert.deepEqual(empty.json, {
    status: 'error',
    errorType: 'bad_data',
    error: 'match[] must contain at least one non-empty matcher',
  });
});

test('/api/v1/label/<name>/values lists values, including __name__ and escaped names', async () => {
  const names = await api.call('/api/v1/label/__name__/values');
  assert.deepEqual(names.json.data, ['http_requests_total', 'temperature_celsius', 'up']);
  const jobs = await api.call('/api/v1/label/job/values', { 'match[]': 'up' });
  assert.deepEqual(jobs.json.data, ['api', 'db']);
  const later = await api.call('/api/v1/label/job/values', { start: seconds(LAST + 3_600_000) });
  assert.deepEqual(later.json.data, []);
  const limited = await api.call('/api/v1/label/instance/values', { limit: '1' });
  assert.deepEqual(limited.json.warnings, ['results truncated due to limit']);
  // U__ value encoding: "U__inst_61_nce" is "instance" ("_61_" is "a").
  const escaped = await api.call('/api/v1/label/U__inst_61_nce/values');
  assert.deepEqual(escaped.json.data, ['a', 'b', 'c']);
  const missing = await api.call('/api/v1/label/nope/values');
  assert.deepEqual(missing.json, { status: 'success', data: [] });
});

test('/api/v1/label/<name>/values rejects invalid names and methods', async () => {
  const bad = await api.call('/api/v1/label/%ff/values');
  assert.deepEqual(bad.json, { status: 'error', errorType: 'bad_data', error: 'invalid label name: "%ff"' });
  const post = await api.call('/api/v1/label/job/values', {}, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, OPTIONS');
});
