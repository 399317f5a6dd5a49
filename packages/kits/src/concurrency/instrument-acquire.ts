import { InvalidConfigError } from '@telemeter/core';
import { type ConcurrencyKitOptions, concurrencyMetrics, limiterSeries } from './metrics.js';
import { LimiterRecorder, type PermitRecord } from './recorder.js';
import { remember } from './uninstrument.js';

export interface InstrumentAcquireOptions<R> extends ConcurrencyKitOptions {
  /** The `semaphore` label value. */
  name: string;
  /** Permits of the underlying semaphore (1 for a mutex). */
  limit: number;
  /**
   * Whether an acquisition made now would wait. Default: the wrapper's own count of holders and
   * waiters reaches `limit`, which is exact when every acquisition goes through the wrapper with
   * weight 1. Pass the semaphore's own probe otherwise, e.g. `() => semaphore.isLocked()`.
   */
  wouldWait?: () => boolean;
  /**
   * Finds the release function in what `acquire` resolves with and returns the same shape with
   * `release` in its place. Default: a function (`Mutex.acquire()`), or a tuple with the release
   * function second (`Semaphore.acquire()` of async-mutex: `[value, release]`).
   */
  replaceRelease?: (acquired: R, wrap: (release: () => void) => () => void) => R;
  /** `rejected` (refused outright) or `aborted` (gave up waiting) for a failed acquisition; default `aborted`. */
  classifyError?: (error: unknown) => 'rejected' | 'aborted';
}

/**
 * Wraps the acquire function of any existing semaphore or mutex so each acquisition is measured
 * (wait, queue depth, active, outcome, sequential/concurrent). `this` and arguments pass through,
 * so it can replace the method in place:
 *
 * ```ts
 * const sem = new Semaphore(4); // async-mutex
 * sem.acquire = instrumentAcquire(sem.acquire, { name: 'uploads', limit: 4, wouldWait: () => sem.isLocked() });
 * await sem.runExclusive(work); // runExclusive calls this.acquire, so it is measured too
 * ```
 *
 * A holder is counted active from the moment `acquire` resolves until its release function is
 * first called (later calls are passed through but not counted again).
 */
export function instrumentAcquire<A extends unknown[], R>(
  acquire: (...args: A) => PromiseLike<R>,
  options: InstrumentAcquireOptions<R>,
): (...args: A) => Promise<R> {
  if (typeof acquire !== 'function') {
    throw new InvalidConfigError('acquire', "instrumentAcquire: expected the semaphore's acquire function");
  }
  if (
    options === null ||
    typeof options !== 'object' ||
    typeof options.name !== 'string' ||
    options.name === ''
  ) {
    throw new InvalidConfigError('name', 'instrumentAcquire: options.name must be a non-empty string');
  }
  const { limit, wouldWait, replaceRelease = defaultReplaceRelease, classifyError } = options;
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isSafeInteger(limit) && limit >= 1))) {
    throw new InvalidConfigError(
      'limit',
      'instrumentAcquire: limit must be a whole number >= 1, or Infinity',
    );
  }
  const recorder = new LimiterRecorder(limiterSeries(concurrencyMetrics(options), options.name), limit);
  let warned = false;

  const wrapRelease =
    (permit: PermitRecord) =>
    (release: () => void): (() => void) => {
      let released = false;
      return function (this: unknown, ...args: unknown[]): unknown {
        if (!released) {
          released = true;
          recorder.release(permit);
        }
        return Reflect.apply(release, this, args);
      };
    };

  const instrumented = function (this: unknown, ...args: A): Promise<R> {
    const calledAt = performance.now();
    let queued: boolean;
    try {
      queued = wouldWait === undefined ? recorder.active + recorder.waiting >= limit : wouldWait();
    } catch {
      queued = recorder.active + recorder.waiting >= limit;
    }
    if (queued) recorder.enqueued();
    let pending: PromiseLike<R>;
    try {
      pending = Reflect.apply(acquire, this, args);
    } catch (error) {
      if (queued) recorder.dequeued();
      recorder.failed('rejected');
      throw error;
    }
    return Promise.resolve(pending).then(
      (acquired) => {
        if (queued) recorder.dequeued();
        const permit = recorder.grant(queued ? 'queued' : 'immediate', (performance.now() - calledAt) / 1000);
        try {
          return replaceRelease(acquired, wrapRelease(permit));
        } catch (error) {
          // An unexpected shape: hand it over untouched, and count the holder as done so `active` cannot leak.
          recorder.release(permit);
          if (!warned) warnReleaseNotFound(options.name, error);
          warned = true;
          return acquired;
        }
      },
      (error: unknown) => {
        if (queued) recorder.dequeued();
        let mode: 'rejected' | 'aborted' = 'aborted';
        try {
          if (classifyError?.(error) === 'rejected') mode = 'rejected';
        } catch {}
        recorder.failed(mode);
        throw error;
      },
    );
  };
  remember(instrumented, acquire, recorder);
  return instrumented;
}

function warnReleaseNotFound(name: string, error: unknown): void {
  process.emitWarning(
    `instrumentAcquire("${name}"): ${error instanceof Error ? error.message : String(error)}; hold time and active holders are not measured`,
    { code: 'TELEMETER_W_KIT_RELEASE_NOT_FOUND' },
  );
}

function defaultReplaceRelease<R>(acquired: R, wrap: (release: () => void) => () => void): R {
  if (typeof acquired === 'function') return wrap(acquired as () => void) as R;
  if (Array.isArray(acquired) && typeof acquired[1] === 'function') {
    const copy = [...acquired];
    copy[1] = wrap(acquired[1] as () => void);
    return copy as R;
  }
  throw new TypeError('no release function found in what acquire resolved with; pass options.replaceRelease');
}
