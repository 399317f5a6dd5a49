import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setEnabled } from './config.js';
import { Counter } from './counter.js';
import { Registry } from './registry.js';

describe('Counter', () => {
  afterEach(() => setEnabled(true));

  it('increments by 1 by default and by any finite non-negative amount', () => {
    const c = new Counter({ name: 'c_total', help: 'h', registry: null });
    c.inc();
    c.inc(2.5);
    c.inc(0);
    assert.equal(c.get(), 3.5);
    assert.deepEqual(c.snapshot(), {
      type: 'counter',
      name: 'c_total',
      help: 'h',
      unit: '',
      labelNames: [],
      points: [{ labelValues: [], value: 3.5 }],
    });
  });

  it('drops negative, NaN, infinite and non-number increments and counts them by reason', () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'h', labelNames: ['a'], registry });
    const child = c.labels({ a: 'x' });
    child.inc(1);
    child.inc(-1);
    child.inc(-0.5);
    for (const bad of [Number.NaN, Infinity, -Infinity, '5', null, {}]) child.inc(bad as never);
    assert.equal(child.get(), 1);
    assert.equal(registry.selfMetrics.droppedSamples('negative_increment'), 3);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_value'), 5);
  });

  it('keeps the latest exemplar per series; bad exemplar labels drop only the exemplar', () => {
    const registry = new Registry();
    const c = new Counter({ name: 'ex_total', help: 'h', labelNames: ['a'], registry });
    const child = c.labels({ a: 'x' });
    const before = Date.now();
    child.incWithExemplar(2, { trace_id: 'abc' });
    child.incWithExemplar(3, { trace_id: 'def' });
    const point = c.snapshot().points[0]!;
    assert.equal(point.value, 5);
    assert.deepEqual(point.exemplar?.labels, { trace_id: 'def' });
    assert.equal(point.exemplar?.value, 3);
    assert.ok(point.exemplar.timestamp! >= before && point.exemplar.timestamp! <= Date.now());
    child.incWithExemplar(1, { 'bad-name': 'x' });
    child.incWithExemplar(1, { trace_id: 'x'.repeat(200) });
    child.incWithExemplar(-1, { trace_id: 'neg' });
    assert.equal(child.get(), 7);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_exemplar'), 2);
    assert.equal(registry.selfMetrics.droppedSamples('negative_increment'), 1);
    assert.deepEqual(c.snapshot().points[0]!.exemplar?.labels, { trace_id: 'def' });
  });

  it('stamps exemplars with the injected clock, and warns that the value was recorded', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.message.includes('clock_total')) warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const c = new Counter({ name: 'clock_total', help: 'h', registry: null, now: () => 1_234_000 });
      c.incWithExemplar(1, { trace_id: 'abc' });
      assert.equal(c.snapshot().points[0]!.exemplar?.timestamp, 1_234_000);
      const fromRegistry = new Counter({
        name: 'clock2_total',
        help: 'h',
        registry: new Registry({ now: () => 42 }),
      });
      fromRegistry.incWithExemplar(1, { trace_id: 'abc' });
      assert.equal(fromRegistry.snapshot().points[0]!.exemplar?.timestamp, 42);
      c.incWithExemplar(2, { 'bad-name': 'x' });
      assert.equal(c.get(), 3);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /counter "clock_total" recorded a value but dropped its exemplar: /);
      assert.doesNotMatch(warnings[0]!, /dropped a sample/);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('records nothing while disabled, but labels() still works', () => {
    const registry = new Registry();
    const c = new Counter({ name: 'off_total', help: 'h', labelNames: ['a'], registry });
    const child = c.labels({ a: 'x' });
    child.inc();
    setEnabled(false);
    child.inc(5);
    child.inc(-1);
    child.incWithExemplar(1, { t: '1' });
    assert.equal(c.labels({ a: 'y' }).get(), 0);
    c.inc();
    setEnabled(true);
    assert.equal(child.get(), 1);
    assert.equal(c.snapshot().points.length, 2);
    assert.equal(registry.selfMetrics.droppedSamples('negative_increment'), 0);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_labels'), 0);
  });

  it('runs the collect callback before reading', async () => {
    let total = 0;
    const c = new Counter({
      name: 'cb_total',
      help: 'h',
      registry: null,
      collect: (counter) => {
        total += 10;
        counter.inc(total - counter.get());
      },
    });
    assert.equal((await c.collect()).points[0]!.value, 10);
    assert.equal((await c.collect()).points[0]!.value, 20);
    assert.equal(c.snapshot().points[0]!.value, 20);
  });
});
