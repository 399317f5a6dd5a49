// rate, increase, delta, irate and idelta over one series' float samples in a window
// (Prometheus 3.x promql/functions.go: extrapolatedRate and instantValue).
//
// Window convention for every kernel in this folder: the samples are ts[from..to) / vs[from..to)
// (`to` exclusive), ascending in time, stale markers already removed. A kernel returns
// `undefined` when Prometheus drops the element (too few samples), never a placeholder NaN.

/**
 * rate (isCounter, isRate), increase (isCounter) or delta (neither) of the window that covers
 * (rangeStartMs, rangeEndMs]. The result is extrapolated towards the range boundaries: all the
 * way when the first/last sample lies within 1.1× the average sample interval of its boundary,
 * otherwise by half an average interval. For counters the downward extrapolation stops where
 * the counter would reach zero, and every decrease counts as a reset.
 */
export function extrapolatedRate(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  from: number,
  to: number,
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const samplesMinusOne = to - from - 1;
  if (samplesMinusOne < 1) return undefined;
  const firstT = ts[from] as number;
  const lastT = ts[to - 1] as number;
  const firstV = vs[from] as number;
  let result = (vs[to - 1] as number) - firstV;
  if (isCounter) {
    let prev = firstV;
    for (let i = from + 1; i < to; i++) {
      const cur = vs[i] as number;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }

  return extrapolate(
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

/**
 * The extrapolation step of extrapolatedRate: scales `result` (the window's increase, resets
 * already added) from the span between its first and last samples, `samplesMinusOne` intervals
 * apart, out towards (rangeStartMs, rangeEndMs]. Shared with engine/sliding-rate.ts, which skips
 * the reset scan where it knows there is no reset, so both give the same bits.
 */
export function extrapolate(
  result: number,
  firstT: number,
  lastT: number,
  firstV: number,
  samplesMinusOne: number,
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number {
  let durationToStart = (firstT - rangeStartMs) / 1000;
  let durationToEnd = (rangeEndMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageInterval = sampledInterval / samplesMinusOne;
  // Beyond 1.1× the average interval we assume the series starts or ends inside the range.
  const extrapolationThreshold = averageInterval * 1.1;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageInterval / 2;
  if (isCounter) {
    // A counter cannot go below zero: never extrapolate further back than its zero point.
    let durationToZero = durationToStart;
    if (result > 0 && firstV >= 0) durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageInterval / 2;

  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= (rangeEndMs - rangeStartMs) / 1000;
  return result * factor;
}

/**
 * irate (isRate) or idelta of the last two samples of the window. irate treats a decrease as a
 * counter reset (the result is then the last value per second); equal timestamps give no result.
 */
export function instantValue(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  from: number,
  to: number,
  isRate: boolean,
): number | undefined {
  if (to - from < 2) return undefined;
  const t0 = ts[to - 2] as number;
  const t1 = ts[to - 1] as number;
  const v0 = vs[to - 2] as number;
  const v1 = vs[to - 1] as number;
  const sampledIntervalMs = t1 - t0;
  if (sampledIntervalMs === 0) return undefined;
  // A NaN on either side is no reset (v1 < v0 is false), so it propagates as Prometheus does.
  const result = isRate && v1 < v0 ? v1 : v1 - v0;
  return isRate ? result / (sampledIntervalMs / 1000) : result;
}

/** irate(v[range]). */
export function irate(ts: ArrayLike<number>, vs: ArrayLike<number>, from: number, to: number) {
  return instantValue(ts, vs, from, to, true);
}

/** idelta(v[range]). */
export function idelta(ts: ArrayLike<number>, vs: ArrayLike<number>, from: number, to: number) {
  return instantValue(ts, vs, from, to, false);
}
