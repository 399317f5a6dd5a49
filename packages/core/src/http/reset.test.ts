import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter } from '../counter.js';
import { InvalidConfigError } from '../errors.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { Registry } from '../registry.js';
import { createFetchHandler } from './fetch-handler.js';
import { createMetricsHandler } from './metrics-handler.js';
import { type MetricsHandlerOptions, type MetricsSource, resolveHandlerOptions } from './options.js';
import { createMetricsRenderer } from './renderer.js';
import { serveMetrics } from './serve-metrics.js';
import { request, withServer } from './testing/request.js';

const TOKEN = 's3cret-token';
const BEARER = { authorization: `Bearer ${TOKEN}` };

function sampleRegistry(): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['queue'] as const, registry })
    .labels({ queue: 'email' })
    .inc(3);
  new Gauge({ name: 'queue_depth', help: 'Depth.', registry }).set(7);
  new Histogram({ name: 'job_seconds', help: 'Job time.', registry }).observe(0.2);
  return registry;
}

function rejects(options: MetricsHandlerOptions, key: string, message: RegExp): void {
  assert.throws(
    () => resolveHandlerOptions(options),
    (error: unknown) => {
      assert.ok(error instanceof InvalidConfigError);
      assert.equal(error.key, key);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('the reset endpoint over node:http', () => {
  it('resets every metric on POST with the bearer token and counts them', async () => {
    const registry = sampleRegistry();
    await withServer(createMetricsHandler(registry, { reset: { token: TOKEN } }), async (base) => {
      const res = await request(`${base}/metrics/reset`, { method: 'POST', headers: BEARER });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      assert.deepEqual(JSON.parse(res.body.toString()), { status: 'ok', reset: 3 });
      const text = (await request(`${base}/metrics`)).body.toString();
      assert.match(text, /^jobs_total\{queue="email"\} 0$/m, 'label sets kept, values zeroed');
      assert.match(text, /^queue_depth 0$/m);
      assert.match(text, /^job_seconds_count 0$/m);
      // The scheme is case-insensitive.
      const lower = await request(`${base}/metrics/reset`, {
        method: 'POST',
        headers: { authorization: `bearer ${TOKEN}` },
      });
      assert.equal(lower.status, 200);
    });
  });

  it('answers 401 with WWW-Authenticate for a wrong or missing token, and resets nothing', async () => {
    const registry = sampleRegistry();
    await withServer(createMetricsHandler(registry, { reset: { token: TOKEN } }), async (base) => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong' },
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
        { authorization: TOKEN },
      ];
      for (const headers of attempts) {
        const res = await request(`${base}/metrics/reset`, { method: 'POST', headers });
        assert.equal(res.status, 401, JSON.stringify(headers));
        assert.equal(res.headers['www-authenticate'], 'Bearer');
        assert.doesNotMatch(res.body.toString(), new RegExp(TOKEN), 'the token is never echoed');
      }
      assert.match((await request(`${base}/metrics`)).body.toString(), /^queue_depth 7$/m);
    });
  });

  it('answers 405 with Allow: POST for other methods, and 404 when not configured', async () => {
    await withServer(createMetricsHandler(sampleRegistry(), { reset: { token: TOKEN } }), async (base) => {
      for (const method of ['GET', 'HEAD', 'PUT']) {
        const res = await request(`${base}/metrics/reset`, { method, headers: BEARER });
        assert.equal(res.status, 405, method);
        assert.equal(res.headers.allow, 'POST');
      }
    });
    await withServer(createMetricsHandler(sampleRegistry()), async (base) => {
      const res = await request(`${base}/metrics/reset`, { method: 'POST', headers: BEARER });
      assert.equal(res.status, 404);
      assert.match(res.body.toString(), /served at \/metrics/);
    });
  });

  it('serves a custom path from serveMetrics', async () => {
    const registry = sampleRegistry();
    const server = await serveMetrics({ registry, port: 0, reset: { path: '/admin/reset', token: TOKEN } });
    try {
      const base = server.url.replace(/\/metrics$/, '');
      const res = await request(`${base}/admin/reset`, { method: 'POST', headers: BEARER });
      assert.deepEqual(JSON.parse(res.body.toString()), { status: 'ok', reset: 3 });
      assert.equal((await request(`${base}/metrics/reset`, { method: 'POST', headers: BEARER })).status, 404);
    } finally {
      await server.close();
    }
  });
});

describe('the reset endpoint in the fetch handler and the renderer', () => {
  it('answers like the node handler', async () => {
    const registry = sampleRegistry();
    const fetchHandler = createFetchHandler(registry, { reset: { token: TOKEN } });
    const url = 'http://metrics.test/metrics/reset';
    const denied = await fetchHandler(new Request(url, { method: 'POST' }));
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await fetchHandler(new Request(url))).headers.get('allow'), 'POST');
    const ok = await fetchHandler(new Request(url, { method: 'POST', headers: BEARER }));
    assert.deepEqual(await ok.json(), { status: 'ok', reset: 3 });

    const render = createMetricsRenderer(sampleRegistry(), { reset: { token: TOKEN } });
    const rendered = await render({ method: 'POST', url: '/metrics/reset', headers: BEARER });
    assert.equal(rendered?.status, 200);
    assert.equal((await render({ method: 'POST', url: '/metrics/reset', headers: {} }))?.status, 401);
  });
});

describe('reset options', () => {
  it('defaults the path and keeps the token', () => {
    assert.deepEqual(resolveHandlerOptions({ reset: { token: TOKEN } }).reset, {
      path: '/metrics/reset',
      token: TOKEN,
    });
    assert.equal(resolveHandlerOptions({}).reset, undefined);
  });

  it('rejects a missing or empty token, a bad path and a path that collides', () => {
    rejects({ reset: {} as { token: string } }, 'reset.token', /non-empty string.*got undefined/);
    rejects({ reset: { token: ' ' } }, 'reset.token', /got an empty string/);
    rejects({ reset: 'secret' as unknown as { token: string } }, 'reset', /must be an object/);
    rejects({ reset: { token: TOKEN, path: 'reset' } }, 'reset.path', /reset\.path must be a URL path/);
    rejects({ reset: { token: TOKEN, path: '/health' } }, 'path', /reset\.path must differ/);
  });

  it('rejects, at creation, a source that cannot be reset', () => {
    const source: MetricsSource = { collect: async () => [] };
    assert.throws(
      () => createMetricsHandler(source, { reset: { token: TOKEN } }),
      (error: unknown) =>
        error instanceof InvalidConfigError && /needs the registry to be a Registry/.test(error.message),
    );
  });
});
