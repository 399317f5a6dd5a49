// rate, increase and delta over every step's window of one loaded series. The windows of a range
// query overlap (a 5m range at a 1m step sees each sample five times), and extrapolatedRate walks
// its whole window looking for counter resets. Here the resets are counted once per series into a
// prefix array, so a window without one (nearly all of them) needs no per-sample pass; a window
// with one goes to extrapolatedRate itself. Either way the result is bit for bit extrapolatedRate's
// (functions/rate.ts), which sliding-rate.test.ts checks on random windows.
import { extrapolate, extrapolatedRate } from '../functions/index.js';

/** Prefix counts of decreases: resetsUpTo[j] is how many i in (0, j] have vs[i] < vs[i - 1]. */
export function countResets(vs: Float64Array, length: number, into: Int32Array): Int32Array {
  const out = into.length >= length ? into : new Int32Array(Math.max(length, into.length * 2));
  if (length === 0) return out;
  let count = 0;
  out[0] = 0;
  let prev = vs[0]!;
  for (let i = 1; i < length; i++) {
    const cur = vs[i]!;
    if (cur < prev) count++;
    out[i] = count;
    prev = cur;
  }
  return out;
}

/** A loaded series and the index window [lo[i], hi[i]) of each step i. */
export interface RateWindows {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
}

/**
 * extrapolatedRate(ts, vs, lo[i], hi[i], ends[i] - rangeMs, ends[i], isCounter, isRate) for every
 * step i, written to values[i] with present[i] = 1 where there is a result; returns the number of
 * results. `resetsUpTo` comes from countResets over the same vs (only read when isCounter). One
 * loop for all steps, writing doubles straight into the row (extrapolate is small enough to be
 * inlined, so its result is not boxed).
 */
export function rateWindows(
  w: RateWindows,
  resetsUpTo: Int32Array,
  ends: Float64Array,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
  values: Float64Array,
  present: Uint8Array,
): number {
  const { ts, vs, lo, hi } = w;
  let points = 0;
  for (let i = 0; i < ends.length; i++) {
    const from = lo[i]!;
    const to = hi[i]!;
    const samplesMinusOne = to - from - 1;
    if (samplesMinusOne < 1) continue;
    const rangeEndMs = ends[i]!;
    const rangeStartMs = rangeEndMs - rangeMs;
    if (isCounter && resetsUpTo[to - 1] !== resetsUpTo[from]) {
      values[i] = extrapolatedRate(ts, vs, from, to, rangeStartMs, rangeEndMs, isCounter, isRate)!;
    } else {
      // No reset to add: extrapolatedRate's arithmetic without its scan of the window.
      const firstV = vs[from]!;
      const result = vs[to - 1]! - firstV;
      const firstT = ts[from]!;
      const lastT = ts[to - 1]!;
      values[i] = extrapolate(
        result,
        firstT,
        lastT,
        firstV,
        samplesMinusOne,
        rangeStartMs,
        rangeEndMs,
        isCounter,
        isRate,
      );
    }
    present[i] = 1;
    points++;
  }
  return points;
}
