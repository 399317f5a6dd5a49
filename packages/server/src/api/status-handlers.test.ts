import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { base2Bytes, retentionText } from './status-handlers.js';
import { type ApiFixture, openApiFixture } from './testing/api-fixture.js';

let api: ApiFixture;
before(async () => {
  api = await openApiFixture();
});
after(async () => {
  await api.close();
});

test('/api/v1/status/buildinfo, config and flags pass their sources through', async () => {
  const build = await api.call('/api/v1/status/buildinfo');
  assert.deepEqual(build.json, { status: 'success', data: api.deps.buildInfo });
  assert.deepEqual(Object.keys(build.json.data), [
    'version',
    'revision',
    'branch',
    'buildUser',
    'buildDate',
    'goVersion',
  ]);
  const config = await api.call('/api/v1/status/config');
  assert.deepEqual(config.json, { status: 'success', data: { yaml: 'global:\n  scrape_interval: 15s\n' } });
  const flags = await api.call('/api/v1/status/flags');
  assert.deepEqual(flags.json.data, api.deps.flags());
});

test('/api/v1/status/runtimeinfo has Prometheus fields with Go time formatting', async () => {
  const r = await api.call('/api/v1/status/runtimeinfo');
  const data = r.json.data;
  assert.equal(data.startTime, '2023-11-14T22:13:20Z');
  assert.equal(data.lastConfigTime, '2023-11-14T22:13:21.5Z');
  assert.equal(data.reloadConfigSuccess, true);
  assert.equal(data.CWD, process.cwd());
  assert.equal(data.storageRetention, '15d');
  for (const key of ['corruptionCount', 'goroutineCount', 'GOMAXPROCS', 'GOMEMLIMIT']) {
    assert.equal(typeof data[key], 'number', key);
  }
  assert.match(data.serverTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
});

test('storage retention is spelled as Prometheus spells it', () => {
  assert.equal(retentionText(15 * 86_400_000, 0), '15d');
  assert.equal(retentionText(0, 512 * 1024 * 1024), '512MiB');
  assert.equal(retentionText(86_400_000, 1536 * 1024 * 1024), '1d or 1GiB512MiB');
  assert.equal(retentionText(0, 0), '');
  assert.equal(base2Bytes(1000), '1000B');
  assert.equal(base2Bytes(0), '0B');
});

test('/api/v1/metadata lists type, help and unit per metric', async () => {
  const all = await api.call('/api/v1/metadata');
  assert.deepEqual(all.json, {
    status: 'success',
    data: {
      http_requests_total: [{ type: 'counter', help: 'Requests served.', unit: '' }],
      temperature_celsius: [{ type: 'gauge', help: 'Room temperature.', unit: 'celsius' }],
      up: [{ type: 'gauge', help: 'Target is up.', unit: '' }],
    },
  });
  const one = await api.call('/api/v1/metadata', { metric: 'up', limit_per_metric: '1' });
  assert.deepEqual(Object.keys(one.json.data), ['up']);
  const none = await api.call('/api/v1/metadata', { metric: 'nope' });
  assert.deepEqual(none.json.data, {});
  const limited = await api.call('/api/v1/metadata', { limit: '1' });
  assert.deepEqual(Object.keys(limited.json.data), ['http_requests_total']);
  const bad = await api.call('/api/v1/metadata', { limit: 'ten' });
  assert.deepEqual(bad.json, { status: 'error', errorType: 'bad_data', error: 'limit must be a number' });
  const badPer = await api.call('/api/v1/metadata', { limit_per_metric: '1.5' });
  assert.equal(badPer.json.error, 'limit_per_metric must be a number');
});

test('/api/v1/targets passes the scrape manager data through, by state and pool', async () => {
  const any = await api.call('/api/v1/targets');
  assert.equal(any.json.data.activeTargets.length, 1);
  assert.equal(any.json.data.droppedTargets.length, 1);
  const active = await api.call('/api/v1/targets', { state: 'Active' });
  assert.deepEqual(active.json.data.droppedTargets, []);
  const unknown = await api.call('/api/v1/targets', { state: 'sleeping' });
  assert.deepEqual(unknown.json.data, { activeTargets: [], droppedTargets: [] });
  const pool = await api.call('/api/v1/targets', { scrapePool: 'db' });
  assert.deepEqual(pool.json.data, {
    activeTargets: [],
    droppedTargets: [{ scrapePool: 'db', discoveredLabels: { job: 'db' } }],
  });
});

test('/api/v1/targets/metadata filters by match_target and metric', async () => {
  const all = await api.call('/api/v1/targets/metadata');
  assert.equal(all.json.data.length, 3);
  const api1 = await api.call('/api/v1/targets/metadata', { match_target: '{job="api"}', metric: 'up' });
  assert.deepEqual(api1.json.data, [
    { target: { job: 'api', instance: 'a' }, type: 'gauge', help: 'Target is up.', unit: '' },
  ]);
  const everything = await api.call('/api/v1/targets/metadata', { match_target: '{job=~".*"}', limit: '2' });
  assert.equal(everything.json.data.length, 2);
  const bad = await api.call('/api/v1/targets/metadata', { match_target: '{job=' });
  assert.match(bad.json.error, /^invalid parameter "match_target": 1:6: parse error: /);
  const without = await openApiFixture({ targetMetadata: undefined });
  try {
    assert.deepEqual((await without.call('/api/v1/targets/metadata')).json.data, []);
  } finally {
    await without.close();
  }
});

test('/api/v1/rules, /alerts and /alertmanagers are empty until the alerts package lands', async () => {
  assert.deepEqual((await api.call('/api/v1/rules')).json, { status: 'success', data: { groups: [] } });
  assert.deepEqual((await api.call('/api/v1/rules', { type: 'alert' })).json.data, { groups: [] });
  assert.equal(
    (await api.call('/api/v1/rules', { type: 'both' })).json.error,
    'invalid parameter "type": not supported value "both"',
  );
  assert.deepEqual((await api.call('/api/v1/alerts')).json, { status: 'success', data: { alerts: [] } });
  assert.deepEqual((await api.call('/api/v1/alertmanagers')).json.data, {
    activeAlertmanagers: [],
    droppedAlertmanagers: [],
  });
});

test('the handler leaves paths it does not serve to others and answers OPTIONS', async () => {
  for (const path of [
    '/metrics',
    '/api/v1/write',
    '/api/v1/import/prometheus',
    '/api/v1/admin/tsdb/snapshot',
    '/api/v2/query',
    '/api/v1/label/job',
  ]) {
    const response = await api.handler({
      method: 'GET',
      path,
      params: new URLSearchParams(),
      headers: {},
      body: Buffer.alloc(0),
      signal: new AbortController().signal,
      remoteAddress: '127.0.0.1',
    });
    assert.equal(response, undefined, path);
  }
  const options = await api.call('/api/v1/query', {}, { method: 'OPTIONS' });
  assert.equal(options.status, 204);
  assert.equal(options.headers.allow, 'GET, POST, OPTIONS');
  const del = await api.call('/api/v1/series', {}, { method: 'DELETE' });
  assert.equal(del.status, 405);
});
