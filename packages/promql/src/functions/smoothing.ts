// double_exponential_smoothing (Holt's linear method; Prometheus funcDoubleExponentialSmoothing).

/** Thrown for arguments Prometheus rejects at evaluation time; the engine turns it into an error. */
export class KernelArgumentError extends Error {
  override name = 'KernelArgumentError';
}

/** Go's %f: six decimals. */
function formatFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return v.toFixed(6);
}

/**
 * The smoothed value at the end of vs[from..to). sf (0 < sf < 1) weighs new data against the
 * history; tf (0 < tf < 1) weighs the trend. Fewer than two samples give undefined; factors
 * outside (0, 1) throw KernelArgumentError with Prometheus's message
 * (a NaN factor passes, as in Prometheus).
 */
export function doubleExponentialSmoothing(
  vs: ArrayLike<number>,
  from: number,
  to: number,
  sf: number,
  tf: number,
): number | undefined {
  if (sf <= 0 || sf >= 1) {
    throw new KernelArgumentError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatFixed(sf)}`);
  }
  if (tf <= 0 || tf >= 1) {
    throw new KernelArgumentError(`invalid trend factor. Expected: 0 < tf < 1, got: ${formatFixed(tf)}`);
  }
  if (to - from < 2) return undefined;
  let s0 = 0;
  let s1 = vs[from] as number;
  let b = (vs[from + 1] as number) - s1;
  for (let i = from + 1; i < to; i++) {
    const x = sf * (vs[i] as number);
    // The trend at the previous step; the first step keeps the initial difference.
    if (i - 1 > from) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
