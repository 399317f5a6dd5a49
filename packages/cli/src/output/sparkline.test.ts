import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { resample, SPARK_BLOCKS, sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('maps min to the lowest block and max to the highest, gaps to spaces', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([1, null, 3]), '▁ █');
    assert.equal(sparkline([5, 5, 5]), '▄▄▄');
    assert.equal(sparkline([1, Number.NaN, 2]), '▁ █');
    assert.equal(sparkline([]), '');
    assert.equal(sparkline([1.5e-323, 2e-323]), '▁█');
    assert.equal(sparkline([-Number.MAX_VALUE, Number.MAX_VALUE]), '▁█');
  });

  it('has one character per value, all from the block set', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ noNaN: true }), { nil: null })), (values) => {
        const line = sparkline(values);
        assert.equal([...line].length, values.length);
        for (const ch of line) assert.ok(ch === ' ' || SPARK_BLOCKS.includes(ch));
      }),
    );
  });

  it('resamples to the width by averaging runs, keeping gaps', () => {
    assert.deepEqual(resample([1, 3, 5, 7], 2), [2, 6]);
    assert.deepEqual(resample([null, null, 4, 6], 2), [null, 5]);
    assert.deepEqual(resample([1, 2], 10), [1, 2]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 500 }),
        fc.integer({ min: 1, max: 80 }),
        (values, width) => {
          assert.equal(resample(values, width).length, Math.min(values.length, width));
        },
      ),
    );
  });
});
