import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParsedFamily, parseExposition } from '@telemeter/core';
import { waitFor } from '@telemeter/testkit';
import { startDemoWorkload } from './workload.js';

function total(
  families: readonly ParsedFamily[],
  sample: string,
  match: Record<string, string> = {},
): number {
  let sum = 0;
  for (const family of families) {
    for (const s of family.samples) {
      if (s.name !== sample) continue;
      if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) sum += s.value;
    }
  }
  return sum;
}

describe('startDemoWorkload', () => {
  it('gives every kit live data: HTTP server and client, operations with errors and timeouts, cache, semaphore, runtime, system', {
    timeout: 30_000,
  }, async () => {
    const demo = await startDemoWorkload({ port: 0, requestsPerSecond: 60 });
    try {
      assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(demo.metricsUrl, `${demo.url}/metrics`);
      const scrape = async () => {
        const res = await fetch(demo.metricsUrl, {
          headers: { Accept: 'application/openmetrics-text;version=1.0.0' },
        });
        assert.match(res.headers.get('content-type') ?? '', /openmetrics/);
        return parseExposition(await res.text(), { format: 'openmetrics' });
      };
      const checks: Record<string, (f: ParsedFamily[]) => boolean> = {
        'item route 2xx': (f) =>
          total(f, 'http_server_request_duration_seconds_count', {
            http_route: '/api/items/:id',
            http_response_status_class: '2xx',
          }) > 0,
        'item route 4xx': (f) =>
          total(f, 'http_server_request_duration_seconds_count', { http_response_status_class: '4xx' }) > 0,
        'item route 5xx': (f) =>
          total(f, 'http_server_request_duration_seconds_count', { http_response_status_class: '5xx' }) > 0,
        'list route': (f) =>
          total(f, 'http_server_request_duration_seconds_count', { http_route: '/api/items' }) > 0,
        'client requests': (f) => total(f, 'http_client_request_duration_seconds_count') > 0,
        'operation errors': (f) =>
          total(f, 'operation_calls_total', { operation: 'pricing.quote', outcome: 'error' }) > 0,
        'operation timeouts': (f) =>
          total(f, 'operation_calls_total', { operation: 'pricing.quote', outcome: 'timeout' }) > 0,
        'cache hits': (f) => total(f, 'cache_requests_total', { cache: 'items', result: 'hit' }) > 0,
        'cache misses': (f) => total(f, 'cache_requests_total', { cache: 'items', result: 'miss' }) > 0,
        'semaphore queueing': (f) =>
          total(f, 'semaphore_acquisitions_total', { semaphore: 'db', mode: 'queued' }) > 0,
        'runtime metrics': (f) => f.some((family) => family.name === 'nodejs_eventloop_lag_seconds'),
        'system metrics': (f) =>
          process.platform !== 'linux' || f.some((family) => family.name === 'node_cpu_seconds'),
        'no scrape in the HTTP metrics': (f) =>
          total(f, 'http_server_request_duration_seconds_count', { http_route: '/metrics' }) === 0,
      };
      await waitFor(
        'every panel to have data',
        async () => {
          const families = await scrape();
          const missing = Object.entries(checks)
            .filter(([, check]) => !check(families))
            .map(([name]) => name);
          if (missing.length > 0) throw new Error(`not yet: ${missing.join(', ')}`);
          return true;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    } finally {
      await demo.stop();
    }
    await assert.rejects(fetch(demo.metricsUrl), 'the server is closed');
    await demo.stop();
  });

  it('fails with TM_CLI_LISTEN when the port is taken', async () => {
    const first = await startDemoWorkload({ port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(startDemoWorkload({ port }), {
        code: 'TM_CLI_LISTEN',
        message: new RegExp(`127\\.0\\.0\\.1:${port}: address already in use`),
      });
    } finally {
      await first.stop();
    }
  });
});
