import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Counter } from './counter.js';
import { InvalidLabelsError, InvalidMetricError } from './errors.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import { OVERFLOW_LABEL_VALUE } from './labels.js';
import { Registry } from './registry.js';
import type { CounterFamily } from './types.js';

function pointsOf(family: CounterFamily): Record<string, number> {
  return Object.fromEntries(family.points.map((p) => [p.labelValues.join('|'), p.value]));
}

describe('Metric label sets', () => {
  it('returns the same child for the same values, whatever the key order, with numbers as strings', () => {
    const c = new Counter({ name: 'a_total', help: 'h', labelNames: ['method', 'status'], registry: null });
    const child = c.labels({ method: 'GET', status: '200' });
    assert.equal(c.labels({ status: 200, method: 'GET' }), child);
    assert.notEqual(c.labels({ method: 'GET', status: '404' }), child);
    assert.equal(c.labelSetCount, 2);
  });

  it('snapshots every label set with its values, for one to three labels and leaves past the list size', () => {
    for (const labelNames of [['a'], ['a', 'b'], ['a', 'b', 'c']] as const) {
      const c = new Counter({ name: 'multi_total', help: 'h', labelNames, registry: null });
      const expected: Record<string, number> = {};
      for (let i = 0; i < 30; i++) {
        const values = Object.fromEntries(
          labelNames.map((n, d) => [n, d === labelNames.length - 1 ? `v${i}` : `x${i % 2}`]),
        );
        c.labels(values as never).inc(i + 1);
        expected[labelNames.map((n) => values[n]).join('|')] = i + 1;
      }
      const family = c.snapshot();
      assert.deepEqual(family.labelNames, labelNames);
      assert.deepEqual(pointsOf(family), expected);
    }
  });

  it('keeps insertion order within a leaf, including after it turns into a Map', () => {
    const c = new Counter({ name: 'order_total', help: 'h', labelNames: ['k'], registry: null });
    const keys = Array.from({ length: 20 }, (_, i) => `k${19 - i}`);
    for (const k of keys) c.labels({ k });
    assert.deepEqual(
      c.snapshot().points.map((p) => p.labelValues[0]),
      keys,
    );
  });

  it('matches a model under random labels/inc/remove sequences (property)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', 'a', 'b', '__overflow__'),
      fc.integer({ min: -3, max: 3 }),
    );
    const op = fc.record({
      remove: fc.boolean(),
      a: value,
      b: value,
      c: value,
      by: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), fc.array(op, { maxLength: 120 }), (width, ops) => {
        const labelNames = ['a', 'b', 'c'].slice(0, width);
        const c = new Counter({ name: 'model_total', help: 'h', labelNames, registry: null });
        const model = new Map<string, number>();
        const held = new Map<string, ReturnType<typeof c.labels>>();
        for (const o of ops) {
          const values = Object.fromEntries(labelNames.map((n) => [n, o[n as 'a']]));
          const key = JSON.stringify(labelNames.map((n) => String(values[n])));
          if (o.remove) {
            c.remove(values as never);
            model.delete(key);
            held.get(key)?.inc(1000); // detached: must not reappear
            held.delete(key);
          } else {
            const child = c.labels(values as never);
            child.inc(o.by);
            held.set(key, child);
            model.set(key, (model.get(key) ?? 0) + o.by);
          }
        }
        const got = new Map(c.snapshot().points.map((p) => [JSON.stringify(p.labelValues), p.value]));
        assert.deepEqual(got, model);
        assert.equal(c.labelSetCount, model.size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Metric record-time label problems', () => {
  it('returns a no-op child for missing, extra or badly typed labels and counts each call', () => {
    const registry = new Registry();
    const c = new Counter({ name: 'bad_total', help: 'h', labelNames: ['a', 'b'], registry });
    const bad: unknown[] = [
      { a: 'x' },
      { a: 'x', b: 'y', z: 'extra' },
      { a: 'x', b: true },
      { a: 'x', b: undefined },
      { a: null, b: 'y' },
      { a: {}, b: 'y' },
      null,
      'a=x',
    ];
    for (const values of bad) {
      const child = c.labels(values as never);
      child.inc(5);
      assert.equal(child.get(), 0);
    }
    c.inc(); // labels declared: the metric-level call is also a label problem
    assert.equal(registry.selfMetrics.droppedSamples('invalid_labels'), bad.length + 1);
    assert.deepEqual(c.snapshot().points, []);
  });

  it('warns once per metric and reason', async () => {
    const codes: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.message.includes('"warn_total"')) codes.push(w.code ?? '');
    };
    process.on('warning', onWarning);
    try {
      const c = new Counter({ name: 'warn_total', help: 'h', labelNames: ['a'], registry: null });
      for (let i = 0; i < 5; i++) c.labels({} as never);
      for (let i = 0; i < 5; i++) c.labels({ a: 'x' }).inc(-1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(codes.sort(), ['TELEMETER_W_INVALID_LABELS', 'TELEMETER_W_NEGATIVE_INCREMENT']);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('Metric remove / reset / clear', () => {
  it('remove() drops the label set and detaches a kept child; labels() then starts from zero', () => {
    const c = new Counter({ name: 'rm_total', help: 'h', labelNames: ['a', 'b'], registry: null });
    const kept = c.labels({ a: '1', b: '2' });
    kept.inc(3);
    c.labels({ a: '1', b: '3' }).inc(1);
    c.remove({ a: '1', b: '2' });
    kept.inc(7);
    assert.equal(kept.get(), 0);
    assert.deepEqual(pointsOf(c.snapshot()), { '1|3': 1 });
    const fresh = c.labels({ a: '1', b: '2' });
    assert.notEqual(fresh, kept);
    assert.equal(fresh.get(), 0);
    kept.inc(1);
    assert.equal(fresh.get(), 0, 'a detached child must not write into a reused slot');
    c.remove({ a: 'nope', b: 'nope' });
    assert.equal(c.labelSetCount, 2);
  });

  it('remove() throws InvalidLabelsError on a wrong label shape', () => {
    const c = new Counter({ name: 'rm_bad_total', help: 'h', labelNames: ['a'], registry: null });
    assert.throws(
      () => c.remove({ b: 'x' } as never),
      (e: unknown) =>
        e instanceof InvalidLabelsError &&
        e.code === 'TELEMETER_ERR_INVALID_LABELS' &&
        /\[a\]/.test(e.message),
    );
  });

  it('reset() zeroes values and keeps label sets; clear() drops them and detaches kept children', () => {
    const g = new Gauge({ name: 'rc', help: 'h', labelNames: ['a'], registry: null });
    const kept = g.labels({ a: 'x' });
    kept.set(5);
    g.labels({ a: 'y' }).set(6);
    g.reset();
    assert.deepEqual(
      g.snapshot().points.map((p) => [p.labelValues[0], p.value]),
      [
        ['x', 0],
        ['y', 0],
      ],
    );
    kept.set(1);
    g.clear();
    assert.deepEqual(g.snapshot().points, []);
    kept.set(9);
    assert.equal(g.labels({ a: 'x' }).get(), 0);
    assert.equal(g.labelSetCount, 1);
  });

  it('clear() on a metric without labels resets its single series', () => {
    const c = new Counter({ name: 'nolabel_total', help: 'h', registry: null });
    c.inc(4);
    c.clear();
    assert.deepEqual(c.snapshot().points, [{ labelValues: [], value: 0 }]);
  });
});

describe('Metric cardinality limit', () => {
  it('sends new label sets to one __overflow__ series and counts every diverted lookup', () => {
    const registry = new Registry({ cardinalityLimit: 3 });
    const c = new Counter({ name: 'card_total', help: 'h', labelNames: ['a', 'b'], registry });
    for (const a of ['1', '2', '3']) c.labels({ a, b: 'x' }).inc();
    const over = c.labels({ a: '4', b: 'x' });
    over.inc(10);
    c.labels({ a: '4', b: 'x' }).inc(1);
    c.labels({ a: '5', b: 'y' }).inc(1);
    c.labels({ a: '1', b: 'x' }).inc(); // existing sets keep working
    assert.equal(registry.selfMetrics.cardinalityOverflows('card_total'), 3);
    assert.deepEqual(pointsOf(c.snapshot()), {
      '1|x': 2,
      '2|x': 1,
      '3|x': 1,
      [`${OVERFLOW_LABEL_VALUE}|${OVERFLOW_LABEL_VALUE}`]: 12,
    });
    assert.equal(c.labelSetCount, 4);
    c.remove({ a: '3', b: 'x' });
    c.labels({ a: '6', b: 'z' }).inc();
    assert.equal(registry.selfMetrics.cardinalityOverflows('card_total'), 3);
    assert.equal(pointsOf(c.snapshot())['6|z'], 1);
  });

  it('a metric option overrides the registry limit', () => {
    const registry = new Registry({ cardinalityLimit: 1 });
    const c = new Counter({
      name: 'own_limit_total',
      help: 'h',
      labelNames: ['a'],
      registry,
      cardinalityLimit: 2,
    });
    c.labels({ a: '1' });
    c.labels({ a: '2' });
    c.labels({ a: '3' });
    assert.equal(c.cardinalityLimit, 2);
    assert.equal(registry.selfMetrics.cardinalityOverflows('own_limit_total'), 1);
  });
});

describe('Metric TTL', () => {
  it('drops label sets not updated for ttlSeconds, swept at snapshot with an injected clock', () => {
    let now = 0;
    const registry = new Registry({ now: () => now });
    const h = new Histogram({ name: 'ttl_seconds', help: 'h', labelNames: ['a'], registry, ttlSeconds: 10 });
    const busy = h.labels({ a: 'busy' });
    const idle = h.labels({ a: 'idle' });
    busy.observe(1);
    idle.observe(1);
    now = 5_000;
    assert.equal(h.snapshot().points.length, 2); // both touched since creation
    now = 14_000;
    busy.observe(1);
    assert.equal(h.snapshot().points.length, 2); // idle last seen at 5s: 9s < 10s
    now = 15_000;
    assert.deepEqual(
      h.snapshot().points.map((p) => p.labelValues[0]),
      ['busy'],
    );
    idle.observe(1); // detached by expiry
    const again = h.labels({ a: 'idle' });
    assert.notEqual(again, idle);
    assert.equal(again.get().count, 0);
    now = 30_000;
    assert.deepEqual(h.snapshot().points, []);
    assert.equal(h.labelSetCount, 0);
  });

  it('uses the metric clock option when given', () => {
    let now = 0;
    const g = new Gauge({
      name: 'ttl_own',
      help: 'h',
      labelNames: ['a'],
      registry: null,
      ttlSeconds: 1,
      now: () => now,
    });
    g.labels({ a: 'x' });
    now = 1_000;
    assert.deepEqual(g.snapshot().points, []);
  });
});

describe('Metric definition errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['bad name', () => new Counter({ name: '1abc', help: 'h', registry: null }), /Invalid metric name/],
    ['empty help', () => new Counter({ name: 'x', help: ' ', registry: null }), /help/],
    [
      'bad label',
      () => new Counter({ name: 'x', help: 'h', labelNames: ['a-b'], registry: null }),
      /invalid label name/,
    ],
    [
      '__ label',
      () => new Counter({ name: 'x', help: 'h', labelNames: ['__a'], registry: null }),
      /reserved/,
    ],
    [
      'duplicate label',
      () => new Counter({ name: 'x', help: 'h', labelNames: ['a', 'a'], registry: null }),
      /twice/,
    ],
    [
      'le on histogram',
      () => new Histogram({ name: 'x', help: 'h', labelNames: ['le'], registry: null }),
      /reserved/,
    ],
    [
      'unit suffix',
      () => new Gauge({ name: 'x_ms', help: 'h', unit: 'seconds', registry: null }),
      /_seconds/,
    ],
    [
      'counter unit',
      () => new Counter({ name: 'x_seconds', help: 'h', unit: 'seconds', registry: null }),
      /_seconds_total/,
    ],
    [
      'limit',
      () => new Counter({ name: 'x', help: 'h', cardinalityLimit: 0, registry: null }),
      /cardinalityLimit/,
    ],
    ['ttl', () => new Counter({ name: 'x', help: 'h', ttlSeconds: -1, registry: null }), /ttlSeconds/],
    ['no options', () => new Counter(undefined as never), /options/],
  ];
  for (const [what, create, message] of cases) {
    it(`rejects ${what} with InvalidMetricError`, () => {
      assert.throws(
        create,
        (e: unknown) =>
          e instanceof InvalidMetricError &&
          e.code === 'TELEMETER_ERR_INVALID_METRIC' &&
          message.test(e.message),
      );
    });
  }

  it('accepts a unit that the name ends with', () => {
    assert.equal(
      new Counter({ name: 'x_seconds_total', help: 'h', unit: 'seconds', registry: null }).unit,
      'seconds',
    );
    assert.equal(new Gauge({ name: 'x_bytes', help: 'h', unit: 'bytes', registry: null }).unit, 'bytes');
  });
});

describe('Metric label types', () => {
  it('labels() requires exactly the declared keys at compile time (the build fails otherwise)', () => {
    const registry = new Registry();
    const c = new Counter({ name: 'typed_total', help: 'h', labelNames: ['method', 'status'], registry });
    c.labels({ method: 'GET', status: 200 }).inc();
    // @ts-expect-error a missing key is a type error
    c.labels({ method: 'GET' }).inc();
    // @ts-expect-error an extra key is a type error
    c.labels({ method: 'GET', status: '1', extra: 'x' }).inc();
    const h = new Histogram({ name: 'typed_seconds', help: 'h', labelNames: ['route'], registry });
    // @ts-expect-error outcomeLabel must be a declared label name
    h.time(() => 1, { outcomeLabel: 'nope' });
    assert.equal(registry.selfMetrics.droppedSamples('invalid_labels'), 3);
  });
});
