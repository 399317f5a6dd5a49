import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setEnabled } from './config.js';
import { Gauge } from './gauge.js';
import { Registry } from './registry.js';

describe('Gauge', () => {
  afterEach(() => setEnabled(true));

  it('sets, increments and decrements', () => {
    const g = new Gauge({ name: 'g', help: 'h', registry: null });
    g.set(10);
    g.inc();
    g.inc(2);
    g.dec();
    g.dec(0.5);
    assert.equal(g.get(), 11.5);
    g.set(-3);
    assert.equal(g.snapshot().points[0]!.value, -3);
  });

  it('accepts NaN and infinities, drops non-numbers', () => {
    const registry = new Registry();
    const g = new Gauge({ name: 'g', help: 'h', labelNames: ['a'], registry });
    const child = g.labels({ a: 'x' });
    child.set(Number.NaN);
    assert.ok(Number.isNaN(child.get()));
    child.set(Infinity);
    assert.equal(child.get(), Infinity);
    child.set(1);
    child.set('2' as never);
    child.inc(undefined as never); // default 1
    child.dec(null as never);
    assert.equal(child.get(), 2);
    assert.equal(registry.selfMetrics.droppedSamples('invalid_value'), 2);
  });

  it('setToCurrentTime() stores Unix seconds', () => {
    const g = new Gauge({ name: 'g', help: 'h', registry: null });
    const before = Date.now() / 1000;
    g.setToCurrentTime();
    assert.ok(g.get() >= before && g.get() <= Date.now() / 1000);
  });

  it('startTimer()/time() set the gauge to a duration, with labels completed at the end', async () => {
    const g = new Gauge({ name: 'g_seconds', help: 'h', labelNames: ['job', 'result'], registry: null });
    const end = g.startTimer({ job: 'a' });
    const seconds = end({ result: 'ok' });
    assert.equal(g.labels({ job: 'a', result: 'ok' }).get(), seconds);
    assert.ok(seconds >= 0);
    const value = await g.time(async () => 42, { labels: { job: 'b' }, outcomeLabel: 'result' });
    assert.equal(value, 42);
    assert.ok(g.labels({ job: 'b', result: 'success' }).get() >= 0);
    assert.equal(g.snapshot().points.length, 2);
    const child = new Gauge({ name: 'g2', help: 'h', registry: null });
    assert.equal(
      child.labels({}).time(() => 'r'),
      'r',
    );
    assert.ok(child.get() >= 0);
  });

  it('records nothing while disabled', () => {
    const g = new Gauge({ name: 'g', help: 'h', registry: null });
    g.set(1);
    setEnabled(false);
    g.set(5);
    g.inc();
    g.dec();
    g.setToCurrentTime();
    setEnabled(true);
    assert.equal(g.get(), 1);
  });

  it('calls the collect callback on registry.collect()', async () => {
    const registry = new Registry();
    let depth = 3;
    new Gauge({
      name: 'queue_depth',
      help: 'h',
      registry,
      collect: (gauge) => gauge.set(depth++),
    });
    const [first] = await registry.collect();
    assert.equal(first?.points[0] && 'value' in first.points[0] ? first.points[0].value : undefined, 3);
    const [second] = await registry.collect();
    assert.equal(second?.points[0] && 'value' in second.points[0] ? second.points[0].value : undefined, 4);
  });
});
