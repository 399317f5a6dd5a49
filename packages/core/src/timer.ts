/**
 * Timing helpers shared by the instruments (histogram, summary, gauge). Durations come from
 * `performance.now()` (monotonic) and are reported in seconds.
 */
import type { LabelValues } from './labels.js';
import { Metric, type MetricChild } from './metric.js';
import type { MetricFamily } from './types.js';

/** Ends a timer started with a label set that may be completed at the end, as in prom-client. */
export type LabelledTimerEnd<L extends readonly string[]> = (extraLabels?: Partial<LabelValues<L>>) => number;

export interface TimeOptions<L extends readonly string[]> {
  /** Labels for the observation; may omit the outcome label. */
  labels?: Partial<LabelValues<L>>;
  /** One of the metric's label names; set to "success" or "error" depending on how `fn` ended. */
  outcomeLabel?: L[number];
}

/** Records a duration for a (possibly partial, completed later) label set; never throws. */
export type RecordLabelled = (labels: object | null, seconds: number) => void;

function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Calls `fn()` and reports its duration once it returns or throws, or, when it returns a promise
 * (any thenable), once that settles. Returns what `fn` returned and rethrows its error unchanged;
 * for a thenable, returns the promise its `then()` derives, which resolves to the same value or
 * rejects with the same error object. Returning the derived promise rather than the original keeps
 * a rejection that nobody handles reported as `unhandledRejection`: the handler attached here only
 * passes the error on.
 */
export function timeCall<T>(fn: () => T, done: (seconds: number, ok: boolean) => void): T {
  const start = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    done(secondsSince(start), false);
    throw error;
  }
  if (isThenable(result)) {
    const derived: unknown = result.then(
      (value) => {
        done(secondsSince(start), true);
        return value;
      },
      (error: unknown) => {
        done(secondsSince(start), false);
        throw error;
      },
    );
    // A thenable whose then() returns nothing to chain on is returned as it is.
    return (isThenable(derived) ? derived : result) as T;
  }
  done(secondsSince(start), true);
  return result;
}

/**
 * `{ ...a, ...b }`, or null (a label set every metric refuses, so the observation is dropped and
 * counted) when spreading throws, e.g. for a Proxy whose traps throw. Recording must not throw.
 */
function merge(a: unknown, b: unknown): object | null {
  try {
    return { ...(a as object), ...(b as object) };
  } catch {
    return null;
  }
}

/** `end()` returns the seconds since start and passes them to `record`. */
export function startTimer(record: (seconds: number) => void): () => number {
  const start = performance.now();
  return () => {
    const seconds = secondsSince(start);
    record(seconds);
    return seconds;
  };
}

/** `metric.startTimer(labels?)`: labels given at the start may be completed by `end(extraLabels)`. */
export function startLabelledTimer<L extends readonly string[]>(
  record: RecordLabelled,
  labels: Partial<LabelValues<L>> | undefined,
): LabelledTimerEnd<L> {
  const start = performance.now();
  return (extraLabels) => {
    const seconds = secondsSince(start);
    record(extraLabels === undefined ? (labels ?? {}) : merge(labels, extraLabels), seconds);
    return seconds;
  };
}

/** `metric.time(fn, options)`. A wrong outcomeLabel is caught like any bad label set: dropped and counted. */
export function timeLabelled<T, L extends readonly string[]>(
  fn: () => T,
  options: TimeOptions<L> | undefined,
  record: RecordLabelled,
): T {
  let labels: object | null;
  let outcomeLabel: string | undefined;
  try {
    labels = options?.labels ?? {};
    outcomeLabel = options?.outcomeLabel;
  } catch {
    // Hostile options (a throwing getter): fn still runs, the observation is dropped.
    labels = null;
  }
  return timeCall(fn, (seconds, ok) => {
    record(
      outcomeLabel === undefined ? labels : merge(labels, { [outcomeLabel]: ok ? 'success' : 'error' }),
      seconds,
    );
  });
}

/**
 * `metric.timed(fn, options)`: a function with the same signature that times every call, preserving
 * `this`, the arguments, the return value and thrown errors.
 */
export function wrapTimed<A extends unknown[], R, This, L extends readonly string[]>(
  fn: (this: This, ...args: A) => R,
  options: TimeOptions<L> | undefined,
  record: RecordLabelled,
): (this: This, ...args: A) => R {
  return function timed(this: This, ...args: A): R {
    return timeLabelled(() => fn.apply(this, args), options, record);
  };
}

/**
 * A metric that can time code: `startTimer()`, `time()` and `timed()` record durations in seconds
 * through `recordDuration` for a label set that may be completed at the end.
 */
export abstract class TimedMetric<
  L extends readonly string[],
  C extends MetricChild,
  F extends MetricFamily,
> extends Metric<L, C, F> {
  private readonly recordSeconds: RecordLabelled = (labels, seconds) =>
    this.recordDuration(this.labels(labels as LabelValues<L>), seconds);

  /** How this metric records a duration for one child (observe, set). */
  protected abstract recordDuration(child: C, seconds: number): void;

  /** `end(extraLabels?)` records the seconds elapsed for the merged label set and returns them. */
  startTimer(labels?: Partial<LabelValues<L>>): LabelledTimerEnd<L> {
    return startLabelledTimer(this.recordSeconds, labels);
  }

  /**
   * Calls `fn` and records its duration in seconds, after its promise settles if it returns one.
   * Returns what `fn` returns (for a promise, one that settles the same way) and rethrows what it
   * throws. `outcomeLabel` names a label set to "success" or "error".
   */
  time<T>(fn: () => T, options?: TimeOptions<L>): T {
    return timeLabelled(fn, options, this.recordSeconds);
  }

  /** Wraps `fn` so that every call is timed as by time(); `this` and arguments pass through. */
  timed<A extends unknown[], R, This>(
    fn: (this: This, ...args: A) => R,
    options?: TimeOptions<L>,
  ): (this: This, ...args: A) => R {
    return wrapTimed(fn, options, this.recordSeconds);
  }
}
