import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type uPlot from 'uplot';
import { chartOptions, legendValue, toPlotData } from './chart-options.js';
import { sparklinePath } from './sparkline.js';

const NaN_ = Number.NaN;
const T = [1_000, 2_000, 3_000, 4_000];

describe('toPlotData', () => {
  test('NaN and the infinities become gaps (null), numbers and gaps stay', () => {
    const data = toPlotData(
      T,
      [
        { label: 'a', values: [0.5, NaN_, Number.POSITIVE_INFINITY, null] },
        { label: 'b', values: [0, 1, 2, 3] },
      ],
      false,
    );
    assert.deepEqual(data, [T, [0.5, null, null, null], [0, 1, 2, 3]]);
  });

  test('a series that is NaN throughout (0/0 at every step) has no point for uPlot to draw', () => {
    const data = toPlotData(T, [{ label: 'idle job', values: [NaN_, NaN_, NaN_, NaN_] }], false);
    assert.deepEqual(data[1], [null, null, null, null]);
  });

  test('stacked: a NaN is a gap in its own series and adds nothing to the ones above', () => {
    const values = [1, NaN_, 1, 1];
    const data = toPlotData(
      T,
      [
        { label: 'a', values },
        { label: 'b', values: [2, 2, 2, NaN_] },
      ],
      true,
    );
    assert.deepEqual(data, [T, [1, null, 1, 1], [3, 2, 3, null]]);
    assert.ok(Number.isNaN(values[1]), 'the caller’s values are left as they were');
  });
});

describe('legendValue', () => {
  test('at the cursor, NaN reads "—" like a gap', () => {
    const values = [0.02, NaN_, null, 0.5];
    assert.equal(legendValue(values, 0, 'ratio'), '2%');
    assert.equal(legendValue(values, 1, 'ratio'), '—');
    assert.equal(legendValue(values, 2, 'ratio'), '—');
    assert.equal(legendValue(values, 9, 'ratio'), '—');
  });

  test('without a cursor, the newest value that is a number', () => {
    assert.equal(legendValue([0.25, NaN_, null], null, 'ratio'), '25%');
    assert.equal(legendValue([0.25, null, NaN_], undefined, 'ratio'), '25%');
    assert.equal(legendValue([1, Number.POSITIVE_INFINITY], null, 'none'), '+Inf');
  });

  test('a series without a single number reads "—", never "NaN"', () => {
    assert.equal(legendValue([NaN_, NaN_], null, 'ratio'), '—');
    assert.equal(legendValue([], null, 'seconds'), '—');
  });
});

describe('chartOptions', () => {
  test('the legend formats the original (unstacked) values and shows NaN as "—"', () => {
    const series = [
      { label: 'api', values: [0.01, 0.02, NaN_] },
      { label: 'idle', values: [NaN_, NaN_, NaN_] },
    ];
    const look = {
      theme: 'light',
      unit: 'ratio',
      stacked: true,
      thresholds: [],
      syncKey: undefined,
    } as const;
    const options = chartOptions(series, look, { width: 400, height: 200 }, () => series);
    const legend = (si: number, idx: number | null) => {
      const value = options.series[si]?.value;
      assert.equal(typeof value, 'function');
      return (value as (u: uPlot, v: number, si: number, idx: number | null) => string)(
        {} as uPlot,
        0,
        si,
        idx,
      );
    };
    assert.equal(legend(1, 1), '2%');
    assert.equal(legend(1, 2), '—');
    assert.equal(legend(1, null), '2%');
    assert.equal(legend(2, 0), '—');
    assert.equal(legend(2, null), '—');
  });
});

describe('sparklinePath', () => {
  test('NaN breaks the line like a gap, and a line of NaN draws nothing', () => {
    assert.equal(sparklinePath([0, NaN_, 1], 10, 10), 'M0.0,9.0M10.0,1.0');
    assert.equal(sparklinePath([NaN_, NaN_], 10, 10), '');
  });
});
