import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Gauge } from '../gauge.js';
import { Registry } from '../registry.js';
import { createMetricsRenderer } from './renderer.js';

function sampleRegistry(): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Gauge({ name: 'rendered', help: 'Rendered.', registry }).set(1);
  return registry;
}

describe('createMetricsRenderer', () => {
  const render = createMetricsRenderer(sampleRegistry(), { readiness: { db: () => false } });

  it('resolves to undefined for paths it does not serve', async () => {
    assert.equal(await render({ method: 'GET', url: '/elsewhere', headers: {} }), undefined);
    assert.equal(await render({ method: 'GET', url: '/metrics/extra', headers: {} }), undefined);
    assert.equal(await render({ headers: {} }), undefined);
  });

  it('renders /metrics from the request headers and query', async () => {
    const text = await render({ method: 'GET', url: '/metrics', headers: {} });
    assert.equal(text?.status, 200);
    assert.match(text?.body as string, /^rendered 1$/m);

    const om = await render({
      method: 'GET',
      url: '/metrics',
      headers: { accept: 'application/openmetrics-text' },
    });
    assert.ok(String(om?.body).endsWith('# EOF\n'));

    const json = await render({ method: 'GET', url: '/metrics?x=1&format=json', headers: {} });
    assert.match(json?.headers['Content-Type'] ?? '', /^application\/json/);

    // Repeated headers arrive as arrays in some servers; they are joined as HTTP says.
    const zipped = await render({
      method: 'GET',
      url: '/metrics',
      headers: { 'accept-encoding': ['br', 'gzip'] },
    });
    assert.equal(zipped?.headers['Content-Encoding'], 'gzip');
    assert.match(gunzipSync(zipped?.body as Uint8Array).toString(), /^rendered 1$/m);
  });

  it('answers 405 for other methods and serves health and readiness', async () => {
    const post = await render({ method: 'POST', url: '/metrics', headers: {} });
    assert.equal(post?.status, 405);
    assert.equal(post?.headers.Allow, 'GET, HEAD');
    assert.equal((await render({ method: 'HEAD', url: '/health', headers: {} }))?.status, 200);
    const ready = await render({ method: 'GET', url: '/ready', headers: {} });
    assert.equal(ready?.status, 503);
    assert.deepEqual(JSON.parse(ready?.body as string).failed, ['db']);
  });

  it('honours gzip: false', async () => {
    const plain = createMetricsRenderer(sampleRegistry(), { gzip: false });
    const res = await plain({ method: 'GET', url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res?.headers['Content-Encoding'], undefined);
  });
});
