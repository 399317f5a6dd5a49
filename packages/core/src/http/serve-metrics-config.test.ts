import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { resetConfig } from '../config.js';
import { InvalidConfigError } from '../errors.js';
import { Registry } from '../registry.js';
import { serveMetrics } from './serve-metrics.js';

describe('serveMetrics reads its defaults from the TELEMETER_* environment', () => {
  afterEach(() => resetConfig({}));

  it('takes port, path and runtime metrics from the environment, and stops runtime metrics on close', async () => {
    resetConfig({
      TELEMETER_METRICS_PORT: '0',
      TELEMETER_METRICS_PATH: '/prom',
      TELEMETER_RUNTIME_METRICS: 'true',
    });
    const registry = new Registry();
    const server = await serveMetrics({ registry });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/prom$/);
      const text = await (await fetch(server.url)).text();
      assert.match(text, /^process_cpu_seconds_total \d/m);
      assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
    } finally {
      await server.close();
    }
    assert.equal(
      registry.get('process_cpu_seconds_total'),
      undefined,
      'runtime metrics unregistered by close()',
    );
  });

  it('explicit options win over the environment', async () => {
    resetConfig({ TELEMETER_METRICS_PATH: '/prom', TELEMETER_RUNTIME_METRICS: 'true' });
    const registry = new Registry();
    const server = await serveMetrics({ registry, port: 0, path: '/metrics', runtimeMetrics: false });
    try {
      assert.match(server.url, /\/metrics$/);
      const text = await (await fetch(server.url)).text();
      assert.doesNotMatch(text, /process_cpu_seconds_total/);
    } finally {
      await server.close();
    }
  });

  it('refuses runtimeMetrics for a source that is not a Registry', async () => {
    const source = { collect: async () => [] };
    await assert.rejects(
      serveMetrics({ registry: source, port: 0, runtimeMetrics: true }),
      InvalidConfigError,
    );
  });
});
