// Prometheus's util/almost.Equal: relative float comparison, used by the test-script runner
// (epsilon 1e-6) and by histogram_quantile's float-noise tolerance (1e-12).

import { isStaleNaN } from '@telemeter/storage';

/** The smallest positive normal double (Go: math.Float64frombits(0x0010000000000000)). */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * True when a and b are equal within a relative epsilon. Two NaNs are equal; a stale marker equals
 * only another stale marker. Near zero the difference is compared against epsilon × MIN_NORMAL.
 */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) {
    if (isStaleNaN(a) || isStaleNaN(b)) return isStaleNaN(a) && isStaleNaN(b);
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}
