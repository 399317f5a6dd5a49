import type { FsRecorder, OperationSeries } from './metrics.js';

/**
 * Calls `fn` with `thisArg` and `args`, timing it as `series`. A rejection or a synchronous throw
 * is recorded and rethrown as the same object; `onSuccess` (byte and file accounting) can never
 * break the call: if it throws, the result is still returned.
 */
export function timedCall<R>(
  recorder: FsRecorder,
  series: OperationSeries,
  fn: (...args: unknown[]) => R | PromiseLike<R>,
  thisArg: unknown,
  args: unknown[],
  onSuccess?: (result: R) => void,
): Promise<R> | R {
  const startedAt = performance.now();
  let pending: R | PromiseLike<R>;
  try {
    pending = Reflect.apply(fn, thisArg, args);
  } catch (error) {
    recorder.failed(series, startedAt, error);
    throw error;
  }
  if (!isThenable(pending)) {
    // Not an fs/promises-style implementation: record and pass the value through.
    recorder.succeeded(series, startedAt);
    return pending;
  }
  return Promise.resolve(pending).then(
    (result) => {
      recorder.succeeded(series, startedAt);
      if (onSuccess !== undefined) {
        try {
          onSuccess(result);
        } catch {}
      }
      return result;
    },
    (error: unknown) => {
      recorder.failed(series, startedAt, error);
      throw error;
    },
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
