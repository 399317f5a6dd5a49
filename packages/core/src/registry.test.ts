import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter } from './counter.js';
import { DuplicateMetricError, InvalidConfigError } from './errors.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import { defaultRegistry, Registry } from './registry.js';
import type { CounterPoint, MetricFamily } from './types.js';

const names = (families: MetricFamily[]) => families.map((f) => f.name);
const duplicate = (e: unknown) =>
  e instanceof DuplicateMetricError && e.code === 'TELEMETER_ERR_DUPLICATE_METRIC';

describe('Registry registration', () => {
  it('registers on construction, in order, and supports get/getAll/unregister', async () => {
    const registry = new Registry({ selfMetrics: false });
    const b = new Counter({ name: 'b_total', help: 'h', registry });
    const a = new Gauge({ name: 'a', help: 'h', registry });
    assert.equal(registry.get('b_total'), b);
    assert.deepEqual(registry.getAll(), [b, a]);
    assert.deepEqual(names(await registry.collect()), ['b_total', 'a']);
    assert.equal(registry.unregister('b_total'), true);
    assert.equal(registry.unregister('b_total'), false);
    assert.equal(registry.get('b_total'), undefined);
    registry.register(b);
    registry.register(b); // same metric again: no-op
    assert.deepEqual(names(await registry.collect()), ['a', 'b_total']);
  });

  it('rejects a second metric with the same name, saying how to fix it', () => {
    const registry = new Registry();
    new Counter({ name: 'dup_total', help: 'h', registry });
    assert.throws(
      () => new Counter({ name: 'dup_total', help: 'h', registry }),
      (e: unknown) =>
        duplicate(e) &&
        /registry\.counter\(\)/.test((e as Error).message) &&
        /another name/.test((e as Error).message),
    );
    const loose = new Gauge({ name: 'dup_total', help: 'h', registry: null });
    assert.throws(() => registry.register(loose), duplicate);
    assert.throws(
      () => new Counter({ name: 'telemeter_dropped_samples_total', help: 'h', registry }),
      duplicate,
    );
  });

  it("names the existing metric's type in the fix it suggests", () => {
    const registry = new Registry();
    new Histogram({ name: 'taken_seconds', help: 'h', registry });
    assert.throws(
      () => new Gauge({ name: 'taken_seconds', help: 'h', registry }),
      (e: unknown) =>
        duplicate(e) &&
        (e as Error).message.includes('A histogram named "taken_seconds"') &&
        (e as Error).message.includes('use registry.histogram() to get the existing metric'),
    );
  });

  it('uses defaultRegistry when no registry option is given', () => {
    const c = new Counter({ name: 'registry_test_default_total', help: 'h' });
    try {
      assert.equal(defaultRegistry.get('registry_test_default_total'), c);
      assert.equal(c.registry, defaultRegistry);
    } finally {
      defaultRegistry.unregister('registry_test_default_total');
    }
  });

  it('get-or-create returns the existing metric for the same definition and throws otherwise', () => {
    const registry = new Registry();
    const c = registry.counter({ name: 'goc_total', help: 'h', labelNames: ['a', 'b'] });
    assert.equal(registry.counter({ name: 'goc_total', help: 'different help', labelNames: ['b', 'a'] }), c);
    assert.equal(c.registry, registry);
    assert.throws(() => registry.counter({ name: 'goc_total', help: 'h', labelNames: ['a'] }), duplicate);
    assert.throws(() => registry.gauge({ name: 'goc_total', help: 'h', labelNames: ['a', 'b'] }), duplicate);
    const g = registry.gauge({ name: 'goc_gauge', help: 'h' });
    assert.equal(registry.gauge({ name: 'goc_gauge', help: 'h' }), g);
    assert.throws(() => registry.gauge({ name: 'goc_gauge', help: 'h', unit: 'bytes' } as never), Error);
  });

  it('get-or-create rejects another cardinalityLimit or ttlSeconds, saying which', () => {
    const registry = new Registry({ cardinalityLimit: 50 });
    const c = registry.counter({ name: 'lim_total', help: 'h', cardinalityLimit: 10, ttlSeconds: 60 });
    assert.equal(registry.counter({ name: 'lim_total', help: 'h', cardinalityLimit: 10, ttlSeconds: 60 }), c);
    const rejects = (options: object, pattern: RegExp) =>
      assert.throws(
        () => registry.counter({ name: 'lim_total', help: 'h', ...options }),
        (e: unknown) => duplicate(e) && pattern.test((e as Error).message),
        JSON.stringify(options),
      );
    rejects({ cardinalityLimit: 20, ttlSeconds: 60 }, /cardinalityLimit 10, not 20/);
    rejects({ ttlSeconds: 60 }, /cardinalityLimit 10, not the default 50/);
    rejects({ cardinalityLimit: 10, ttlSeconds: 30 }, /with ttlSeconds 60, not with 30/);
    rejects({ cardinalityLimit: 10 }, /with ttlSeconds 60, not without/);
    // Created without a limit: leaving it out, or passing the registry's, both match.
    const d = registry.gauge({ name: 'lim_default', help: 'h' });
    assert.equal(registry.gauge({ name: 'lim_default', help: 'h' }), d);
    assert.equal(registry.gauge({ name: 'lim_default', help: 'h', cardinalityLimit: 50 }), d);
    assert.throws(() => registry.gauge({ name: 'lim_default', help: 'h', cardinalityLimit: 5 }), duplicate);
    assert.throws(() => registry.gauge({ name: 'lim_default', help: 'h', ttlSeconds: 5 }), duplicate);
  });

  it('get-or-create keeps the first collect callback and warns once about another', async () => {
    const registry = new Registry();
    const warnings: { code?: string; message: string }[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (/pool_size|plain_total/.test(warning.message)) warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const first = (gauge: Gauge) => gauge.set(1);
      const g = registry.gauge({ name: 'pool_size', help: 'h', collect: first });
      assert.equal(registry.gauge({ name: 'pool_size', help: 'h', collect: first }), g);
      assert.equal(registry.gauge({ name: 'pool_size', help: 'h' }), g);
      assert.equal(registry.gauge({ name: 'pool_size', help: 'h', collect: (x) => x.set(2) }), g);
      assert.equal(registry.gauge({ name: 'pool_size', help: 'h', collect: (x) => x.set(3) }), g);
      const plain = registry.counter({ name: 'plain_total', help: 'h' });
      assert.equal(registry.counter({ name: 'plain_total', help: 'h', collect: () => {} }), plain);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.map((w) => w.code),
        ['TELEMETER_W_COLLECT_IGNORED', 'TELEMETER_W_COLLECT_IGNORED'],
      );
      assert.match(warnings[0]!.message, /gauge "pool_size" and ignored the collect callback/);
      assert.match(warnings[1]!.message, /keeps having no callback/);
      assert.equal((await g.collect()).points[0]!.value, 1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('resetAll() zeroes every metric and the self-metrics; clear() unregisters everything', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'r_total', help: 'h', labelNames: ['a'], registry });
    c.labels({ a: 'x' }).inc(3);
    c.labels({ a: 'x' }).inc(-1);
    registry.resetAll();
    assert.equal(c.labels({ a: 'x' }).get(), 0);
    assert.equal(registry.selfMetrics.droppedSamples('negative_increment'), 0);
    registry.clear();
    assert.deepEqual(registry.getAll(), []);
    assert.deepEqual(names(await registry.collect()), [
      'telemeter_dropped_samples_total',
      'telemeter_cardinality_overflow_total',
    ]);
  });

  it('validates its options', () => {
    assert.throws(() => new Registry({ cardinalityLimit: 0 }), InvalidConfigError);
    assert.throws(() => new Registry({ defaultLabels: { 'bad-name': 'x' } }), InvalidConfigError);
    assert.throws(() => new Registry({ selfMetrics: 'yes' as never }), InvalidConfigError);
  });
});

describe('Registry collect', () => {
  it('applies default labels; a series own label wins', async () => {
    const registry = new Registry({ defaultLabels: { service: 'api', env: 'prod' }, selfMetrics: false });
    const c = new Counter({ name: 'd_total', help: 'h', labelNames: ['env'], registry });
    c.labels({ env: 'dev' }).inc();
    const [family] = await registry.collect();
    assert.deepEqual(family!.labelNames, ['env', 'service']);
    assert.deepEqual(family!.points[0]!.labelValues, ['dev', 'api']);
    assert.deepEqual(c.snapshot().labelNames, ['env'], 'the metric itself is unchanged');
    registry.setDefaultLabels({ zone: 'z1' });
    const [again] = await registry.collect();
    assert.deepEqual(again!.points[0]!.labelValues, ['dev', 'z1']);
    assert.throws(() => registry.setDefaultLabels({ __x: 'y' }), InvalidConfigError);
  });

  it('runs sync and async collect callbacks concurrently before snapshotting', async () => {
    const registry = new Registry({ selfMetrics: false });
    let started = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((r) => {
      release = r;
    });
    const waitForBoth = async () => {
      if (++started === 2) release();
      await bothStarted;
    };
    new Gauge({
      name: 'g1',
      help: 'h',
      registry,
      collect: async (g) => {
        await waitForBoth();
        g.set(1);
      },
    });
    new Gauge({
      name: 'g2',
      help: 'h',
      registry,
      collect: async (g) => {
        await waitForBoth();
        g.set(2);
      },
    });
    new Gauge({ name: 'g3', help: 'h', registry, collect: (g) => g.set(3) });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('callbacks ran one after another')), 2000).unref(),
    );
    const families = await Promise.race([registry.collect(), timeout]);
    assert.deepEqual(
      families.map((f) => (f.points[0] as { value: number }).value),
      [1, 2, 3],
    );
  });

  it('leaves out the family of a throwing or rejecting callback, warns once, and never rejects', async () => {
    const codes: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.message.includes('"broken')) codes.push(w.code ?? '');
    };
    process.on('warning', onWarning);
    try {
      const registry = new Registry({ selfMetrics: false });
      new Gauge({ name: 'ok', help: 'h', registry, collect: (g) => g.set(1) });
      new Gauge({
        name: 'broken_sync',
        help: 'h',
        registry,
        collect: () => {
          throw new Error('sync failure');
        },
      });
      new Gauge({
        name: 'broken_async',
        help: 'h',
        registry,
        collect: async () => Promise.reject(new Error('async failure')),
      });
      new Counter({ name: 'plain_total', help: 'h', registry });
      assert.deepEqual(names(await registry.collect()), ['ok', 'plain_total']);
      assert.deepEqual(names(await registry.collect()), ['ok', 'plain_total']);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(codes, ['TELEMETER_W_COLLECT_FAILED', 'TELEMETER_W_COLLECT_FAILED']);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('lists the self-metrics families, empty until something is dropped, then with exact counts', async () => {
    const registry = new Registry({ cardinalityLimit: 1 });
    const c = new Counter({ name: 's_total', help: 'h', labelNames: ['a'], registry });
    let families = await registry.collect();
    assert.deepEqual(names(families), [
      's_total',
      'telemeter_dropped_samples_total',
      'telemeter_cardinality_overflow_total',
    ]);
    assert.deepEqual(families[1]!.points, []);
    assert.deepEqual(families[2]!.points, []);
    c.labels({ a: '1' }).inc(-5);
    c.labels({ a: '2' }).inc();
    c.labels({ a: '3' }).inc();
    c.labels({ b: '3' } as never).inc();
    c.labels({ a: '1' }).inc(Number.NaN);
    families = await registry.collect();
    assert.deepEqual(
      (families[1]!.points as readonly CounterPoint[]).map((p) => [p.labelValues[0], p.value]).sort(),
      [
        ['invalid_labels', 1],
        ['invalid_value', 1],
        ['negative_increment', 1],
      ],
    );
    assert.deepEqual(families[2]!.points, [{ labelValues: ['s_total'], value: 2 }]);
    assert.deepEqual(names(await new Registry({ selfMetrics: false }).collect()), []);
  });

  it('merges registries, sums their self-metrics, and rejects duplicate names at collect', async () => {
    const a = new Registry({ defaultLabels: { from: 'a' } });
    const b = new Registry();
    new Counter({ name: 'a_total', help: 'h', registry: a }).inc(-1);
    new Counter({ name: 'b_total', help: 'h', registry: b }).inc(-1);
    const merged = Registry.merge([a, b]);
    const families = await merged.collect();
    assert.deepEqual(names(families), [
      'a_total',
      'b_total',
      'telemeter_dropped_samples_total',
      'telemeter_cardinality_overflow_total',
    ]);
    assert.deepEqual(families[0]!.labelNames, ['from']);
    assert.deepEqual(families[2]!.points, [{ labelValues: ['negative_increment'], value: 2 }]);
    assert.ok(merged.get('b_total'));
    new Gauge({ name: 'a_total', help: 'h', registry: b });
    await assert.rejects(merged.collect(), duplicate);
  });

  it("a merged registry lists and resets its sources' metrics; clear() clears only its own", () => {
    const a = new Registry();
    const b = new Registry();
    const ca = new Counter({ name: 'ma_total', help: 'h', registry: a });
    const cb = new Counter({ name: 'mb_total', help: 'h', registry: b });
    const merged = Registry.merge([a, b]);
    const own = new Counter({ name: 'own_total', help: 'h', registry: merged });
    assert.deepEqual(merged.getAll(), [own, ca, cb]);
    ca.inc(2);
    cb.inc(3);
    own.inc();
    cb.inc(-1);
    merged.resetAll();
    assert.deepEqual([ca.get(), cb.get(), own.get()], [0, 0, 0]);
    assert.equal(b.selfMetrics.droppedSamples('negative_increment'), 0);
    merged.clear();
    assert.deepEqual(merged.getAll(), [ca, cb]);
    assert.equal(a.get('ma_total'), ca);
    assert.equal(merged.get('own_total'), undefined);
  });

  it('renders Prometheus text, OpenMetrics and JSON', async () => {
    const registry = new Registry({ selfMetrics: false });
    new Counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['code'], registry })
      .labels({ code: 200 })
      .inc(2);
    new Histogram({ name: 'lat_seconds', help: 'Latency', buckets: [1], registry }).observe(0.5);
    const text = await registry.metrics();
    assert.match(text, /^http_requests_total\{code="200"\} 2$/m);
    assert.match(text, /^lat_seconds_bucket\{le="1"\} 1$/m);
    assert.equal(await registry.metrics('prometheus'), text);
    const om = await registry.metrics('openmetrics');
    assert.ok(om.endsWith('# EOF\n'));
    assert.match(om, /^http_requests_total\{code="200"\} 2/m);
    const json = JSON.parse(await registry.metrics('json'));
    assert.equal(typeof json, 'object');
    assert.ok(JSON.stringify(json).includes('http_requests_total'));
    await assert.rejects(registry.metrics('xml' as never), InvalidConfigError);
  });
});

describe('Registry get-or-create for summaries', () => {
  it('returns the existing summary for the same quantiles and rejects other quantiles', () => {
    const registry = new Registry();
    const s = registry.summary({ name: 'sz_bytes', help: 'h', labelNames: ['a'] });
    assert.equal(registry.summary({ name: 'sz_bytes', help: 'h', labelNames: ['a'] }), s);
    assert.throws(
      () => registry.summary({ name: 'sz_bytes', help: 'h', labelNames: ['a'], quantiles: [0.5] }),
      duplicate,
    );
  });
});
