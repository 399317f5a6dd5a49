// Recording never throws into application code, whatever it is given: every record method of every
// instrument and child, with any value, any exemplar labels and any label set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Counter } from './counter.js';
import { describeValue } from './describe-value.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import { Registry } from './registry.js';
import { Summary } from './summary.js';

const boom = (): never => {
  throw new Error('boom');
};

/**
 * Values built to make naive code throw: no prototype, throwing conversions, getters and traps.
 * Made inside the property (fast-check itself probes the values it generates, which these break).
 */
const HOSTILE: (() => unknown)[] = [
  () => Object.create(null),
  () => ({ toString: boom, valueOf: boom }),
  () => ({ [Symbol.toPrimitive]: boom }),
  () => ({
    get a() {
      return boom();
    },
    toJSON: boom,
  }),
  () =>
    new Proxy(
      {},
      { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom },
    ),
  () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  () => {
    const cyclic: Record<string, unknown> = { a: '1' };
    cyclic.self = cyclic;
    return cyclic;
  },
  () => Symbol('s'),
  () => ({ n: 1n }),
  () => () => 1,
];

type Make = () => unknown;
const anyValue: fc.Arbitrary<Make> = fc.oneof(
  fc.anything({ withBigInt: true, withMap: true, withSet: true }).map(
    (v): Make =>
      () =>
        v,
  ),
  fc.string().map(
    (s): Make =>
      () =>
        Symbol(s),
  ),
  fc.nat({ max: HOSTILE.length - 1 }).map((i) => HOSTILE[i]!),
);
/** Label sets: any value, hostile ones, and objects with the right keys but any values. */
const anyLabels: fc.Arbitrary<Make> = fc.oneof(
  anyValue,
  anyValue.map(
    (a): Make =>
      () => ({ a: a() }),
  ),
  fc.tuple(anyValue, anyValue).map(
    ([a, b]): Make =>
      () => ({ a: a(), b: b() }),
  ),
  fc.record({ a: fc.string(), b: fc.string() }).map(
    (v): Make =>
      () =>
        v,
  ),
);

describe('recording never throws (property)', () => {
  const registry = new Registry();
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  before(() => process.on('warning', onWarning));
  after(() => process.off('warning', onWarning));

  const instruments = [[], ['a'], ['a', 'b']].flatMap((labelNames, i) => [
    new Counter({ name: `c${i}_total`, help: 'h', labelNames, registry }),
    new Gauge({ name: `g${i}`, help: 'h', labelNames, registry }),
    new Histogram({ name: `h${i}`, help: 'h', labelNames, registry, buckets: [1, 2] }),
    new Summary({ name: `s${i}`, help: 'h', labelNames, registry }),
  ]);

  /** Calls every record method of `target` (a metric or a child) that it has. */
  function recordEverything(target: object, value: unknown, exemplar: unknown, labels: unknown): void {
    const t = target as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['inc', 'dec', 'set', 'observe']) {
      if (typeof t[method] === 'function') t[method]!(value);
    }
    if (typeof t.incWithExemplar === 'function') t.incWithExemplar(value, exemplar);
    if (typeof t.observeWithExemplar === 'function') t.observeWithExemplar(value, exemplar);
    if (typeof t.setToCurrentTime === 'function') t.setToCurrentTime();
    if (typeof t.startTimer !== 'function' || typeof t.time !== 'function') return; // counters
    const end = t.startTimer(labels) as (extra?: unknown) => number;
    assert.equal(typeof end(labels), 'number');
    assert.equal(
      t.time(() => 'done', { labels, outcomeLabel: 'a' }),
      'done',
    );
    assert.equal(
      t.time(() => 'done', labels),
      'done',
    );
  }

  it('with any value, exemplar labels and label set, on every instrument and child', () => {
    fc.assert(
      fc.property(anyValue, anyValue, anyLabels, (makeValue, makeExemplar, makeLabels) => {
        const [value, exemplar, labels] = [makeValue(), makeExemplar(), makeLabels()];
        for (const metric of instruments) {
          recordEverything(metric, value, exemplar, labels);
          const child = metric.labels(labels as never);
          recordEverything(child, value, exemplar, labels);
          const valid = metric.labels(Object.fromEntries(metric.labelNames.map((n) => [n, 'x'])) as never);
          recordEverything(valid, value, exemplar, labels);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('drops a value that is not a number, and counts it', () => {
    const counter = instruments[0] as unknown as Counter;
    const before = counter.get();
    const dropped = registry.selfMetrics.droppedSamples('invalid_value');
    for (const value of [
      Object.create(null),
      Symbol('s'),
      { toString: boom },
      new Proxy({}, { get: boom }),
    ]) {
      counter.inc(value as never);
    }
    assert.equal(counter.get(), before);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_value'), dropped + 4);
  });

  it('writes warnings that describe hostile values', async () => {
    const counter = new Counter({ name: 'hostile_total', help: 'h', registry: null });
    counter.inc(Object.create(null));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(
      warnings.some((w) => w.includes('counter "hostile_total" dropped a sample: increment {} is not')),
      warnings.join('\n'),
    );
  });
});

describe('describeValue', () => {
  it('describes common values readably', () => {
    assert.equal(describeValue(-1), '-1');
    assert.equal(describeValue(Number.NaN), 'NaN');
    assert.equal(describeValue('1'), '"1"');
    assert.equal(describeValue(undefined), 'undefined');
    assert.equal(describeValue(null), 'null');
    assert.equal(describeValue(10n), '10n');
    assert.equal(describeValue(Symbol('id')), 'Symbol(id)');
    assert.equal(describeValue({ method: 'GET' }), '{"method":"GET"}');
    assert.equal(describeValue(Object.create(null)), '{}');
    assert.equal(describeValue(new Proxy({}, { get: boom, ownKeys: boom })), 'a value of type object');
    assert.equal(describeValue('x'.repeat(500)).length, 100);
  });

  it('returns a string for any value (property)', () => {
    fc.assert(
      fc.property(anyValue, (make) => {
        const text = describeValue(make());
        assert.equal(typeof text, 'string');
        assert.ok(text.length > 0 && text.length <= 100);
      }),
    );
  });
});
