import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Counter } from '../counter.js';
import { Registry } from '../registry.js';
import { chooseFormat } from './exposition-body.js';
import type { MetricsSource } from './options.js';
import { renderHealth, renderMetrics, renderReadiness } from './render.js';

function sampleRegistry(): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Counter({ name: 'renders_total', help: 'Renders.', registry }).inc(2);
  return registry;
}

describe('chooseFormat', () => {
  it('follows Prometheus negotiation, with JSON only when asked explicitly', () => {
    assert.equal(chooseFormat(undefined)?.format, 'prometheus');
    assert.equal(chooseFormat('*/*')?.format, 'prometheus');
    assert.equal(chooseFormat('application/openmetrics-text; version=1.0.0')?.format, 'openmetrics');
    assert.equal(
      chooseFormat('text/plain;version=0.0.4;q=0.5,application/openmetrics-text')?.format,
      'openmetrics',
    );
    assert.equal(chooseFormat('application/json')?.format, 'json');
    assert.equal(chooseFormat('application/json;q=0.1, text/plain')?.format, 'prometheus');
  });

  it('lets ?format= win over Accept and refuses unknown names', () => {
    assert.equal(chooseFormat('application/openmetrics-text', 'prometheus')?.format, 'prometheus');
    assert.equal(chooseFormat(undefined, 'openmetrics')?.format, 'openmetrics');
    assert.equal(chooseFormat('text/plain', 'json')?.format, 'json');
    assert.equal(chooseFormat('application/json', '')?.format, 'json');
    assert.equal(chooseFormat(undefined, 'JSON'), undefined);
    assert.equal(chooseFormat(undefined, 'text'), undefined);
  });
});

describe('renderMetrics', () => {
  it('renders the negotiated format as a whole body with the metrics headers', async () => {
    const text = await renderMetrics(sampleRegistry(), {});
    assert.equal(text.status, 200);
    assert.equal(text.headers['Content-Type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(text.headers['Cache-Control'], 'no-store');
    assert.equal(typeof text.body, 'string');
    assert.match(text.body as string, /^renders_total 2$/m);

    const om = await renderMetrics(sampleRegistry(), { accept: 'application/openmetrics-text' });
    assert.match(om.headers['Content-Type']!, /^application\/openmetrics-text/);
    assert.ok((om.body as string).endsWith('# EOF\n'));

    const json = await renderMetrics(sampleRegistry(), { format: 'json' });
    assert.match(json.headers['Content-Type']!, /^application\/json/);
    assert.equal(JSON.parse(json.body as string).families[0].name, 'renders_total');
  });

  it('gzips when accepted and allowed', async () => {
    const zipped = await renderMetrics(sampleRegistry(), { acceptEncoding: 'gzip' });
    assert.equal(zipped.headers['Content-Encoding'], 'gzip');
    assert.ok(zipped.body instanceof Uint8Array);
    assert.match(gunzipSync(zipped.body).toString(), /^renders_total 2$/m);
    const off = await renderMetrics(sampleRegistry(), { acceptEncoding: 'gzip', gzip: false });
    assert.equal(off.headers['Content-Encoding'], undefined);
    assert.equal(typeof off.body, 'string');
  });

  it('answers 400 for an unknown ?format= and 500 for a failing collect, without rejecting', async () => {
    const bad = await renderMetrics(sampleRegistry(), { format: 'yaml' });
    assert.equal(bad.status, 400);
    assert.match(bad.body as string, /Unknown format "yaml"/);
    const failing: MetricsSource = {
      collect: () => Promise.reject(new TypeError('collector is broken')),
    };
    const failed = await renderMetrics(failing, {});
    assert.equal(failed.status, 500);
    assert.equal(failed.body, 'Failed to collect metrics: collector is broken\n');
    assert.match(failed.headers['Content-Type']!, /^text\/plain/);
  });
});

describe('renderHealth and renderReadiness', () => {
  it('renders liveness as 200 {"status":"ok"}', () => {
    const health = renderHealth();
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body as string), { status: 'ok' });
  });

  it('renders readiness as 200 or 503 with the report', async () => {
    assert.equal((await renderReadiness({ a: () => true })).status, 200);
    const down = await renderReadiness({ a: () => true, b: () => Promise.reject(new Error('b is down')) });
    assert.equal(down.status, 503);
    assert.deepEqual(JSON.parse(down.body as string), {
      status: 'unavailable',
      failed: ['b'],
      checks: { a: { status: 'ok' }, b: { status: 'failed', error: 'b is down' } },
    });
  });
});
