import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { Registry } from '../registry.js';
import { Summary } from '../summary.js';
import type { CounterFamily, GaugeFamily, HistogramFamily, MetricFamily, SummaryFamily } from '../types.js';
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

/** The exact "lower" rank quantile DDSketch approximates: the observation of rank floor(q * (n - 1)). */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

const jobs = (registry: Registry, counts: Record<string, number>) => {
  const counter = new Counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['kind'], registry });
  for (const [kind, n] of Object.entries(counts)) counter.labels({ kind }).inc(n);
};

describe('mergeFamilies: counters', () => {
  it('sums each label set across reporters and keeps label sets only one of them has', () => {
    const { families, warnings } = mergeFamilies([
      { source: 'main', families: snapshot((r) => jobs(r, { a: 100 })) },
      { source: '1', families: snapshot((r) => jobs(r, { a: 3, b: 1 })) },
      { source: '2', families: snapshot((r) => jobs(r, { a: 5, c: 2.5 })) },
    ]);
    const merged = find<CounterFamily>(families, 'jobs_total');
    assert.equal(seriesValue(merged, ['a']), 108);
    assert.equal(seriesValue(merged, ['b']), 1);
    assert.equal(seriesValue(merged, ['c']), 2.5);
    assert.deepEqual(warnings, []);
  });

  it('keeps the earliest created timestamp and the latest exemplar', () => {
    const family = (value: number, created: number, timestamp: number): CounterFamily => ({
      type: 'counter',
      name: 'c_total',
      help: 'h',
      unit: '',
      labelNames: [],
      points: [
        {
          labelValues: [],
          value,
          created,
          exemplar: { labels: { trace_id: String(timestamp) }, value: 1, timestamp },
        },
      ],
    });
    const { families } = mergeFamilies([
      { source: '1', families: [family(1, 2000, 10)] },
      { source: '2', families: [family(2, 1000, 30)] },
      { source: '3', families: [family(3, 3000, 20)] },
    ]);
    const point = find<CounterFamily>(families, 'c_total').points[0]!;
    assert.equal(point.value, 6);
    assert.equal(point.created, 1000);
    assert.deepEqual(point.exemplar?.labels, { trace_id: '30' });
  });

  it('lines up label names that reporters list in another order', () => {
    const a = snapshot((r) =>
      new Counter({ name: 'req_total', help: 'h', labelNames: ['method', 'status'], registry: r })
        .labels({ method: 'GET', status: '200' })
        .inc(2),
    );
    const b = snapshot((r) =>
      new Counter({ name: 'req_total', help: 'h', labelNames: ['status', 'method'], registry: r })
        .labels({ method: 'GET', status: '200' })
        .inc(3),
    );
    const { families, warnings } = mergeFamilies([
      { source: '1', families: a },
      { source: '2', families: b },
    ]);
    const merged = find<CounterFamily>(families, 'req_total');
    assert.deepEqual(merged.labelNames, ['method', 'status']);
    assert.equal(seriesValue(merged, ['GET', '200']), 5);
    assert.equal(merged.points.length, 1);
    assert.deepEqual(warnings, []);
  });

  it('property: merging any split of the increments equals one counter fed them all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 1000 }), fc.nat(3)), {
          maxLength: 60,
        }),
        (increments) => {
          const perSource: Record<string, number>[] = [{}, {}, {}, {}];
          const total: Record<string, number> = {};
          for (const [kind, n, source] of increments) {
            perSource[source]![kind] = (perSource[source]![kind] ?? 0) + n;
            total[kind] = (total[kind] ?? 0) + n;
          }
          const inputs = perSource.map((counts, i) => ({
            source: String(i),
            families: snapshot((r) => jobs(r, counts)),
          }));
          const merged = find<CounterFamily>(mergeFamilies(inputs).families, 'jobs_total');
          for (const [kind, n] of Object.entries(total)) assert.equal(seriesValue(merged, [kind]), n);
          assert.equal(merged.points.length, Object.keys(total).length);
        },
      ),
    );
  });
});

describe('mergeFamilies: histograms', () => {
  const histogram = (values: number[], buckets = [0.1, 1, 10]) =>
    snapshot((r) => {
      const h = new Histogram({ name: 'job_seconds', help: 'h', buckets, registry: r });
      for (const v of values) h.observe(v);
    });

  it('sums cumulative counts bucket by bucket, and _sum and _count', () => {
    const { families, warnings } = mergeFamilies([
      { source: '1', families: histogram([0.05, 0.5, 5]) },
      { source: '2', families: histogram([0.5, 50]) },
    ]);
    const point = find<HistogramFamily>(families, 'job_seconds').points[0]!;
    assert.deepEqual(point.cumulativeCounts, [1, 3, 4, 5]);
    assert.equal(point.count, 5);
    assert.equal(point.sum, 0.05 + 0.5 + 5 + 0.5 + 50);
    assert.deepEqual(warnings, []);
  });

  it('leaves out a reporter with other buckets instead of summing them into the wrong ones, and says so', () => {
    const { families, warnings } = mergeFamilies([
      { source: '1', families: histogram([0.05, 0.5]) },
      { source: '2', families: histogram([0.5], [0.25, 2.5]) },
      { source: '3', families: histogram([5]) },
    ]);
    const merged = find<HistogramFamily>(families, 'job_seconds');
    assert.deepEqual(merged.buckets, [0.1, 1, 10]);
    assert.deepEqual(merged.points[0]!.cumulativeCounts, [1, 2, 3, 3]);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, AGGREGATION_WARNING_CODES.buckets);
    assert.match(warnings[0]!.message, /\[0\.1, 1, 10\] in 1 but \[0\.25, 2\.5\] in 2/);
    assert.match(warnings[0]!.message, /same buckets in every worker/);
  });

  it('property: merging any split of the observations equals one histogram fed them all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), fc.nat(2))),
        (observations) => {
          const parts: number[][] = [[], [], []];
          for (const [v, i] of observations) parts[i]!.push(v);
          const merged = find<HistogramFamily>(
            mergeFamilies(parts.map((values, i) => ({ source: String(i), families: histogram(values) })))
              .families,
            'job_seconds',
          ).points[0]!;
          const whole = (histogram(observations.map(([v]) => v))[0] as HistogramFamily).points[0]!;
          assert.deepEqual(merged.cumulativeCounts, whole.cumulativeCounts);
          assert.equal(merged.count, whole.count);
          assert.ok(Math.abs(merged.sum - whole.sum) <= 1e-9 * Math.max(1, whole.sum));
        },
      ),
    );
  });
});

describe('mergeFamilies: summaries', () => {
  const summary = (values: readonly number[], relativeAccuracy = 0.01) =>
    snapshot((r) => {
      const s = new Summary({
        name: 'size_bytes',
        help: 'h',
        quantiles: [0.5, 0.9, 0.99],
        relativeAccuracy,
        registry: r,
      });
      for (const v of values) s.observe(v);
    });

  it('reads quantiles from the merged sketch: within 1% of the exact quantiles of the union', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (parts) => {
          const { families, warnings } = mergeFamilies(
            parts.map((values, i) => ({ source: String(i), families: summary(values) })),
          );
          const point = find<SummaryFamily>(families, 'size_bytes').points[0]!;
          const union = parts.flat();
          for (const [i, q] of [0.5, 0.9, 0.99].entries()) {
            const exact = exactQuantile(union, q);
            assert.ok(
              Math.abs(point.quantileValues[i]! - exact) <= 0.01 * exact + 1e-12,
              `q=${q}: ${point.quantileValues[i]} vs exact ${exact}`,
            );
          }
          assert.equal(point.count, union.length);
          assert.equal(point.windowCount, union.length);
          assert.equal(point.min, Math.min(...union));
          assert.equal(point.max, Math.max(...union));
          assert.ok(Math.abs(point.sum - union.reduce((a, b) => a + b, 0)) <= 1e-6 * point.sum);
          assert.equal(point.sketch?.count, union.length);
          assert.deepEqual(warnings, []);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merges only _sum and _count of a reporter whose sketch has another relative accuracy', () => {
    const { families, warnings } = mergeFamilies([
      { source: '1', families: summary([1, 2, 3]) },
      { source: '2', families: summary([1000, 2000], 0.05) },
    ]);
    const point = find<SummaryFamily>(families, 'size_bytes').points[0]!;
    assert.equal(point.count, 5);
    assert.equal(point.sum, 3006);
    assert.equal(point.windowCount, 3);
    assert.equal(point.max, 3);
    assert.equal(warnings[0]?.code, AGGREGATION_WARNING_CODES.sketch);
    assert.match(warnings[0]!.message, /relativeAccuracy 0\.01 in the first reporter but 0\.05 in 2/);
  });

  it('gives NaN quantiles when every window is empty', () => {
    const { families } = mergeFamilies([
      { source: '1', families: summary([]) },
      { source: '2', families: summary([]) },
    ]);
    const point = find<SummaryFamily>(families, 'size_bytes').points[0]!;
    assert.ok(point.quantileValues.every(Number.isNaN));
    assert.equal(point.count, 0);
    assert.ok(Number.isNaN(point.min) && Number.isNaN(point.max));
  });
});

describe('mergeFamilies: conflicts and malformed input', () => {
  it('keeps the first definition of a name and warns once for every later disagreement', () => {
    const asCounter = snapshot((r) => new Counter({ name: 'thing', help: 'h', registry: r }).inc(1));
    const asGauge = snapshot((r) => new Gauge({ name: 'thing', help: 'h', registry: r }).set(5));
    const withLabel = snapshot((r) =>
      new Counter({ name: 'thing', help: 'h', labelNames: ['x'], registry: r }).labels({ x: '1' }).inc(9),
    );
    const { families, warnings } = mergeFamilies([
      { source: '1', families: asCounter },
      { source: '2', families: asGauge },
      { source: '3', families: withLabel },
      { source: '4', families: asCounter },
    ]);
    const merged = find<CounterFamily>(families, 'thing');
    assert.equal(merged.type, 'counter');
    assert.equal(merged.points[0]!.value, 2);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, AGGREGATION_WARNING_CODES.conflict);
    assert.match(
      warnings[0]!.message,
      /"thing" is reported as a counter with labels \[\] by 1 but as a gauge .* by 2/,
    );
  });

  it('leaves out malformed families and points and merges the rest', () => {
    const good = snapshot((r) => jobs(r, { a: 1 }));
    const bad = [
      { name: 'x', type: 'histogramm', labelNames: [], points: [] },
      null,
      {
        ...good[0]!,
        points: [
          { labelValues: ['a', 'extra'], value: 100 },
          { labelValues: ['a'], value: 2 },
        ],
      },
    ] as unknown as MetricFamily[];
    const { families, warnings } = mergeFamilies([
      { source: '1', families: good },
      { source: '2', families: bad },
    ]);
    assert.equal(seriesValue(find<CounterFamily>(families, 'jobs_total'), ['a']), 3);
    assert.equal(families.length, 1);
    assert.equal(warnings[0]!.code, AGGREGATION_WARNING_CODES.invalid);
  });

  it('orders families as first seen', () => {
    const { families } = mergeFamilies([
      { source: '1', families: snapshot((r) => new Gauge({ name: 'b', help: 'h', registry: r })) },
      {
        source: '2',
        families: snapshot((r) => {
          new Gauge({ name: 'a', help: 'h', registry: r });
          new Gauge({ name: 'b', help: 'h', registry: r });
        }),
      },
    ]);
    assert.deepEqual(
      families.map((f) => f.name),
      ['b', 'a'],
    );
  });
});

describe('mergeFamilies: stale inputs (exited or late workers)', () => {
  const mixed = (n: number) =>
    snapshot((r) => {
      jobs(r, { a: n });
      new Gauge({ name: 'depth', help: 'h', registry: r }).set(n);
      const s = new Summary({ name: 'size', help: 'h', registry: r });
      for (let i = 1; i <= n; i++) s.observe(i * 1000);
    });

  it('merges only what only grows: counters and summary totals, not gauges or summary windows', () => {
    const { families } = mergeFamilies([
      { source: '1', families: mixed(3) },
      { source: 'exited', families: mixed(10), stale: true },
    ]);
    assert.equal(seriesValue(find<CounterFamily>(families, 'jobs_total'), ['a']), 13);
    assert.equal(find<GaugeFamily>(families, 'depth').points[0]!.value, 3);
    const size = find<SummaryFamily>(families, 'size').points[0]!;
    assert.equal(size.count, 13);
    assert.equal(size.windowCount, 3);
    assert.equal(size.max, 3000);
  });

  it('is ignored under first/min/max/avg, and labelled with its source under perWorker', () => {
    const inputs: MergeInput[] = [
      { source: '1', families: mixed(3) },
      { source: 'exited', families: mixed(10), stale: true },
    ];
    const max = mergeFamilies(inputs, { policies: { jobs_total: 'max' } }).families;
    assert.equal(seriesValue(find<CounterFamily>(max, 'jobs_total'), ['a']), 3);
    const per = mergeFamilies(inputs, { policies: { jobs_total: 'perWorker' } }).families;
    assert.equal(seriesValue(find<CounterFamily>(per, 'jobs_total'), ['a', 'exited']), 10);
  });

  it('a gauge reported only by stale inputs is not exposed', () => {
    const { families } = mergeFamilies([{ source: 'exited', families: mixed(2), stale: true }]);
    assert.equal(
      families.find((f) => f.name === 'depth'),
      undefined,
    );
  });
});
