import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extrapolatedRate, idelta, irate } from './rate.js';

const s = (secs: number[]) => Float64Array.from(secs, (x) => x * 1000);
const v = (values: number[]) => Float64Array.from(values);

describe('extrapolatedRate', () => {
  it('extrapolates a regular counter to the range start (rate of 10/min over [5m] at 5m)', () => {
    // Prometheus's window is (0, 300s]: samples at 60..300s.
    const ts = s([60, 120, 180, 240, 300]);
    const vs = v([10, 20, 30, 40, 50]);
    assert.equal(extrapolatedRate(ts, vs, 0, 5, 0, 300_000, true, false), 50);
    assert.equal(extrapolatedRate(ts, vs, 0, 5, 0, 300_000, true, true), 50 / 300);
  });

  it('adds the value before every decrease as a counter reset', () => {
    const ts = s([0, 60, 120, 180, 240]);
    const vs = v([0, 10, 20, 5, 15]);
    assert.equal(extrapolatedRate(ts, vs, 0, 5, 0, 240_000, true, false), 35);
    // delta ignores resets.
    assert.equal(extrapolatedRate(ts, vs, 0, 5, 0, 240_000, false, false), 15);
  });

  it('extrapolates only half an interval when a boundary is beyond 1.1x the average interval', () => {
    const ts = s([120, 180, 240]);
    // start gap 120s > 66s → 30s; end gap 60s → kept: factor (120 + 30 + 60) / 120.
    assert.equal(extrapolatedRate(ts, v([1, 2, 3]), 0, 3, 0, 300_000, false, false), 3.5);
  });

  it('stops the counter extrapolation at its zero point', () => {
    const ts = s([120, 180, 240]);
    // zero point 120 × 0.2 / 2 = 12s before the first sample.
    const r = extrapolatedRate(ts, v([0.2, 1.2, 2.2]), 0, 3, 0, 300_000, true, false) as number;
    assert.ok(Math.abs(r - 3.2) < 1e-12, String(r));
  });

  it('uses the window [from, to) only and needs two samples', () => {
    const ts = s([0, 60, 120]);
    const vs = v([1, 2, 4]);
    assert.equal(extrapolatedRate(ts, vs, 2, 3, 0, 120_000, true, false), undefined);
    assert.equal(extrapolatedRate(ts, vs, 1, 3, 60_000, 120_000, false, false), 2);
  });
});

describe('irate and idelta', () => {
  const ts = s([0, 60, 120]);
  it('use the last two samples', () => {
    assert.equal(irate(ts, v([0, 10, 40]), 0, 3), 0.5);
    assert.equal(idelta(ts, v([0, 10, 40]), 0, 3), 30);
  });
  it('irate takes a decrease as a reset, idelta does not', () => {
    assert.equal(irate(ts, v([0, 20, 5]), 0, 3), 5 / 60);
    assert.equal(idelta(ts, v([0, 20, 5]), 0, 3), -15);
  });
  it('give nothing for one sample or equal timestamps', () => {
    assert.equal(irate(ts, v([1, 2, 3]), 0, 1), undefined);
    assert.equal(idelta(s([5, 5]), v([1, 2]), 0, 2), undefined);
  });
});
