import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateMetricError, InvalidConfigError, Registry } from '@telemeter/core';
import { findBinary, promtoolCheckMetrics } from '@telemeter/testkit';
import { HttpServerMetrics } from './http-server-metrics.js';
import { HTTP_DURATION_BUCKETS } from './options.js';
import { countsByKey } from './testing/client.js';

test('creates the OTel-named metrics with their labels and buckets', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry });
  const families = await registry.collect();
  const shape = Object.fromEntries(
    families
      .filter((f) => f.name.startsWith('http_'))
      .map((f) => [f.name, [f.type, f.unit, f.labelNames.join(',')]]),
  );
  const series = 'http_request_method,http_route,http_response_status_class';
  assert.deepEqual(shape, {
    http_server_request_duration_seconds: ['histogram', 'seconds', series],
    http_server_active_requests: ['gauge', '', 'http_request_method'],
    http_server_request_body_size_bytes: ['histogram', 'bytes', series],
    http_server_response_body_size_bytes: ['histogram', 'bytes', series],
  });
  assert.deepEqual(metrics.duration.buckets, [...HTTP_DURATION_BUCKETS]);
  assert.deepEqual(
    [...HTTP_DURATION_BUCKETS],
    [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  );
});

test('records by method, route and status slot; unknown methods become _OTHER', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry });
  const get = metrics.method('GET');
  assert.equal(metrics.method('GET'), get, 'method entries are cached');
  metrics.record(get, '/a', 200, false, 0.01, 0, 10);
  metrics.record(get, '/a', 204, false, 0.01, 0, 0);
  metrics.record(get, '/a', 503, false, 0.01, 0, 10);
  metrics.record(get, '/a', 200, true, 0.01, 0, -1);
  metrics.record(metrics.method('BREW'), '/pot', 418, false, 0.01, -1, -1);
  metrics.record(metrics.method('get'), '/a', 99, false, 0.01, -1, -1);
  assert.deepEqual(await countsByKey(registry), {
    'GET /a 2xx': 2,
    'GET /a 5xx': 1,
    'GET /a aborted': 1,
    '_OTHER /pot 4xx': 1,
    '_OTHER /a _OTHER': 1,
  });
  const sizes = await countsByKey(registry, 'http_server_request_body_size_bytes');
  assert.deepEqual(
    sizes,
    { 'GET /a 2xx': 2, 'GET /a 5xx': 1, 'GET /a aborted': 1 },
    'unknown sizes are not observed',
  );
  const text = await registry.metrics();
  assert.ok(!text.includes('BREW') && !text.includes('"get"'));
});

test('prefix and constant labels', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry, prefix: 'shop_', labels: { server: 'public' } });
  metrics.record(metrics.method('POST'), '/cart', 201, false, 0.2, 5, 7);
  const text = await registry.metrics();
  assert.match(
    text,
    /^shop_http_server_request_duration_seconds_count\{http_request_method="POST",http_route="\/cart",http_response_status_class="2xx",server="public"\} 1$/m,
  );
  assert.match(text, /^shop_http_server_active_requests\{http_request_method="POST",server="public"\} 0$/m);
});

test('two sets with the same options share the metrics; a different definition is refused', () => {
  const registry = new Registry();
  const a = new HttpServerMetrics({ registry });
  const b = new HttpServerMetrics({ registry });
  assert.equal(a.duration, b.duration);
  assert.equal(a.activeRequests, b.activeRequests);
  assert.throws(() => new HttpServerMetrics({ registry, statusLabel: 'code' }), DuplicateMetricError);
});

test('bodySizes: false creates no size histograms; unregister removes the rest', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry, bodySizes: false });
  assert.equal(metrics.requestBodySize, null);
  const names = () => registry.getAll().map((m) => m.name);
  assert.deepEqual(names(), ['http_server_request_duration_seconds', 'http_server_active_requests']);
  metrics.unregister();
  assert.deepEqual(names(), []);
});

test('exact status codes with statusLabel: "code"', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry, statusLabel: 'code' });
  const get = metrics.method('GET');
  for (const status of [200, 404, 200, 500, 1000]) metrics.record(get, '/x', status, false, 0.001, 0, 0);
  metrics.record(get, '/x', 0, true, 0.001, 0, -1);
  assert.deepEqual(await countsByKey(registry, undefined, 'http_response_status_code'), {
    'GET /x 200': 2,
    'GET /x 404': 1,
    'GET /x 500': 1,
    'GET /x _OTHER': 1,
    'GET /x aborted': 1,
  });
});

test('routes past the cardinality limit go to the overflow series, and the cache stops growing', async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry, cardinalityLimit: 3, bodySizes: false });
  const get = metrics.method('GET');
  for (let i = 0; i < 10; i++) metrics.record(get, `/leaked/${i}`, 200, false, 0.001, 0, 0);
  assert.equal(get.routes.size, 3);
  const counts = await countsByKey(registry);
  assert.equal(counts['__overflow__ __overflow__ __overflow__'], 7);
});

test('rejects bad options at creation', () => {
  const registry = new Registry();
  const bad: Record<string, unknown>[] = [
    { prefix: '1abc' },
    { prefix: 'a-b' },
    { labels: { http_route: 'x' } },
    { labels: { 'bad name': 'x' } },
    { labels: { ok: 3 } },
    { statusLabel: 'codes' },
    { bodySizes: 'yes' },
    { unmatchedRoute: '' },
    { knownMethods: 'GET' },
    { registry: {} },
  ];
  for (const options of bad) {
    assert.throws(
      () => new HttpServerMetrics({ registry, ...options }),
      InvalidConfigError,
      JSON.stringify(options),
    );
  }
});

test('the exposition passes promtool check metrics', {
  skip: findBinary('promtool') === undefined,
}, async () => {
  const registry = new Registry();
  const metrics = new HttpServerMetrics({ registry });
  metrics.record(metrics.method('GET'), '/users/:id', 200, false, 0.012, 0, 120);
  const result = await promtoolCheckMetrics(await registry.metrics());
  assert.deepEqual(result.parseErrors, []);
  assert.deepEqual(result.lintWarnings, []);
});
