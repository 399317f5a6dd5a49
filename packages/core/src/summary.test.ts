import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setEnabled } from './config.js';
import { DuplicateMetricError, InvalidMetricError } from './errors.js';
import { Registry } from './registry.js';
import { CoarseClock } from './sketch/coarse-clock.js';
import { DDSketch, mergeSketchSnapshots } from './sketch/ddsketch.js';
import { Summary, type SummaryOptions } from './summary.js';
import type { SummaryFamily } from './types.js';

function manualClock() {
  let ms = 0;
  const clock = new CoarseClock({ source: () => ms, autoTick: false });
  return {
    clock,
    /** Moves time and lets the clock tick, as its interval would. */
    advanceTo(to: number) {
      ms = to;
      clock.tick();
    },
  };
}

function within(actual: number, exact: number, accuracy = 0.01): boolean {
  return Math.abs(actual - exact) <= accuracy * Math.abs(exact) * (1 + 1e-9);
}

/** Rank floor(q * (n - 1)) of 1..n, the exact value the sketch approximates. */
const exactOf1ToN = (n: number, q: number) => Math.floor(q * (n - 1)) + 1;

function summary<const L extends readonly string[] = readonly []>(
  options: Partial<SummaryOptions<L>> = {},
): Summary<L> {
  return new Summary<L>({ name: 'latency_seconds', help: 'Latency.', registry: null, ...options });
}

describe('Summary', () => {
  it('rejects invalid definitions with InvalidMetricError naming the metric and the problem', () => {
    const cases: [Partial<SummaryOptions<readonly string[]>>, RegExp][] = [
      [{ quantiles: [0.5, 1] }, /quantile 1 is not a number strictly between 0 and 1/],
      [{ quantiles: [0] }, /quantile 0/],
      [{ quantiles: [Number.NaN] }, /quantile NaN/],
      [{ quantiles: ['0.5' as unknown as number] }, /quantile "0.5" is not a number/],
      [{ quantiles: [0.9, 0.5, 0.9] }, /quantile 0.9 is listed twice/],
      [{ quantiles: 0.5 as unknown as number[] }, /quantiles must be an array/],
      [{ maxAgeSeconds: 0 }, /maxAgeSeconds/],
      [{ maxAgeSeconds: Number.POSITIVE_INFINITY }, /maxAgeSeconds/],
      [{ ageBuckets: 0 }, /ageBuckets/],
      [{ ageBuckets: 1.5 }, /ageBuckets/],
      [{ relativeAccuracy: 1 }, /relativeAccuracy/],
      [{ clock: { now: 0 } as unknown as CoarseClock }, /clock must be a CoarseClock/],
      [{ labelNames: ['quantile'] }, /"quantile" is reserved/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => summary(options),
        (e: unknown) =>
          e instanceof InvalidMetricError && e.metric === 'latency_seconds' && message.test(e.message),
        JSON.stringify(options),
      );
    }
  });

  it('uses the documented defaults and sorts the quantiles', () => {
    const s = summary();
    assert.deepEqual(s.quantiles, [0.5, 0.9, 0.95, 0.99]);
    assert.equal(s.maxAgeSeconds, 600);
    assert.equal(s.ageBuckets, 5);
    assert.equal(s.relativeAccuracy, 0.01);
    assert.equal(s.type, 'summary');
    assert.deepEqual(summary({ quantiles: [0.99, 0.5] }).quantiles, [0.5, 0.99]);
    assert.deepEqual(summary({ quantiles: [] }).snapshot().quantiles, []);
  });

  it('snapshots window quantiles within 1%, lifetime sum and count, window min/max/count and the sketch', () => {
    const s = summary({ quantiles: [0.5, 0.9, 0.99] });
    for (let i = 1; i <= 1000; i++) s.observe(i);
    const family: SummaryFamily = s.snapshot();
    assert.equal(family.type, 'summary');
    assert.deepEqual(family.quantiles, [0.5, 0.9, 0.99]);
    assert.equal(family.points.length, 1);
    const point = family.points[0]!;
    assert.deepEqual(point.labelValues, []);
    family.quantiles.forEach((q, i) => {
      const exact = exactOf1ToN(1000, q);
      assert.ok(within(point.quantileValues[i]!, exact), `q=${q}: ${point.quantileValues[i]} vs ${exact}`);
    });
    assert.deepEqual(
      [point.sum, point.count, point.min, point.max, point.windowCount],
      [500_500, 1000, 1, 1000, 1000],
    );
    const sketch = DDSketch.fromSnapshot(point.sketch!);
    assert.equal(sketch.count, 1000);
    assert.equal(sketch.quantile(0.9), point.quantileValues[1]);
    assert.deepEqual(structuredClone(point), point);
  });

  it('forgets observations older than maxAgeSeconds but keeps lifetime sum and count', () => {
    const t = manualClock();
    const s = summary({ maxAgeSeconds: 60, ageBuckets: 3, clock: t.clock });
    s.observe(100);
    t.advanceTo(25_000);
    s.observe(1);
    s.observe(2);
    let point = s.snapshot().points[0]!;
    assert.deepEqual([point.windowCount, point.max, point.count], [3, 100, 3]);
    t.advanceTo(60_000); // the first 20 s slot has left the window
    point = s.snapshot().points[0]!;
    assert.deepEqual([point.windowCount, point.min, point.max], [2, 1, 2]);
    assert.ok(within(point.quantileValues[0]!, 1));
    t.advanceTo(200_000);
    point = s.snapshot().points[0]!;
    assert.equal(point.windowCount, 0);
    assert.ok(point.quantileValues.every(Number.isNaN));
    assert.ok(Number.isNaN(point.min) && Number.isNaN(point.max));
    assert.deepEqual([point.sum, point.count], [103, 3]);
  });

  it('keeps one window per label set', () => {
    const s = summary({ labelNames: ['route'] as const, quantiles: [0.5] });
    const home = s.labels({ route: '/' });
    for (let i = 0; i < 10; i++) home.observe(0.01);
    s.labels({ route: '/slow' }).observe(5);
    const points = s.snapshot().points;
    assert.deepEqual(
      points.map((p) => [p.labelValues[0], p.count]),
      [
        ['/', 10],
        ['/slow', 1],
      ],
    );
    assert.ok(within(points[0]!.quantileValues[0]!, 0.01));
    assert.equal(points[1]!.quantileValues[0], 5);
    assert.ok(within(home.quantile(0.5), 0.01));
    assert.equal(home.get().count, 10);
  });

  it('drops NaN, infinities and non-numbers, counting them as invalid_value', () => {
    const registry = new Registry();
    const s = new Summary({ name: 'sizes_bytes', help: 'Sizes.', registry });
    for (const v of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      '3' as unknown as number,
    ]) {
      s.observe(v);
    }
    s.observe(-2.5);
    s.observe(0);
    const { count, sum, min, max } = s.get();
    assert.deepEqual([count, sum, min, max], [2, -2.5, -2.5, 0]);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_value'), 4);
  });

  it('drops metric-level observe() on a summary that declares labels', () => {
    const registry = new Registry();
    const s = new Summary({ name: 'x_seconds', help: 'X.', labelNames: ['a'] as const, registry });
    s.observe(1);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_labels'), 1);
    assert.equal(s.snapshot().points.length, 0);
  });

  it('records nothing while disabled', () => {
    const s = summary();
    setEnabled(false);
    try {
      s.observe(1);
    } finally {
      setEnabled(true);
    }
    assert.equal(s.get().count, 0);
    s.observe(1);
    assert.equal(s.get().count, 1);
  });

  it('times synchronous and asynchronous work in seconds', async () => {
    const s = summary({ labelNames: ['outcome'] as const });
    const child = s.labels({ outcome: 'manual' });
    const end = child.startTimer();
    const seconds = end();
    assert.ok(seconds >= 0 && seconds < 5);
    assert.equal(
      child.time(() => 42),
      42,
    );
    assert.equal(await child.time(async () => 'done'), 'done');
    assert.equal(child.get().count, 3);
    await assert.rejects(
      s.time(() => Promise.reject(new Error('boom')), { outcomeLabel: 'outcome' }),
      /boom/,
    );
    assert.equal(
      s.time(() => 7, { outcomeLabel: 'outcome' }),
      7,
    );
    const endLabelled = s.startTimer();
    endLabelled({ outcome: 'late' });
    const counts = Object.fromEntries(s.snapshot().points.map((p) => [p.labelValues[0], p.count]));
    assert.deepEqual(counts, { manual: 3, error: 1, success: 1, late: 1 });
  });

  it('reset() zeroes every label set and remove() gives a fresh window to a recreated one', () => {
    const s = summary({ labelNames: ['k'] as const });
    const a = s.labels({ k: 'a' });
    a.observe(10);
    s.labels({ k: 'b' }).observe(20);
    s.reset();
    assert.deepEqual(
      s.snapshot().points.map((p) => [p.labelValues[0], p.count, p.windowCount]),
      [
        ['a', 0, 0],
        ['b', 0, 0],
      ],
    );
    a.observe(1);
    s.remove({ k: 'a' });
    a.observe(99); // detached: discarded
    const again = s.labels({ k: 'a' });
    assert.notEqual(again, a);
    assert.equal(again.get().windowCount, 0);
    again.observe(3);
    assert.deepEqual([again.get().count, again.get().max], [1, 3]);
    assert.equal(a.get().count, 0);
    assert.ok(Number.isNaN(a.quantile(0.5)));
  });

  it('is returned by get-or-create for the same definition and refused for another', () => {
    const registry = new Registry();
    const options = { name: 'rpc_seconds', help: 'RPC.', quantiles: [0.99, 0.5], maxAgeSeconds: 60 };
    const first = registry.getOrCreate(Summary, options);
    assert.equal(registry.getOrCreate(Summary, { ...options, quantiles: [0.5, 0.99] }), first);
    assert.throws(
      () => registry.getOrCreate(Summary, { ...options, quantiles: [0.5] }),
      DuplicateMetricError,
    );
    assert.throws(() => registry.getOrCreate(Summary, { ...options, ageBuckets: 10 }), DuplicateMetricError);
    assert.throws(
      () => registry.getOrCreate(Summary, { ...options, relativeAccuracy: 0.02 }),
      DuplicateMetricError,
    );
  });

  it('collects through the registry', async () => {
    const registry = new Registry();
    const s = new Summary({ name: 'job_seconds', help: 'Jobs.', registry, quantiles: [0.5] });
    s.observe(2);
    const families = await registry.collect();
    const family = families.find((f) => f.name === 'job_seconds');
    assert.equal(family?.type, 'summary');
    assert.equal((family as SummaryFamily).points[0]!.quantileValues[0], 2);
  });

  it('merges the sketches of several processes into the quantiles of the union', () => {
    const workers = [0, 1, 2].map(() => summary({ quantiles: [0.5, 0.99] }));
    for (let i = 1; i <= 3000; i++) workers[i % 3]!.observe(i);
    const sketches = workers.map((w) => structuredClone(w.snapshot().points[0]!.sketch!));
    const merged = DDSketch.fromSnapshot(mergeSketchSnapshots(sketches));
    assert.equal(merged.count, 3000);
    for (const q of [0.5, 0.99]) assert.ok(within(merged.quantile(q), exactOf1ToN(3000, q)), `q=${q}`);
  });
});
