import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Registry } from '../registry.js';
import { createFetchHandler } from './fetch-handler.js';
import type { MetricsSource } from './options.js';

function sampleRegistry(): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Counter({ name: 'fetched_total', help: 'Fetched.', registry }).inc(4);
  return registry;
}

const get = (path: string, init?: RequestInit) => new Request(`http://metrics.test${path}`, init);

async function gunzip(response: Response): Promise<string> {
  const stream = response.body!.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

describe('createFetchHandler', () => {
  const handler = createFetchHandler(sampleRegistry(), { readiness: { db: () => false } });

  it('serves the negotiated exposition', async () => {
    const text = await handler(get('/metrics'));
    assert.equal(text.status, 200);
    assert.equal(text.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(text.headers.get('cache-control'), 'no-store');
    assert.match(await text.text(), /^fetched_total 4$/m);

    const om = await handler(
      get('/metrics', { headers: { accept: 'application/openmetrics-text; version=1.0.0' } }),
    );
    assert.match(om.headers.get('content-type')!, /^application\/openmetrics-text/);
    assert.ok((await om.text()).endsWith('# EOF\n'));

    const json = await handler(get('/metrics?format=json'));
    assert.match(json.headers.get('content-type')!, /^application\/json/);
    const exposition = (await json.json()) as { families: { name: string }[] };
    assert.equal(exposition.families[0]?.name, 'fetched_total');
  });

  it('gzips the stream when accepted', async () => {
    const res = await handler(get('/metrics', { headers: { 'accept-encoding': 'gzip' } }));
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(await gunzip(res), /^fetched_total 4$/m);
  });

  it('answers HEAD without a body, 405 for other methods, 404 elsewhere, 400 for a bad format', async () => {
    const head = await handler(get('/metrics', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    const post = await handler(get('/metrics', { method: 'POST' }));
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    assert.equal((await handler(get('/elsewhere'))).status, 404);
    assert.equal((await handler(get('/metrics?format=csv'))).status, 400);
  });

  it('serves /health and a 503 /ready naming the failing check', async () => {
    assert.deepEqual(await (await handler(get('/health'))).json(), { status: 'ok' });
    const ready = await handler(get('/ready'));
    assert.equal(ready.status, 503);
    assert.deepEqual(((await ready.json()) as { checks: Record<string, unknown> }).checks.db, {
      status: 'failed',
      error: 'returned false',
    });
  });

  it('turns a failing collect into a 500 with the reason', async () => {
    const failing: MetricsSource = {
      collect: async () => {
        throw new Error('nope');
      },
    };
    const res = await createFetchHandler(failing)(get('/metrics'));
    assert.equal(res.status, 500);
    assert.equal(await res.text(), 'Failed to collect metrics: nope\n');
  });

  it('streams large registries and can be cancelled part-way', async () => {
    const registry = new Registry({ selfMetrics: false });
    const gauge = new Gauge({
      name: 'wide',
      help: 'Wide.',
      labelNames: ['i'] as const,
      registry,
      cardinalityLimit: 50_000,
    });
    for (let i = 0; i < 10_000; i++) gauge.labels({ i }).set(i);
    const streamed = createFetchHandler(registry);
    const full = await (await streamed(get('/metrics'))).text();
    assert.equal(full.split('\n').filter((line) => line.startsWith('wide{')).length, 10_000);

    const partial = await streamed(get('/metrics'));
    const reader = partial.body!.getReader();
    const first = await reader.read();
    assert.equal(first.done, false);
    await reader.cancel();
  });
});
