import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { configure, resetConfig } from '../config.js';
import { DuplicateMetricError, InvalidConfigError, InvalidMetricError } from '../errors.js';
import { Gauge } from '../gauge.js';
import { defaultRegistry, Registry } from '../registry.js';
import type { HistogramFamily, MetricFamily } from '../types.js';
import { collectRuntimeMetrics, type RuntimeMetricsCollector } from './collect-runtime-metrics.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const isLinux = process.platform === 'linux';

const EVERYWHERE = [
  'process_cpu_user_seconds_total',
  'process_cpu_system_seconds_total',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_stddev_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_utilization_ratio',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_external_memory_bytes',
  'nodejs_array_buffers_bytes',
  'nodejs_heap_space_size_total_bytes',
  'nodejs_heap_space_size_used_bytes',
  'nodejs_heap_space_size_available_bytes',
  'nodejs_version_info',
  'nodejs_gc_duration_seconds',
];
const LINUX_ONLY = [
  'process_virtual_memory_bytes',
  'process_heap_bytes',
  'process_open_fds',
  'process_max_fds',
];

type Families = Map<string, MetricFamily>;

async function scrape(registry: Registry): Promise<Families> {
  return new Map((await registry.collect()).map((f) => [f.name, f]));
}

/** The value of the series whose own labels (those before the constant ones) are `labels`. */
function value(families: Families, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  assert.ok(family !== undefined, `${name} is missing`);
  assert.ok(family.type === 'gauge' || family.type === 'counter', `${name} is a ${family.type}`);
  const point = family.points.find((p) =>
    Object.entries(labels).every(([k, v]) => p.labelValues[family.labelNames.indexOf(k)] === v),
  );
  assert.ok(point !== undefined, `${name}${JSON.stringify(labels)} has no series`);
  return point.value;
}

function gcCount(families: Families, kind: string): number {
  const family = families.get('nodejs_gc_duration_seconds') as HistogramFamily;
  const point = family.points.find((p) => p.labelValues[0] === kind);
  assert.ok(point !== undefined, `no gc series for kind ${kind}`);
  return point.count;
}

const collectors: RuntimeMetricsCollector[] = [];
function start(options: Parameters<typeof collectRuntimeMetrics>[0]): RuntimeMetricsCollector {
  const collector = collectRuntimeMetrics(options);
  collectors.push(collector);
  return collector;
}
afterEach(() => {
  for (const c of collectors.splice(0)) c.stop();
});

describe('collectRuntimeMetrics', () => {
  it('registers every metric this platform supports, in a stable order', async () => {
    const registry = new Registry({ selfMetrics: false });
    const collector = start({ registry });
    const expected = isLinux ? [...EVERYWHERE, ...LINUX_ONLY] : EVERYWHERE;
    assert.deepEqual([...collector.metricNames].sort(), [...expected].sort());
    assert.deepEqual(
      (await registry.collect()).map((f) => f.name),
      collector.metricNames,
    );
  });

  it('reports sane process values', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const m = await scrape(registry);
    const user = value(m, 'process_cpu_user_seconds_total');
    const system = value(m, 'process_cpu_system_seconds_total');
    assert.ok(user > 0 && system >= 0);
    assert.ok(Math.abs(value(m, 'process_cpu_seconds_total') - (user + system)) < 1e-9);
    const start_ = value(m, 'process_start_time_seconds');
    assert.ok(Math.abs(start_ - (Date.now() / 1000 - process.uptime())) < 2, String(start_));
    assert.ok(value(m, 'process_resident_memory_bytes') > 1024 * 1024);
    if (isLinux) {
      assert.ok(value(m, 'process_virtual_memory_bytes') >= value(m, 'process_resident_memory_bytes'));
      assert.ok(value(m, 'process_heap_bytes') > 0);
      const open = value(m, 'process_open_fds');
      assert.ok(open > 0 && open <= value(m, 'process_max_fds'), `${open} open`);
    }
  });

  it('reports CPU time since process start that only goes up, also across a registry reset', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const first = value(await scrape(registry), 'process_cpu_seconds_total');
    assert.ok(first >= process.cpuUsage().user / 1e6 - 0.5);
    registry.resetAll();
    const until = process.cpuUsage().user + 20_000;
    while (process.cpuUsage().user < until);
    const second = value(await scrape(registry), 'process_cpu_seconds_total');
    assert.ok(second >= first + 0.02, `${first} -> ${second}`);
  });

  it('reports sane V8 heap values', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const m = await scrape(registry);
    const used = value(m, 'nodejs_heap_size_used_bytes');
    assert.ok(used > 0 && used <= value(m, 'nodejs_heap_size_total_bytes'));
    const arrayBuffers = value(m, 'nodejs_array_buffers_bytes');
    assert.ok(arrayBuffers >= 0 && arrayBuffers <= value(m, 'nodejs_external_memory_bytes'));
    const spaces = m.get('nodejs_heap_space_size_total_bytes')!;
    assert.deepEqual(spaces.labelNames, ['space']);
    const names = spaces.points.map((p) => p.labelValues[0]);
    assert.ok(names.includes('new') && names.includes('old'), names.join());
    for (const space of names) {
      const total = value(m, 'nodejs_heap_space_size_total_bytes', { space: space! });
      assert.ok(value(m, 'nodejs_heap_space_size_used_bytes', { space: space! }) <= total, space);
      assert.ok(value(m, 'nodejs_heap_space_size_available_bytes', { space: space! }) >= 0, space);
    }
  });

  it('reports event-loop delay statistics, lag and utilization', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry, eventLoopMonitoringPrecision: 5 });
    // Until the sampler has its first sample the statistics are 0; poll rather than sleep a fixed
    // time, since a descheduled process on a loaded machine can miss ticks.
    let m = await scrape(registry);
    const stat = (s: string) => value(m, `nodejs_eventloop_lag_${s}_seconds`);
    for (let i = 0; i < 200 && stat('min') === 0; i++) {
      await sleep(10);
      m = await scrape(registry);
    }
    assert.ok(stat('min') > 0 && stat('min') <= stat('p50'));
    assert.ok(stat('p50') <= stat('p90') && stat('p90') <= stat('p99') && stat('p99') <= stat('max'));
    assert.ok(stat('min') <= stat('mean') && stat('mean') <= stat('max') && stat('stddev') >= 0);
    assert.ok(value(m, 'nodejs_eventloop_lag_seconds') >= 0);
    const elu = value(m, 'nodejs_eventloop_utilization_ratio');
    assert.ok(elu >= 0 && elu <= 1, String(elu));
  });

  it('counts active resources and handles by type, with totals that match', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const m = await scrape(registry);
      assert.ok(value(m, 'nodejs_active_resources', { type: 'TCPServerWrap' }) >= 1);
      assert.ok(value(m, 'nodejs_active_handles', { type: 'Server' }) >= 1);
      for (const name of ['nodejs_active_resources', 'nodejs_active_handles', 'nodejs_active_requests']) {
        const sum = m.get(name)!.points.reduce((s, p) => s + (p as { value: number }).value, 0);
        assert.equal(value(m, `${name}_total`), sum, name);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("does not count the lag probe's own setImmediate as an active resource", async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const immediates = () => process.getActiveResourcesInfo().filter((type) => type === 'Immediate').length;
    for (let i = 0; i < 5; i++) {
      // collect() reads the resources synchronously, before its first await, so exactly the
      // Immediates pending now (the runner's, a GC observer's delivery) are the right count;
      // the probe, queued in the same pass, would add one if it were read first.
      const expected = immediates();
      const m = new Map((await registry.collect()).map((f) => [f.name, f]));
      const counted = m
        .get('nodejs_active_resources')!
        .points.filter((p) => p.labelValues[0] === 'Immediate')
        .reduce((sum, p) => sum + (p as { value: number }).value, 0);
      assert.equal(counted, expected);
    }
  });

  it('exports the Node.js version as labels', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry });
    const [major, minor, patch] = process.versions.node.split('.');
    const m = await scrape(registry);
    assert.equal(
      value(m, 'nodejs_version_info', {
        version: process.version,
        major: major!,
        minor: minor!,
        patch: patch!,
      }),
      1,
    );
  });

  it('counts forced garbage collections in the gc histogram', async () => {
    const registry = new Registry({ selfMetrics: false });
    start({ registry, gcDurationBuckets: [0.0001, 0.001, 0.01, 0.1] });
    const before = await scrape(registry);
    const family = before.get('nodejs_gc_duration_seconds') as HistogramFamily;
    assert.deepEqual(family.buckets, [0.0001, 0.001, 0.01, 0.1]);
    assert.deepEqual(
      family.points.map((p) => p.labelValues[0]),
      ['major', 'minor', 'incremental', 'weakcb'],
    );
    const majorBefore = gcCount(before, 'major');
    gc();
    gc();
    let after = await scrape(registry);
    for (let i = 0; i < 50 && gcCount(after, 'major') < majorBefore + 2; i++) {
      await sleep(10);
      after = await scrape(registry);
    }
    assert.ok(gcCount(after, 'major') >= majorBefore + 2, `${majorBefore} -> ${gcCount(after, 'major')}`);
    const major = (after.get('nodejs_gc_duration_seconds') as HistogramFamily).points.find(
      (p) => p.labelValues[0] === 'major',
    )!;
    assert.ok(major.sum > 0);
  });

  it('applies a prefix and constant labels to every metric, after the metric’s own labels', async () => {
    const registry = new Registry({ selfMetrics: false });
    const collector = start({ registry, prefix: 'myapp_', labels: { service: 'api', zone: 'a' } });
    const families = await registry.collect();
    assert.equal(families.length, collector.metricNames.length);
    for (const family of families) {
      assert.ok(family.name.startsWith('myapp_'), family.name);
      assert.deepEqual(family.labelNames.slice(-2), ['service', 'zone'], family.name);
      assert.ok(
        family.points.length > 0 || family.name.endsWith('_handles') || family.name.endsWith('_requests'),
      );
      for (const point of family.points)
        assert.deepEqual(point.labelValues.slice(-2), ['api', 'a'], family.name);
    }
    const m = new Map(families.map((f) => [f.name, f]));
    assert.deepEqual(m.get('myapp_nodejs_heap_space_size_used_bytes')!.labelNames, [
      'space',
      'service',
      'zone',
    ]);
    assert.deepEqual(m.get('myapp_nodejs_gc_duration_seconds')!.labelNames, ['kind', 'service', 'zone']);
    assert.ok(value(m, 'myapp_process_cpu_seconds_total', { service: 'api' }) > 0);
  });

  it('takes the default prefix from configure({ runtimePrefix })', () => {
    configure({ runtimePrefix: 'cfg_' });
    try {
      const registry = new Registry();
      const collector = start({ registry });
      assert.ok(collector.metricNames.every((n) => n.startsWith('cfg_')));
    } finally {
      resetConfig();
    }
  });

  it('uses defaultRegistry when no registry is given', async () => {
    const collector = start({});
    assert.ok(defaultRegistry.get('nodejs_heap_size_used_bytes') !== undefined);
    collector.stop();
    assert.equal(defaultRegistry.get('nodejs_heap_size_used_bytes'), undefined);
  });

  it('stop() unregisters everything and stops observing; it can be called twice and started again', async () => {
    const registry = new Registry();
    const selfMetricNames = (await registry.collect()).map((f) => f.name);
    const collector = start({ registry });
    const histogram = registry.get('nodejs_gc_duration_seconds')!;
    collector.stop();
    collector.stop();
    assert.deepEqual(registry.getAll(), []);
    assert.deepEqual(
      (await registry.collect()).map((f) => f.name),
      selfMetricNames,
    );
    const countOf = () => (histogram.snapshot() as HistogramFamily).points.reduce((s, p) => s + p.count, 0);
    const before = countOf();
    gc();
    await sleep(50);
    assert.equal(countOf(), before, 'the GC observer was disconnected');
    const again = start({ registry });
    assert.equal(registry.getAll().length, again.metricNames.length);
  });

  it('stop() leaves alone a metric that replaced one of its own', () => {
    const registry = new Registry();
    const collector = start({ registry });
    registry.unregister('process_open_fds');
    const mine = new Gauge({ name: 'process_open_fds', help: 'Mine.', registry });
    collector.stop();
    assert.equal(registry.get('process_open_fds'), mine);
  });

  it('refuses to start twice on one registry, registering nothing the second time', () => {
    const registry = new Registry();
    const first = start({ registry });
    const count = registry.getAll().length;
    assert.throws(
      () => start({ registry }),
      (error: unknown) => {
        assert.ok(error instanceof DuplicateMetricError);
        assert.equal(error.code, 'TELEMETER_ERR_DUPLICATE_METRIC');
        assert.match(error.message, /already being collected into this registry; call stop\(\)/);
        return true;
      },
    );
    assert.equal(registry.getAll().length, count);
    // With another prefix, the same registry can hold a second set.
    const second = start({ registry, prefix: 'other_' });
    assert.equal(registry.getAll().length, first.metricNames.length + second.metricNames.length);
  });

  it('refuses a name taken by an application metric, leaving the registry untouched', () => {
    const registry = new Registry();
    const mine = new Gauge({ name: 'nodejs_version_info', help: 'Mine.', registry });
    assert.throws(() => start({ registry }), DuplicateMetricError);
    assert.deepEqual(registry.getAll(), [mine]);
  });

  it('rejects bad options with a typed error naming the option', () => {
    const cases: [unknown, string][] = [
      [{ prefix: '1app_' }, 'prefix'],
      [{ prefix: 'my-app_' }, 'prefix'],
      [{ prefix: 7 }, 'prefix'],
      [{ labels: { type: 'x' } }, 'labels'],
      [{ labels: { kind: 'x' } }, 'labels'],
      [{ labels: { 'bad-name': 'x' } }, 'labels'],
      [{ labels: { __name: 'x' } }, 'labels'],
      [{ labels: { n: 1 } }, 'labels'],
      [{ labels: ['x'] }, 'labels'],
      [{ eventLoopMonitoringPrecision: 0 }, 'eventLoopMonitoringPrecision'],
      [{ eventLoopMonitoringPrecision: 2.5 }, 'eventLoopMonitoringPrecision'],
      [{ eventLoopMonitoringPrecision: '10' }, 'eventLoopMonitoringPrecision'],
      [{ registry: {} }, 'registry'],
    ];
    for (const [options, key] of cases) {
      const registry = new Registry();
      assert.throws(
        () => collectRuntimeMetrics({ registry, ...(options as object) } as never),
        (error: unknown) => error instanceof InvalidConfigError && error.key === key,
        JSON.stringify(options),
      );
      assert.deepEqual(registry.getAll(), [], JSON.stringify(options));
    }
    assert.throws(
      () => collectRuntimeMetrics(null as never),
      (error: unknown) => error instanceof InvalidConfigError && error.key === 'options',
    );
  });

  it('rejects bad GC buckets without leaving metrics or observers behind', () => {
    const registry = new Registry();
    assert.throws(() => collectRuntimeMetrics({ registry, gcDurationBuckets: [2, 1] }), InvalidMetricError);
    assert.deepEqual(registry.getAll(), []);
  });
});
