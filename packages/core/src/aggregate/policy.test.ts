import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError } from '../errors.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { Registry } from '../registry.js';
import type { CounterFamily, GaugeFamily, HistogramFamily, MetricFamily } from '../types.js';
import { type MergeInput, mergeFamilies } from './merge-families.js';
import { AGGREGATION_WARNING_CODES } from './warnings.js';

/** A fresh registry's snapshot, built with the real instruments. */
function snapshot(build: (registry: Registry) => void): MetricFamily[] {
  const registry = new Registry({ selfMetrics: false });
  build(registry);
  return registry.getAll().map((metric) => metric.snapshot());
}

function find<T extends MetricFamily>(families: readonly MetricFamily[], name: string): T {
  const family = families.find((f) => f.name === name);
  assert.ok(family, `family ${name} is in the merge`);
  return family as T;
}

function seriesValue(
  family: CounterFamily | GaugeFamily,
  labelValues: readonly string[],
): number | undefined {
  return family.points.find((p) => p.labelValues.join('\u0000') === labelValues.join('\u0000'))?.value;
}

describe('mergeFamilies: gauge policies', () => {
  const gauges = (values: Record<string, number>) =>
    snapshot((r) => {
      for (const [name, v] of Object.entries(values)) new Gauge({ name, help: 'h', registry: r }).set(v);
    });
  const inputs: MergeInput[] = [
    {
      source: 'main',
      families: gauges({
        g_sum: 1,
        g_min: 5,
        g_max: 5,
        g_avg: 1,
        g_first: 7,
        g_omit: 1,
        g_per: 1,
        g_nan: Number.NaN,
      }),
    },
    {
      source: '1',
      families: gauges({ g_sum: 2, g_min: 3, g_max: 9, g_avg: 2, g_first: 8, g_omit: 2, g_per: 2, g_nan: 4 }),
    },
    {
      source: '2',
      families: gauges({
        g_sum: 4,
        g_min: 4,
        g_max: 1,
        g_avg: 6,
        g_first: 9,
        g_omit: 3,
        g_per: 3,
        g_nan: Number.NaN,
      }),
    },
  ];
  const { families, warnings } = mergeFamilies(inputs, {
    policies: {
      g_min: 'min',
      g_max: 'max',
      g_avg: 'avg',
      g_first: 'first',
      g_omit: 'omit',
      g_per: 'perWorker',
      g_nan: 'max',
    },
  });
  const single = (name: string) => find<GaugeFamily>(families, name).points[0]!.value;

  it('sums gauges by default', () => assert.equal(single('g_sum'), 7));
  it('min, max and avg', () => {
    assert.equal(single('g_min'), 3);
    assert.equal(single('g_max'), 9);
    assert.equal(single('g_avg'), 3);
  });
  it('first: the main thread, then workers in order', () => assert.equal(single('g_first'), 7));
  it('omit: the metric is left out', () =>
    assert.equal(
      families.find((f) => f.name === 'g_omit'),
      undefined,
    ));
  it('skips NaN values unless all are NaN', () => assert.equal(single('g_nan'), 4));
  it('perWorker: one series per reporter under a worker label', () => {
    const per = find<GaugeFamily>(families, 'g_per');
    assert.deepEqual(per.labelNames, ['worker']);
    assert.deepEqual(
      per.points.map((p) => [p.labelValues, p.value]),
      [
        [['main'], 1],
        [['1'], 2],
        [['2'], 3],
      ],
    );
  });
  it('all NaN stays NaN', () => {
    const { families: merged } = mergeFamilies([
      { source: '1', families: gauges({ g: Number.NaN }) },
      { source: '2', families: gauges({ g: Number.NaN }) },
    ]);
    assert.ok(Number.isNaN(find<GaugeFamily>(merged, 'g').points[0]!.value));
  });
  it('no warnings for valid policies', () => assert.deepEqual(warnings, []));

  it('gaugePolicy sets the default of every gauge, and a custom workerLabel is used', () => {
    const { families: merged } = mergeFamilies(inputs, { gaugePolicy: 'perWorker', workerLabel: 'thread' });
    const sum = find<GaugeFamily>(merged, 'g_sum');
    assert.deepEqual(sum.labelNames, ['thread']);
    assert.equal(sum.points.length, 3);
  });
});

describe('mergeFamilies: policies on other types', () => {
  it('perWorker keeps histograms apart per reporter', () => {
    const h = (v: number) =>
      snapshot((r) => new Histogram({ name: 'h_seconds', help: 'h', buckets: [1], registry: r }).observe(v));
    const { families } = mergeFamilies(
      [
        { source: '1', families: h(0.5) },
        { source: '2', families: h(2) },
      ],
      { policies: { h_seconds: 'perWorker' } },
    );
    const merged = find<HistogramFamily>(families, 'h_seconds');
    assert.deepEqual(merged.labelNames, ['worker']);
    assert.deepEqual(
      merged.points.map((p) => [p.labelValues[0], p.cumulativeCounts]),
      [
        ['1', [1, 1]],
        ['2', [0, 1]],
      ],
    );
  });

  it('max on a histogram is summed instead, with a warning', () => {
    const h = () =>
      snapshot((r) =>
        new Histogram({ name: 'h_seconds', help: 'h', buckets: [1], registry: r }).observe(0.5),
      );
    const { families, warnings } = mergeFamilies(
      [
        { source: '1', families: h() },
        { source: '2', families: h() },
      ],
      { policies: { h_seconds: 'max' } },
    );
    assert.deepEqual(find<HistogramFamily>(families, 'h_seconds').points[0]!.cumulativeCounts, [2, 2]);
    assert.equal(warnings[0]?.code, AGGREGATION_WARNING_CODES.policy);
  });

  it('perWorker on a metric that already has the worker label keeps the first value, with a warning', () => {
    const g = (worker: string, v: number) =>
      snapshot((r) =>
        new Gauge({ name: 'g', help: 'h', labelNames: ['worker'], registry: r }).labels({ worker }).set(v),
      );
    const { families, warnings } = mergeFamilies(
      [
        { source: '1', families: g('x', 1) },
        { source: '2', families: g('x', 2) },
        { source: '3', families: g('y', 3) },
      ],
      { policies: { g: 'perWorker' } },
    );
    const merged = find<GaugeFamily>(families, 'g');
    assert.deepEqual(merged.labelNames, ['worker']);
    assert.equal(seriesValue(merged, ['x']), 1);
    assert.equal(seriesValue(merged, ['y']), 3);
    assert.match(warnings[0]!.message, /already has a "worker" label/);
  });
});

describe('mergeFamilies: options', () => {
  it('rejects an unknown policy, naming the metric and the valid ones', () => {
    assert.throws(
      () => mergeFamilies([], { policies: { queue: 'maximum' as never } }),
      (error: unknown) =>
        error instanceof InvalidConfigError &&
        error.key === 'policies.queue' &&
        /sum, min, max, avg, first, omit, perWorker/.test(error.message),
    );
    assert.throws(() => mergeFamilies([], { gaugePolicy: 'median' as never }), InvalidConfigError);
  });

  it('rejects a workerLabel that is not a label name', () => {
    for (const workerLabel of ['', '1abc', '__worker', 'a-b']) {
      assert.throws(() => mergeFamilies([], { workerLabel }), { key: 'workerLabel' });
    }
  });
});
