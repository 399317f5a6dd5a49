import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { resetConfig } from '../config.js';
import { DuplicateMetricError, InvalidConfigError, ServerListenError } from '../errors.js';
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

  it('refuses an explicit runtimeMetrics for a source that is not a Registry, and skips the env switch with a warning', async () => {
    const source = { collect: async () => [] };
    await assert.rejects(
      serveMetrics({ registry: source, port: 0, runtimeMetrics: true }),
      InvalidConfigError,
    );
    resetConfig({ TELEMETER_RUNTIME_METRICS: 'true' });
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => warnings.push(warning.code ?? '');
    process.on('warning', onWarning);
    const server = await serveMetrics({ registry: source, port: 0 });
    await server.close();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings, ['TELEMETER_W_RUNTIME_METRICS_SKIPPED']);
  });

  it('leaves no runtime metrics registered when listening fails', async () => {
    const registry = new Registry();
    const first = await serveMetrics({ registry: new Registry(), port: 0 });
    const port = Number(new URL(first.url).port);
    try {
      await assert.rejects(serveMetrics({ registry, port, runtimeMetrics: true }), ServerListenError);
      assert.equal(registry.get('process_cpu_seconds_total'), undefined);
    } finally {
      await first.close();
    }
  });

  it('rejects before listening when runtime metrics are already registered', async () => {
    const registry = new Registry();
    const first = await serveMetrics({ registry, port: 0, runtimeMetrics: true });
    try {
      await assert.rejects(serveMetrics({ registry, port: 0, runtimeMetrics: true }), DuplicateMetricError);
    } finally {
      await first.close();
    }
  });
});
