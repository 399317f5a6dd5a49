import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from '../registry.js';
import type { CounterFamily, GaugeFamily } from '../types.js';
import { labelledGauge, type RuntimeContext, totalCounter, unitOf, valueGauge } from './runtime-context.js';

const plain: RuntimeContext = { prefix: '', labels: {}, labelNames: [] };
const labelled: RuntimeContext = { prefix: 'app_', labels: { service: 'api' }, labelNames: ['service'] };

describe('unitOf', () => {
  it('derives the OpenMetrics unit from the name suffix', () => {
    assert.equal(unitOf('process_cpu_seconds_total'), 'seconds');
    assert.equal(unitOf('nodejs_heap_size_total_bytes'), 'bytes');
    assert.equal(unitOf('nodejs_eventloop_utilization_ratio'), 'ratio');
    assert.equal(unitOf('nodejs_active_handles_total'), '');
    assert.equal(unitOf('process_open_fds'), '');
  });
});

describe('valueGauge', () => {
  it('sets the value read at collect time, with prefix and constant labels', async () => {
    let value: number | undefined = 3;
    const gauge = valueGauge(labelled, 'thing_bytes', 'A thing.', () => value);
    assert.equal(gauge.name, 'app_thing_bytes');
    assert.equal(gauge.unit, 'bytes');
    let family = (await gauge.collect()) as GaugeFamily;
    assert.deepEqual(family.labelNames, ['service']);
    assert.deepEqual(family.points, [{ labelValues: ['api'], value: 3 }]);
    value = undefined; // a failed read keeps the last value
    family = (await gauge.collect()) as GaugeFamily;
    assert.equal(family.points[0]?.value, 3);
  });

  it('awaits an asynchronous reader', async () => {
    const gauge = valueGauge(plain, 'lag_seconds', 'Lag.', async () => 0.25);
    const family = (await gauge.collect()) as GaugeFamily;
    assert.deepEqual(family.points, [{ labelValues: [], value: 0.25 }]);
  });
});

describe('totalCounter', () => {
  it('follows an external running total and never decreases', async () => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      let total = 1.5;
      const counter = totalCounter(plain, 'work_seconds_total', 'Work.', () => total);
      const registry = new Registry();
      registry.register(counter);
      assert.equal(((await counter.collect()) as CounterFamily).points[0]?.value, 1.5);
      total = 4.25;
      assert.equal(((await counter.collect()) as CounterFamily).points[0]?.value, 4.25);
      total = 4.25 - 1e-12;
      assert.equal(((await counter.collect()) as CounterFamily).points[0]?.value, 4.25);
      counter.reset();
      assert.equal(((await counter.collect()) as CounterFamily).points[0]?.value, total);
      await new Promise(setImmediate);
      assert.deepEqual(warnings, []);
      assert.equal(registry.selfMetrics.droppedSamples('negative_increment'), 0);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('labelledGauge', () => {
  it('exports one series per value and zero for values that went away', async () => {
    let entries: [string, number][] = [
      ['Socket', 2],
      ['Timeout', 1],
    ];
    const gauge = labelledGauge(labelled, 'things', 'Things.', 'type', () => entries);
    let family = (await gauge.collect()) as GaugeFamily;
    assert.deepEqual(family.labelNames, ['type', 'service']);
    assert.deepEqual(family.points, [
      { labelValues: ['Socket', 'api'], value: 2 },
      { labelValues: ['Timeout', 'api'], value: 1 },
    ]);
    entries = [['Timeout', 4]];
    family = (await gauge.collect()) as GaugeFamily;
    assert.deepEqual(family.points, [
      { labelValues: ['Socket', 'api'], value: 0 },
      { labelValues: ['Timeout', 'api'], value: 4 },
    ]);
  });
});
