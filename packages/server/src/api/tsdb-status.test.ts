import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '@telemeter/promql';
import { DB, labelsFromRecord } from '@telemeter/storage';
import { createApiHandler } from './handler.js';
import { callHandler, LAST, openApiFixture, T0 } from './testing/api-fixture.js';

test('/api/v1/status/tsdb ranks the head in Prometheus shape', async () => {
  const api = await openApiFixture();
  try {
    const r = await api.call('/api/v1/status/tsdb');
    assert.equal(r.status, 200);
    const data = r.json.data;
    assert.deepEqual(Object.keys(data), [
      'headStats',
      'seriesCountByMetricName',
      'labelValueCountByLabelName',
      'memoryInBytesByLabelName',
      'seriesCountByLabelValuePair',
    ]);
    assert.equal(data.headStats.numSeries, 5);
    assert.equal(data.headStats.minTime, T0);
    assert.equal(data.headStats.maxTime, LAST);
    assert.ok(data.headStats.chunkCount >= 5, String(data.headStats.chunkCount));
    // __name__ 3, instance 3, job 2, code 2, room 1.
    assert.equal(data.headStats.numLabelPairs, 11);
    assert.deepEqual(data.seriesCountByMetricName, [
      { name: 'http_requests_total', value: 2 },
      { name: 'up', value: 2 },
      { name: 'temperature_celsius', value: 1 },
    ]);
    assert.deepEqual(data.labelValueCountByLabelName, [
      { name: '__name__', value: 3 },
      { name: 'instance', value: 3 },
      { name: 'code', value: 2 },
      { name: 'job', value: 2 },
      { name: 'room', value: 1 },
    ]);
    const memory = Object.fromEntries(
      data.memoryInBytesByLabelName.map((s: { name: string; value: number }) => [s.name, s.value]),
    );
    // Each value's bytes times its series: job = "api" x3 + "db" x1.
    assert.equal(memory.job, 3 * 3 + 2 * 1);
    assert.equal(
      memory.__name__,
      'http_requests_total'.length * 2 + 'up'.length * 2 + 'temperature_celsius'.length,
    );
    assert.deepEqual(data.seriesCountByLabelValuePair.slice(0, 2), [
      { name: 'job=api', value: 3 },
      { name: '__name__=http_requests_total', value: 2 },
    ]);
    assert.equal(data.seriesCountByLabelValuePair.length, 10);

    const top1 = await api.call('/api/v1/status/tsdb', { limit: '1' });
    assert.deepEqual(top1.json.data.seriesCountByMetricName, [{ name: 'http_requests_total', value: 2 }]);
    const bad = await api.call('/api/v1/status/tsdb', { limit: '0' });
    assert.deepEqual(bad.json, {
      status: 'error',
      errorType: 'bad_data',
      error: 'limit must be a positive number',
    });
  } finally {
    await api.close();
  }
});

test('/api/v1/status/tsdb of an empty head reports Go int64 extremes, and counts many series', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-api-tsdb-'));
  const db = DB.open(dir, { compactionIntervalMs: 0, fsync: 'none' });
  try {
    const deps = { db, engine: new Engine() } as Parameters<typeof createApiHandler>[0];
    const handler = createApiHandler(deps);
    const empty = await callHandler(handler, '/api/v1/status/tsdb');
    assert.match(empty.text, /"minTime":9223372036854775807,"maxTime":-9223372036854775808/);
    assert.deepEqual(empty.json.data.seriesCountByMetricName, []);

    const app = db.appender();
    for (let i = 0; i < 2_000; i++) {
      app.append(labelsFromRecord({ __name__: `m${i % 50}`, pod: `p${i}` }), T0, i);
    }
    await app.commit();
    const r = await callHandler(handler, '/api/v1/status/tsdb', { limit: '3' });
    assert.equal(r.json.data.headStats.numSeries, 2_000);
    assert.deepEqual(r.json.data.seriesCountByMetricName, [
      { name: 'm0', value: 40 },
      { name: 'm1', value: 40 },
      { name: 'm10', value: 40 },
    ]);
    assert.deepEqual(r.json.data.labelValueCountByLabelName, [
      { name: 'pod', value: 2_000 },
      { name: '__name__', value: 50 },
    ]);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
