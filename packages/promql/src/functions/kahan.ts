// Kahan-Babuska-Neumaier summation, as Prometheus's util/kahansum: sums stay accurate when many
// values of mixed magnitude are added, which the conformance cases check to 1e-6 relative.

/**
 * One compensated addition. Returns the new sum; the new compensation is left in `kahanState.c`
 * (a shared scratch, so hot loops allocate nothing). Once the sum overflows to ±Inf the
 * compensation is dropped, as Prometheus does, so Inf + c never turns into NaN.
 */
export function kahanInc(inc: number, sum: number, c: number): number {
  const t = sum + inc;
  if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) {
    kahanState.c = 0;
  } else if (Math.abs(sum) >= Math.abs(inc)) {
    kahanState.c = c + (sum - t + inc);
  } else {
    kahanState.c = c + (inc - t + sum);
  }
  return t;
}

/** The compensation written by the last `kahanInc` call. */
export const kahanState = { c: 0 };

/** A running compensated sum. */
export class KahanSum {
  sum = 0;
  c = 0;

  add(v: number): void {
    this.sum = kahanInc(v, this.sum, this.c);
    this.c = kahanState.c;
  }

  /** The sum with its compensation applied (an infinite sum is returned as is). */
  value(): number {
    if (!Number.isFinite(this.sum)) return this.sum;
    return this.sum + this.c;
  }
}

/** Compensated sum of `vs[from..to)`. */
export function kahanSum(vs: ArrayLike<number>, from = 0, to = vs.length): number {
  let sum = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    sum = kahanInc(vs[i] as number, sum, c);
    c = kahanState.c;
  }
  if (!Number.isFinite(sum)) return sum;
  return sum + c;
}
