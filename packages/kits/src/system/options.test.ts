import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuplicateMetricError, Gauge, InvalidConfigError, Registry } from '@telemeter/core';
import { collectSystemMetrics } from './collect-system-metrics.js';
import type { SystemMetricsOptions } from './options.js';

describe('collectSystemMetrics options', () => {
  it('rejects bad options with InvalidConfigError naming the option, registering nothing', () => {
    const registry = new Registry();
    const bad: [string, SystemMetricsOptions][] = [
      ['prefix', { prefix: '1abc' }],
      ['prefix', { prefix: 'a-b' }],
      ['labels', { labels: { cpu: 'x' } }],
      ['labels', { labels: { __x: 'x' } }],
      ['labels', { labels: { host: 1 as unknown as string } }],
      ['groups', { groups: ['cpu', 'gpu' as never] }],
      ['memoryFields', { memoryFields: 'some' as never }],
      ['procfs', { procfs: '' }],
      ['filesystemTimeoutMs', { filesystemTimeoutMs: 0 }],
      ['filesystemTimeoutMs', { filesystemTimeoutMs: Number.NaN }],
      ['interfaces', { interfaces: 'eth0' as never }],
      ['registry', { registry: {} as Registry }],
    ];
    for (const [key, options] of bad) {
      assert.throws(
        () => collectSystemMetrics({ registry, ...options }),
        (error: unknown) => error instanceof InvalidConfigError && error.key === key,
        JSON.stringify(options),
      );
    }
    assert.throws(() => collectSystemMetrics(null as never), InvalidConfigError);
    assert.deepEqual(registry.getAll(), []);
  });

  it('shares metrics between collectors with the same options; unregisters when the last one stops', async () => {
    const registry = new Registry();
    const a = collectSystemMetrics({ registry, groups: ['cpu', 'memory'], interfaces: ['lo'] });
    const b = collectSystemMetrics({ registry, interfaces: ['lo'], groups: ['memory', 'cpu'] });
    assert.deepEqual(a.metricNames, b.metricNames);
    assert.equal(registry.getAll().length, a.metricNames.length);
    await registry.collect();
    a.stop();
    a.stop();
    assert.equal(registry.getAll().length, b.metricNames.length, 'still in use by b');
    b.stop();
    assert.deepEqual(registry.getAll(), []);
    // And it starts again afresh.
    const c = collectSystemMetrics({ registry, groups: ['cpu'] });
    assert.ok(registry.get('node_cpu_seconds_total') !== undefined);
    c.stop();
  });

  it('refuses a second configuration over the same names, and allows it under another prefix', () => {
    const registry = new Registry();
    const a = collectSystemMetrics({ registry, groups: ['load'] });
    assert.throws(
      () => collectSystemMetrics({ registry, groups: ['load'], labels: { host: 'x' } }),
      DuplicateMetricError,
    );
    const b = collectSystemMetrics({ registry, groups: ['load'], prefix: 'other_' });
    assert.ok(registry.get('other_node_load1') !== undefined);
    a.stop();
    b.stop();
    assert.deepEqual(registry.getAll(), []);
  });

  it('refuses names the application already registered, leaving its metric alone', () => {
    const registry = new Registry();
    const mine = new Gauge({ name: 'node_load5', help: 'mine', registry });
    assert.throws(
      () => collectSystemMetrics({ registry, groups: ['load'] }),
      (error: unknown) => {
        return error instanceof DuplicateMetricError && error.message.includes('node_load5');
      },
    );
    assert.deepEqual(registry.getAll(), [mine]);
  });

  it('does not unregister a metric someone registered under the same name after clearing ours', () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: ['load'] });
    registry.clear();
    const theirs = new Gauge({ name: 'node_load1', help: 'theirs', registry });
    system.stop();
    assert.equal(registry.get('node_load1'), theirs);
  });

  it('with groups: [] registers nothing', () => {
    const registry = new Registry();
    const system = collectSystemMetrics({ registry, groups: [] });
    assert.deepEqual(system.metricNames, []);
    assert.deepEqual(system.sources, {});
    system.stop();
  });
});
