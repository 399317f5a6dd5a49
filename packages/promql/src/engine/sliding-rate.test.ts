// rateWindows must give exactly what extrapolatedRate gives for every window: it only skips the
// per-sample reset scan where the prefix counts prove there is no reset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extrapolatedRate } from '../functions/index.js';
import { countResets, rateWindows } from './sliding-rate.js';

const value = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  { weight: 2, arbitrary: fc.double({ min: -5, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(0) },
);

const seriesArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 30_000 }), value), {
  minLength: 0,
  maxLength: 60,
});

describe('rateWindows', () => {
  it('counts decreases as prefix sums', () => {
    const vs = Float64Array.from([5, 3, 3, 7, Number.NaN, 1, 0, 2]);
    assert.deepEqual(Array.from(countResets(vs, vs.length, new Int32Array(0))), [0, 1, 1, 1, 1, 1, 2, 2]);
  });

  it('matches extrapolatedRate on every window of random series', () => {
    fc.assert(
      fc.property(
        seriesArb,
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: -60_000, max: 600_000 }),
        fc.boolean(),
        fc.boolean(),
        (points, rangeMs, stepMs, startMs, isCounter, isRate) => {
          let t = 0;
          const ts = Float64Array.from(points, ([gap]) => (t += gap));
          const vs = Float64Array.from(points, ([, v]) => v);
          const n = 12;
          const ends = Float64Array.from({ length: n }, (_, i) => startMs + i * stepMs);
          const lo = new Int32Array(n);
          const hi = new Int32Array(n);
          for (let i = 0; i < n; i++) {
            let a = 0;
            while (a < ts.length && ts[a]! <= ends[i]! - rangeMs) a++;
            let b = a;
            while (b < ts.length && ts[b]! <= ends[i]!) b++;
            lo[i] = a;
            hi[i] = b;
          }
          const resets = countResets(vs, ts.length, new Int32Array(4));
          const values = new Float64Array(n);
          const present = new Uint8Array(n);
          const w = { ts, vs, lo, hi };
          const count = rateWindows(w, resets, ends, rangeMs, isCounter, isRate, values, present);
          let expected = 0;
          for (let i = 0; i < n; i++) {
            const end = ends[i]!;
            const want = extrapolatedRate(ts, vs, lo[i]!, hi[i]!, end - rangeMs, end, isCounter, isRate);
            assert.equal(present[i], want === undefined ? 0 : 1, `step ${i}`);
            if (want === undefined) continue;
            expected++;
            assert.ok(Object.is(values[i], want), `step ${i}: ${values[i]} != ${want}`);
          }
          assert.equal(count, expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
