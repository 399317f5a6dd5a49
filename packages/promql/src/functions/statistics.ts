// Order statistics and variance shared by the aggregations (quantile, stddev, stdvar) and the
// *_over_time functions (Prometheus promql/quantile.go quantile, functions.go varianceOverTime).

import { kahanInc, kahanState } from './kahan.js';

/** Ascending with NaN first, as Prometheus's vectorByValueHeap orders values for quantile. */
export function compareNaNFirst(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

/**
 * The q-quantile of `values` (sorted in place, NaN first), interpolating linearly between the
 * two nearest ranks. Empty input or a NaN q gives NaN; q < 0 gives -Inf and q > 1 gives +Inf.
 */
export function quantile(q: number, values: Float64Array | number[]): number {
  const n = values.length;
  if (n === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  values.sort(compareNaNFirst);
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return (values[lowerIndex] as number) * (1 - weight) + (values[upperIndex] as number) * weight;
}

/**
 * Welford's running mean and variance with compensated sums. `variance()` is the population
 * variance (stdvar); its square root is stddev.
 */
export class VarianceAccumulator {
  count = 0;
  private mean = 0;
  private cMean = 0;
  private aux = 0;
  private cAux = 0;

  add(v: number): void {
    this.count++;
    const delta = v - (this.mean + this.cMean);
    this.mean = kahanInc(delta / this.count, this.mean, this.cMean);
    this.cMean = kahanState.c;
    this.aux = kahanInc(delta * (v - (this.mean + this.cMean)), this.aux, this.cAux);
    this.cAux = kahanState.c;
  }

  variance(): number {
    return (this.aux + this.cAux) / this.count;
  }
}

/** Population variance of vs[from..to) (NaN when empty). */
export function stdvar(vs: ArrayLike<number>, from = 0, to = vs.length): number {
  const acc = new VarianceAccumulator();
  for (let i = from; i < to; i++) acc.add(vs[i] as number);
  return acc.variance();
}

/** Population standard deviation of vs[from..to) (NaN when empty). */
export function stddev(vs: ArrayLike<number>, from = 0, to = vs.length): number {
  return Math.sqrt(stdvar(vs, from, to));
}

/**
 * stddev/stdvar as the aggregation operators compute them (Prometheus engine.go aggregation):
 * plain Welford, and a group whose first value is NaN or ±Inf is NaN.
 */
export class AggregationVariance {
  count = 0;
  private mean = 0;
  private value = 0;

  add(v: number): void {
    if (this.count === 0) {
      this.count = 1;
      this.mean = v;
      this.value = Number.isFinite(v) ? 0 : Number.NaN;
      return;
    }
    this.count++;
    const delta = v - this.mean;
    this.mean += delta / this.count;
    this.value += delta * (v - this.mean);
  }

  stdvar(): number {
    return this.value / this.count;
  }

  stddev(): number {
    return Math.sqrt(this.value / this.count);
  }
}

/**
 * avg as the aggregation operator computes it (Prometheus engine.go aggregation): a compensated
 * sum divided at the end, switching to an incremental mean once the sum would overflow.
 */
export class AggregationMean {
  count = 0;
  private sum = 0;
  private c = 0;
  private mean = 0;
  private incremental = false;

  add(v: number): void {
    if (this.count === 0) {
      this.count = 1;
      this.sum = v;
      this.mean = v;
      return;
    }
    this.count++;
    if (!this.incremental) {
      const newSum = kahanInc(v, this.sum, this.c);
      if (newSum !== Number.POSITIVE_INFINITY && newSum !== Number.NEGATIVE_INFINITY) {
        this.sum = newSum;
        this.c = kahanState.c;
        return;
      }
      // The sum would overflow: continue with an incremental mean.
      this.incremental = true;
      this.mean = this.sum / (this.count - 1);
      this.c /= this.count - 1;
    }
    if (this.mean === Number.POSITIVE_INFINITY || this.mean === Number.NEGATIVE_INFINITY) {
      // Inf - Inf would turn an infinite mean into NaN; an infinite mean stays as it is unless
      // the new value is NaN or the opposite infinity.
      if (!Number.isFinite(v) && !Number.isNaN(v) && this.mean > 0 === v > 0) return;
      if (Number.isFinite(v)) return;
    }
    const currentMean = this.mean + this.c;
    this.mean = kahanInc(v / this.count - currentMean / this.count, this.mean, this.c);
    this.c = kahanState.c;
  }

  value(): number {
    if (this.incremental) return this.mean + this.c;
    return (this.sum + this.c) / this.count;
  }
}
