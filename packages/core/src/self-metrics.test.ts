import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SelfMetrics } from './self-metrics.js';

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
});
