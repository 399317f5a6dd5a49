/** Histogram bucket layouts. */
import { describeValue } from './describe-value.js';
import { InvalidConfigError, InvalidMetricError } from './errors.js';

/** Prometheus's default buckets (client_golang `prometheus.DefBuckets`), in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

function checkCount(fn: string, count: unknown): void {
  if (!Number.isInteger(count) || (count as number) < 1) {
    throw new InvalidConfigError(
      'count',
      `${fn}(): count must be a whole number >= 1, got ${describeValue(count)}`,
    );
  }
}

function checkFinite(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidConfigError(
      name,
      `${fn}(): ${name} must be a finite number, got ${describeValue(value)}`,
    );
  }
}

/** `count` buckets: start, start + width, …; width must be positive. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  checkFinite('linearBuckets', 'start', start);
  checkFinite('linearBuckets', 'width', width);
  if (width <= 0) throw new InvalidConfigError('width', `linearBuckets(): width must be > 0, got ${width}`);
  checkCount('linearBuckets', count);
  return Array.from({ length: count }, (_, i) => start + i * width);
}

/** `count` buckets: start, start·factor, start·factor², …; start must be > 0 and factor > 1. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  checkFinite('exponentialBuckets', 'start', start);
  checkFinite('exponentialBuckets', 'factor', factor);
  if (start <= 0)
    throw new InvalidConfigError('start', `exponentialBuckets(): start must be > 0, got ${start}`);
  if (factor <= 1)
    throw new InvalidConfigError('factor', `exponentialBuckets(): factor must be > 1, got ${factor}`);
  checkCount('exponentialBuckets', count);
  const buckets: number[] = [];
  for (let i = 0, bound = start; i < count; i++, bound *= factor) {
    if (!Number.isFinite(bound)) {
      throw new InvalidConfigError(
        'count',
        `exponentialBuckets(): bucket ${i} overflows to Infinity; use a smaller count`,
      );
    }
    buckets.push(bound);
  }
  return buckets;
}

/**
 * The finite upper bounds of a histogram: non-empty, finite, strictly ascending. A trailing `+Inf`
 * is tolerated and removed (it is always implied).
 */
export function validateBuckets(metric: string, buckets: unknown): readonly number[] {
  if (buckets === undefined) return DEFAULT_BUCKETS;
  if (!Array.isArray(buckets)) {
    throw new InvalidMetricError(metric, `Histogram "${metric}": buckets must be an array of numbers`);
  }
  const bounds = buckets.at(-1) === Infinity ? buckets.slice(0, -1) : buckets;
  if (bounds.length === 0) {
    throw new InvalidMetricError(
      metric,
      `Histogram "${metric}": buckets must hold at least one finite upper bound`,
    );
  }
  for (let i = 0; i < bounds.length; i++) {
    const bound: unknown = bounds[i];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new InvalidMetricError(
        metric,
        `Histogram "${metric}": bucket ${i} is ${describeValue(bound)}; bounds must be finite numbers (+Inf is added for you)`,
      );
    }
    if (i > 0 && !(bound > bounds[i - 1])) {
      throw new InvalidMetricError(
        metric,
        `Histogram "${metric}": buckets must be strictly ascending, but ${bound} follows ${bounds[i - 1]}`,
      );
    }
  }
  return Object.freeze([...bounds] as number[]);
}
