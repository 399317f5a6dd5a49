// The *_over_time functions over one series' float samples in [from, to) (Prometheus
// promql/functions.go, float paths). An empty window gives undefined (no output element).

import { kahanInc, kahanState } from './kahan.js';
import { quantile, VarianceAccumulator } from './statistics.js';

type Values = ArrayLike<number>;

/**
 * avg_over_time: a compensated sum divided by the count, which is the more accurate mean, until
 * the sum would overflow; from there on an incremental mean (Prometheus issue 16714).
 */
export function avgOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let sum = vs[from] as number;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i] as number;
    count = i - from + 1;
    if (!incremental) {
      const newSum = kahanInc(v, sum, c);
      if (newSum !== Number.POSITIVE_INFINITY && newSum !== Number.NEGATIVE_INFINITY) {
        sum = newSum;
        c = kahanState.c;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    mean = kahanInc(v / count, q * mean, q * c);
    c = kahanState.c;
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

/** sum_over_time (compensated; an infinite sum is returned without its compensation). */
export function sumOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let sum = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    sum = kahanInc(vs[i] as number, sum, c);
    c = kahanState.c;
  }
  if (sum === Number.POSITIVE_INFINITY || sum === Number.NEGATIVE_INFINITY) return sum;
  return sum + c;
}

/** max_over_time: NaN only when every value is NaN (a NaN is replaced by any later value). */
export function maxOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let max = vs[from] as number;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i] as number;
    if (v > max || Number.isNaN(max)) max = v;
  }
  return max;
}

/** min_over_time: NaN only when every value is NaN. */
export function minOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let min = vs[from] as number;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i] as number;
    if (v < min || Number.isNaN(min)) min = v;
  }
  return min;
}

/** count_over_time. */
export function countOverTime(from: number, to: number): number | undefined {
  return to <= from ? undefined : to - from;
}

/** last_over_time. */
export function lastOverTime(vs: Values, from: number, to: number): number | undefined {
  return to <= from ? undefined : (vs[to - 1] as number);
}

/** first_over_time. */
export function firstOverTime(vs: Values, from: number, to: number): number | undefined {
  return to <= from ? undefined : (vs[from] as number);
}

/** present_over_time: 1 when the window has any sample. */
export function presentOverTime(from: number, to: number): number | undefined {
  return to <= from ? undefined : 1;
}

/** quantile_over_time (the caller warns when q is outside [0, 1] or NaN). */
export function quantileOverTime(q: number, vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  const values = new Float64Array(to - from);
  for (let i = from; i < to; i++) values[i - from] = vs[i] as number;
  return quantile(q, values);
}

/** stdvar_over_time: population variance. */
export function stdvarOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  const acc = new VarianceAccumulator();
  for (let i = from; i < to; i++) acc.add(vs[i] as number);
  return acc.variance();
}

/** stddev_over_time: population standard deviation. */
export function stddevOverTime(vs: Values, from: number, to: number): number | undefined {
  const variance = stdvarOverTime(vs, from, to);
  return variance === undefined ? undefined : Math.sqrt(variance);
}

/**
 * mad_over_time: the median of the absolute deviations from the median. A NaN sample makes the
 * result NaN (Prometheus 3.x) instead of being ordered away.
 */
export function madOverTime(vs: Values, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  const values = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    const v = vs[i] as number;
    if (Number.isNaN(v)) return Number.NaN;
    values[i - from] = v;
  }
  const median = quantile(0.5, values.slice());
  for (let i = 0; i < values.length; i++) values[i] = Math.abs((values[i] as number) - median);
  return quantile(0.5, values);
}

/** ts_of_max_over_time / ts_of_min_over_time: seconds of the last sample holding the extreme. */
export function tsOfExtremeOverTime(
  ts: Values,
  vs: Values,
  from: number,
  to: number,
  max: boolean,
): number | undefined {
  if (to <= from) return undefined;
  let best = vs[from] as number;
  let bestT = ts[from] as number;
  for (let i = from; i < to; i++) {
    const v = vs[i] as number;
    if ((max ? v >= best : v <= best) || Number.isNaN(best)) {
      best = v;
      bestT = ts[i] as number;
    }
  }
  return bestT / 1000;
}

/** ts_of_first_over_time: seconds of the first sample. */
export function tsOfFirstOverTime(ts: Values, from: number, to: number): number | undefined {
  return to <= from ? undefined : (ts[from] as number) / 1000;
}

/** ts_of_last_over_time: seconds of the last sample. */
export function tsOfLastOverTime(ts: Values, from: number, to: number): number | undefined {
  return to <= from ? undefined : (ts[to - 1] as number) / 1000;
}
