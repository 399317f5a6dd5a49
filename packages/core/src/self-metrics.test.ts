import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SelfMetrics, WARNING_BITS, WARNING_CODES } from './self-metrics.js';

describe('SelfMetrics', () => {
  it('counts drops by reason and overflows by metric', () => {
    const self = new SelfMetrics();
    self.recordDrop('invalid_value');
    self.recordDrop('invalid_value');
    self.recordOverflow('m');
    assert.equal(self.droppedSamples('invalid_value'), 2);
    assert.equal(self.droppedSamples('invalid_labels'), 0);
    assert.equal(self.cardinalityOverflows('m'), 1);
    self.reset();
    assert.equal(self.droppedSamples('invalid_value'), 0);
  });

  it('builds both families, summed over several registries', () => {
    const a = new SelfMetrics();
    const b = new SelfMetrics();
    a.recordDrop('negative_increment');
    b.recordDrop('negative_increment');
    b.recordOverflow('x');
    const [dropped, overflow] = SelfMetrics.families([a, b]);
    assert.equal(dropped.name, 'telemeter_dropped_samples_total');
    assert.deepEqual(dropped.labelNames, ['reason']);
    assert.deepEqual(dropped.points, [{ labelValues: ['negative_increment'], value: 2 }]);
    assert.equal(overflow.name, 'telemeter_cardinality_overflow_total');
    assert.deepEqual(overflow.points, [{ labelValues: ['x'], value: 1 }]);
    assert.deepEqual(SelfMetrics.families([])[0].points, []);
  });

  it('has a distinct code and bit per warning kind', () => {
    const codes = Object.values(WARNING_CODES);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.every((c) => c.startsWith('TELEMETER_W_')));
    const bits = Object.values(WARNING_BITS);
    assert.equal(
      bits.reduce((a, b) => a | b, 0),
      (1 << bits.length) - 1,
    );
    assert.deepEqual(Object.keys(WARNING_BITS).sort(), Object.keys(WARNING_CODES).sort());
  });
});
