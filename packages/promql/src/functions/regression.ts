// deriv and predict_linear: least-squares regression with compensated sums
// (Prometheus promql/functions.go linearRegression).

import { kahanInc, kahanState } from './kahan.js';

/** Slope (per second) and intercept at `interceptTimeMs` of the least-squares line. */
export interface Regression {
  slope: number;
  intercept: number;
}

/**
 * Least-squares fit of vs against ts over [from, to). x is seconds relative to
 * `interceptTimeMs`, which keeps the sums small (Prometheus issue 2674). A constant series has
 * slope 0 exactly, unless it is constantly ±Inf, which has no line (NaN, NaN).
 */
export function linearRegression(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  from: number,
  to: number,
  interceptTimeMs: number,
): Regression {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[from] as number;
  let constY = true;
  for (let i = from; i < to; i++) {
    const y = vs[i] as number;
    if (constY && i > from && y !== initY) constY = false;
    n += 1;
    const x = ((ts[i] as number) - interceptTimeMs) / 1e3;
    sumX = kahanInc(x, sumX, cX);
    cX = kahanState.c;
    sumY = kahanInc(y, sumY, cY);
    cY = kahanState.c;
    sumXY = kahanInc(x * y, sumXY, cXY);
    cXY = kahanState.c;
    sumX2 = kahanInc(x * x, sumX2, cX2);
    cX2 = kahanState.c;
  }
  if (constY) {
    if (initY === Number.POSITIVE_INFINITY || initY === Number.NEGATIVE_INFINITY) {
      return { slope: Number.NaN, intercept: Number.NaN };
    }
    return { slope: 0, intercept: initY };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/** deriv(v[range]): per-second slope; undefined with fewer than two samples. */
export function deriv(ts: ArrayLike<number>, vs: ArrayLike<number>, from: number, to: number) {
  if (to - from < 2) return undefined;
  return linearRegression(ts, vs, from, to, ts[from] as number).slope;
}

/**
 * predict_linear(v[range], t): the fitted value `durationSeconds` after the evaluation time
 * `evalTimeMs`; undefined with fewer than two samples.
 */
export function predictLinear(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  from: number,
  to: number,
  evalTimeMs: number,
  durationSeconds: number,
): number | undefined {
  if (to - from < 2) return undefined;
  const { slope, intercept } = linearRegression(ts, vs, from, to, evalTimeMs);
  return slope * durationSeconds + intercept;
}
