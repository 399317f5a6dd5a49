import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { linearBuckets } from './buckets.js';
import { setEnabled } from './config.js';
import { DuplicateMetricError, InvalidMetricError } from './errors.js';
import { Histogram } from './histogram.js';
import { Registry } from './registry.js';

describe('Histogram', () => {
  afterEach(() => setEnabled(true));

  it('counts each observation in the first bucket whose bound is >= the value (le)', () => {
    const h = new Histogram({ name: 'h_seconds', help: 'h', buckets: [1, 2, 5], registry: null });
    for (const v of [0, 1, 1.5, 2, 5, 5.01, Infinity, -Infinity]) h.observe(v);
    const point = h.snapshot().points[0]!;
    assert.deepEqual(point.cumulativeCounts, [3, 5, 6, 8]);
    assert.equal(point.count, 8);
    assert.equal(point.sum, Number.NaN); // Infinity + -Infinity
    assert.deepEqual(h.snapshot().buckets, [1, 2, 5]);
  });

  it('sums and counts finite observations', () => {
    const h = new Histogram({ name: 'h', help: 'h', labelNames: ['a'], registry: null });
    const child = h.labels({ a: 'x' });
    child.observe(0.003);
    child.observe(0.3);
    child.observe(30);
    const got = child.get();
    assert.equal(got.count, 3);
    assert.equal(got.sum, 30.303);
    assert.deepEqual(got.cumulativeCounts, [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3]);
  });

  it('places values like a naive model, for short (linear scan) and long (binary search) layouts (property)', () => {
    fc.assert(
      fc.property(
        // SameValueZero: -0 and 0 are the same bound, which the histogram rightly rejects as not ascending.
        fc.uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: 1,
          maxLength: 40,
          comparator: 'SameValueZero',
        }),
        fc.array(fc.oneof(fc.double({ min: -2e6, max: 2e6, noNaN: true }), fc.constant(0)), {
          maxLength: 60,
        }),
        (rawBounds, values) => {
          const bounds = [...rawBounds].sort((a, b) => a - b);
          const h = new Histogram({ name: 'p', help: 'h', buckets: bounds, registry: null });
          const expected = new Array<number>(bounds.length + 1).fill(0);
          for (const v of [...values, ...bounds]) {
            h.observe(v);
            let i = bounds.findIndex((b) => v <= b);
            if (i < 0) i = bounds.length;
            for (let j = i; j <= bounds.length; j++) expected[j]!++;
          }
          assert.deepEqual(h.snapshot().points[0]!.cumulativeCounts, expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops NaN and non-numbers with reason invalid_value', () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'h', help: 'h', registry });
    h.observe(Number.NaN);
    h.observe('1' as never);
    h.observe(undefined as never);
    assert.equal(h.snapshot().points[0]!.count, 0);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_value'), 3);
  });

  it('get() on a histogram without labels returns its series; with labels, zeros', () => {
    const h = new Histogram({ name: 'plain_seconds', help: 'h', buckets: [1, 2], registry: null });
    h.observe(0.5);
    h.observe(1.5);
    h.observe(5);
    assert.deepEqual(h.get(), { sum: 7, count: 3, cumulativeCounts: [1, 2, 3] });
    const labelled = new Histogram({
      name: 'l_seconds',
      help: 'h',
      labelNames: ['a'],
      buckets: [1],
      registry: null,
    });
    labelled.labels({ a: 'x' }).observe(0.5);
    assert.deepEqual(labelled.get(), { sum: 0, count: 0, cumulativeCounts: [0, 0] });
  });

  it('stamps exemplars with the injected clock', () => {
    const h = new Histogram({
      name: 'ex_seconds',
      help: 'h',
      buckets: [1],
      registry: null,
      now: () => 7_000,
    });
    h.observeWithExemplar(0.5, { trace_id: 'a' });
    assert.equal(h.snapshot().points[0]!.exemplars![0]?.timestamp, 7_000);
  });

  it('keeps the latest exemplar per bucket', () => {
    const h = new Histogram({ name: 'h', help: 'h', buckets: [1, 2], registry: null });
    h.observeWithExemplar(0.5, { trace_id: 'a' });
    h.observeWithExemplar(0.7, { trace_id: 'b' });
    h.observeWithExemplar(9, { trace_id: 'c' });
    const exemplars = h.snapshot().points[0]!.exemplars!;
    assert.equal(exemplars.length, 3);
    assert.deepEqual(exemplars[0]?.labels, { trace_id: 'b' });
    assert.equal(exemplars[0]?.value, 0.7);
    assert.equal(exemplars[1], undefined);
    assert.deepEqual(exemplars[2]?.labels, { trace_id: 'c' });
  });

  it('times functions and timers into the child or the labelled metric', async () => {
    const h = new Histogram({ name: 'op_seconds', help: 'h', labelNames: ['op', 'outcome'], registry: null });
    const end = h.startTimer({ op: 'read' });
    const seconds = end({ outcome: 'success' });
    assert.ok(seconds >= 0);
    assert.equal(h.labels({ op: 'read', outcome: 'success' }).get().count, 1);
    await assert.rejects(
      h.time(() => Promise.reject(new Error('boom')), { labels: { op: 'write' }, outcomeLabel: 'outcome' }),
      /boom/,
    );
    assert.equal(h.labels({ op: 'write', outcome: 'error' }).get().count, 1);
    const child = h.labels({ op: 'x', outcome: 'y' });
    assert.equal(
      child.time(() => 7),
      7,
    );
    child.startTimer()();
    assert.equal(child.get().count, 2);
  });

  it('rejects le as a label name and bad buckets', () => {
    assert.throws(
      () => new Histogram({ name: 'h', help: 'h', labelNames: ['le'], registry: null }),
      InvalidMetricError,
    );
    assert.throws(
      () => new Histogram({ name: 'h', help: 'h', buckets: [2, 1], registry: null }),
      /strictly ascending/,
    );
  });

  it('get-or-create compares buckets', () => {
    const registry = new Registry();
    const h = registry.histogram({ name: 'h', help: 'h', buckets: linearBuckets(1, 1, 3) });
    assert.equal(registry.histogram({ name: 'h', help: 'other help', buckets: [1, 2, 3, Infinity] }), h);
    assert.throws(() => registry.histogram({ name: 'h', help: 'h' }), DuplicateMetricError);
  });

  it('records nothing while disabled', () => {
    const h = new Histogram({ name: 'h', help: 'h', registry: null });
    setEnabled(false);
    h.observe(1);
    h.observeWithExemplar(1, { a: 'b' });
    assert.equal(
      h.time(() => 'x'),
      'x',
    );
    setEnabled(true);
    assert.equal(h.snapshot().points[0]!.count, 0);
    assert.equal(h.snapshot().points[0]!.exemplars, undefined);
  });
});
