import type { LimiterRecorder } from './recorder.js';

interface Instrumentation {
  readonly original: object;
  readonly recorder: LimiterRecorder;
}

// Keyed by the wrapper a user holds, so `uninstrumentLimiter()` needs nothing but that wrapper.
const instrumented = new WeakMap<object, Instrumentation>();

/** @internal */
export function remember(wrapper: object, original: object, recorder: LimiterRecorder): void {
  instrumented.set(wrapper, { original, recorder });
}

/**
 * Stops recording for a wrapper made by wrapLimiter() or instrumentAcquire() and withdraws its
 * share of the gauges; returns the original limiter / acquire function (undefined for anything
 * else). The wrapper keeps working, uninstrumented.
 */
export function uninstrumentLimiter<T extends object>(wrapper: T): T | undefined {
  const entry = instrumented.get(wrapper);
  if (entry === undefined) return undefined;
  entry.recorder.dispose();
  instrumented.delete(wrapper);
  return entry.original as T;
}
