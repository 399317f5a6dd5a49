import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Registry } from '../registry.js';
import { createMetricsHandler } from './metrics-handler.js';
import type { MetricsSource } from './options.js';
import { request, withServer } from './testing/request.js';

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function sampleRegistry(): Registry {
  const registry = new Registry({ selfMetrics: false });
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs done.',
    labelNames: ['queue'] as const,
    registry,
  });
  jobs.labels({ queue: 'email' }).inc(3);
  new Gauge({ name: 'queue_depth', help: 'Jobs waiting.', registry }).set(7);
  return registry;
}

const failing: MetricsSource = {
  collect: async () => {
    throw new Error('database gauge exploded');
  },
};

describe('createMetricsHandler as a node:http listener', () => {
  const handler = createMetricsHandler(sampleRegistry());

  it('serves Prometheus text 0.0.4 by default, uncompressed without Accept-Encoding', async () => {
    await withServer(handler, async (base) => {
      const res = await request(`${base}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['content-encoding'], undefined);
      assert.match(res.headers.vary ?? '', /Accept-Encoding/);
      const body = res.body.toString();
      assert.match(body, /^# TYPE jobs_total counter$/m);
      assert.match(body, /^jobs_total\{queue="email"\} 3$/m);
      assert.match(body, /^queue_depth 7$/m);
      assert.doesNotMatch(body, /# EOF/);
    });
  });

  it('serves OpenMetrics when Prometheus asks for it', async () => {
    await withServer(handler, async (base) => {
      const res = await request(`${base}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^application\/openmetrics-text; version=1\.0\.0/);
      const body = res.body.toString();
      assert.match(body, /^# TYPE jobs counter$/m);
      assert.match(body, /^jobs_total\{queue="email"\} 3$/m);
      assert.ok(body.endsWith('# EOF\n'), 'OpenMetrics ends with # EOF');
    });
  });

  it('serves JSON for ?format=json and for Accept: application/json', async () => {
    await withServer(handler, async (base) => {
      for (const res of [
        await request(`${base}/metrics?format=json`),
        await request(`${base}/metrics`, { headers: { accept: 'application/json' } }),
      ]) {
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'] ?? '', /^application\/json/);
        const text = res.body.toString();
        assert.ok(text.includes('"jobs_total"'), text);
        assert.ok(text.includes('"queue_depth"'), text);
        JSON.parse(text);
      }
    });
  });

  it('lets ?format= override Accept and rejects an unknown format with 400', async () => {
    await withServer(handler, async (base) => {
      const om = await request(`${base}/metrics?format=openmetrics`);
      assert.match(om.headers['content-type'] ?? '', /^application\/openmetrics-text/);
      assert.ok(om.body.toString().endsWith('# EOF\n'));
      const text = await request(`${base}/metrics?format=prometheus`, {
        headers: { accept: PROMETHEUS_ACCEPT },
      });
      assert.match(text.headers['content-type'] ?? '', /^text\/plain; version=0\.0\.4/);
      const bad = await request(`${base}/metrics?format=xml`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.toString(), /Unknown format "xml".*format=json/);
    });
  });

  it('gzips when the client accepts it, and the body decodes to the same exposition', async () => {
    await withServer(handler, async (base) => {
      const plain = await request(`${base}/metrics`);
      const zipped = await request(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip, deflate' } });
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(zipped.body).toString(), plain.body.toString());
      const refused = await request(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip;q=0, *' } });
      assert.equal(refused.headers['content-encoding'], undefined);
    });
  });

  it('does not gzip when gzip: false', async () => {
    await withServer(createMetricsHandler(sampleRegistry(), { gzip: false }), async (base) => {
      const res = await request(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers['content-encoding'], undefined);
      assert.match(res.body.toString(), /^queue_depth 7$/m);
    });
  });

  it('answers HEAD with the GET headers and no body, without collecting', async () => {
    let collects = 0;
    const counting: MetricsSource = {
      collect: async () => {
        collects++;
        return [];
      },
    };
    await withServer(createMetricsHandler(counting), async (base) => {
      const res = await request(`${base}/metrics`, {
        method: 'HEAD',
        headers: { accept: PROMETHEUS_ACCEPT },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^application\/openmetrics-text/);
      assert.equal(res.body.length, 0);
      assert.equal(collects, 0);
    });
  });

  it('answers 405 with Allow for other methods', async () => {
    await withServer(handler, async (base) => {
      for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
        const res = await request(`${base}/metrics`, { method });
        assert.equal(res.status, 405, method);
        assert.equal(res.headers.allow, 'GET, HEAD');
      }
      assert.equal((await request(`${base}/health`, { method: 'POST' })).status, 405);
    });
  });

  it('answers 404 for other paths when used without next', async () => {
    await withServer(handler, async (base) => {
      const res = await request(`${base}/nope`);
      assert.equal(res.status, 404);
      assert.match(res.body.toString(), /served at \/metrics/);
      assert.equal((await request(`${base}/metrics/`)).status, 404);
    });
  });

  it('serves a custom path', async () => {
    await withServer(createMetricsHandler(sampleRegistry(), { path: '/internal/prom' }), async (base) => {
      assert.equal((await request(`${base}/internal/prom`)).status, 200);
      assert.equal((await request(`${base}/metrics`)).status, 404);
    });
  });

  it('turns a failing collect into a 500 with the reason, and keeps serving', async () => {
    await withServer(createMetricsHandler(failing), async (base) => {
      const res = await request(`${base}/metrics`);
      assert.equal(res.status, 500);
      assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
      assert.equal(res.body.toString(), 'Failed to collect metrics: database gauge exploded\n');
      assert.equal((await request(`${base}/health`)).status, 200);
    });
  });

  it('streams a large registry in chunks and survives a client that disconnects mid-body', async () => {
    const registry = new Registry({ selfMetrics: false });
    const series = new Gauge({
      name: 'many_series',
      help: 'Lots.',
      labelNames: ['id'] as const,
      registry,
      cardinalityLimit: 50_000,
    });
    for (let i = 0; i < 20_000; i++) series.labels({ id: i }).set(i);
    await withServer(createMetricsHandler(registry), async (base) => {
      const res = await request(`${base}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      const lines = res.body
        .toString()
        .split('\n')
        .filter((line) => line.startsWith('many_series{'));
      assert.equal(lines.length, 20_000);

      // Read a little, then hang up.
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${base}/metrics`, (r) => {
          r.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) =>
          error.code === 'ECONNRESET' ? resolve() : reject(error),
        );
        req.end();
      });
      assert.equal((await request(`${base}/health`)).status, 200);
      const again = await request(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(again.status, 200);
    });
  });
});

describe('createMetricsHandler health and readiness', () => {
  it('answers /health with 200 {"status":"ok"}', async () => {
    await withServer(createMetricsHandler(sampleRegistry()), async (base) => {
      const res = await request(`${base}/health`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.deepEqual(JSON.parse(res.body.toString()), { status: 'ok' });
    });
  });

  it('answers /ready 200 when every check passes', async () => {
    const handler = createMetricsHandler(sampleRegistry(), {
      readiness: { db: async () => {}, cache: () => true },
    });
    await withServer(handler, async (base) => {
      const res = await request(`${base}/ready`);
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body.toString()), {
        status: 'ok',
        failed: [],
        checks: { db: { status: 'ok' }, cache: { status: 'ok' } },
      });
    });
  });

  it('answers /ready 503 naming each failing check with its error, including a slow one', async () => {
    const handler = createMetricsHandler(sampleRegistry(), {
      readiness: {
        db: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
        cache: () => true,
        migrations: () => false,
        upstream: () => new Promise<void>(() => {}),
      },
      readinessTimeoutMs: 50,
    });
    await withServer(handler, async (base) => {
      const res = await request(`${base}/ready`);
      assert.equal(res.status, 503);
      const body = JSON.parse(res.body.toString());
      assert.equal(body.status, 'unavailable');
      assert.deepEqual(body.failed, ['db', 'migrations', 'upstream']);
      assert.deepEqual(body.checks.db, { status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:5432' });
      assert.deepEqual(body.checks.cache, { status: 'ok' });
      assert.deepEqual(body.checks.migrations, { status: 'failed', error: 'returned false' });
      assert.deepEqual(body.checks.upstream, { status: 'failed', error: 'timed out after 50 ms' });
    });
  });

  it('answers HEAD /ready with the status and no body', async () => {
    const handler = createMetricsHandler(sampleRegistry(), { readiness: { never: () => false } });
    await withServer(handler, async (base) => {
      const res = await request(`${base}/ready`, { method: 'HEAD' });
      assert.equal(res.status, 503);
      assert.equal(res.body.length, 0);
    });
  });

  it('serves custom paths and can turn health and readiness off', async () => {
    const handler = createMetricsHandler(sampleRegistry(), { healthPath: '/livez', readyPath: false });
    await withServer(handler, async (base) => {
      assert.equal((await request(`${base}/livez`)).status, 200);
      assert.equal((await request(`${base}/health`)).status, 404);
      assert.equal((await request(`${base}/ready`)).status, 404);
    });
  });
});

describe('createMetricsHandler as middleware', () => {
  it('calls next() for paths it does not serve and handles its own', async () => {
    const handler = createMetricsHandler(sampleRegistry());
    const listener = (req: Parameters<typeof handler>[0], res: Parameters<typeof handler>[1]) =>
      handler(req, res, () => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('from the app');
      });
    await withServer(listener, async (base) => {
      assert.equal((await request(`${base}/anything`)).body.toString(), 'from the app');
      assert.match((await request(`${base}/metrics`)).body.toString(), /^queue_depth 7$/m);
    });
  });
});
