import { InvalidConfigError } from '@telemeter/core';
import { type ConcurrencyKitOptions, concurrencyMetrics, limiterSeries } from './metrics.js';
import { LimiterRecorder } from './recorder.js';
import { remember } from './uninstrument.js';

/** The call shape of p-limit's `limit(fn, ...args)`; the properties are read when present. */
export interface LimitFunctionLike {
  // biome-ignore lint/suspicious/noExplicitAny: any function and arguments, as p-limit accepts
  (fn: (...args: any[]) => unknown, ...args: any[]): PromiseLike<unknown>;
  readonly activeCount?: number;
  readonly pendingCount?: number;
  concurrency?: number;
  clearQueue?: () => void;
}

export interface WrapLimiterOptions extends ConcurrencyKitOptions {
  /** The `semaphore` label value. */
  name: string;
  /** The limiter's concurrency; default its `concurrency` property (required when it has none). */
  limit?: number;
}

interface Call {
  readonly calledAt: number;
  readonly queued: boolean;
  started: boolean;
}

/**
 * Wraps a p-limit-style function (`limit(fn, ...args) → Promise`) so every call through the
 * wrapper is measured. Returns a function with the same signature that mirrors the limiter's
 * properties (`activeCount`, `pendingCount`, `concurrency` get/set, `clearQueue`, `map`).
 *
 * A call is *immediate* when the limiter had a free slot and nobody waiting when it was made
 * (read from `activeCount`/`pendingCount`/`concurrency` when the limiter has them, else from the
 * wrapper's own count of calls in flight); otherwise it is *queued* and counts in the queue depth
 * until `fn` starts. Wait = call to start of `fn` (for p-limit this includes its microtask hop).
 * Calls made on the original limiter, bypassing the wrapper, are not measured.
 */
export function wrapLimiter<F extends LimitFunctionLike>(limiter: F, options: WrapLimiterOptions): F {
  if (typeof limiter !== 'function') {
    throw new InvalidConfigError('limiter', 'wrapLimiter: expected a limit function such as pLimit(4)');
  }
  if (
    options === null ||
    typeof options !== 'object' ||
    typeof options.name !== 'string' ||
    options.name === ''
  ) {
    throw new InvalidConfigError('name', 'wrapLimiter: options.name must be a non-empty string');
  }
  const limit = options.limit ?? limiter.concurrency;
  if (typeof limit !== 'number' || !(limit >= 1)) {
    throw new InvalidConfigError(
      'limit',
      'wrapLimiter: the limiter has no numeric `concurrency`; pass options.limit (a number >= 1)',
    );
  }
  const recorder = new LimiterRecorder(limiterSeries(concurrencyMetrics(options), options.name), limit);
  let currentLimit = limit;
  // Calls made but not started, oldest first (a Set keeps insertion order): clearQueue() drops the newest.
  const waiting = new Set<Call>();
  const introspectable =
    typeof limiter.activeCount === 'number' &&
    typeof limiter.pendingCount === 'number' &&
    typeof limiter.concurrency === 'number';

  const wouldWait = (): boolean =>
    introspectable
      ? limiter.activeCount! >= limiter.concurrency! || limiter.pendingCount! > 0
      : recorder.active + waiting.size >= currentLimit;

  const instrument = (call: Call, fn: (...args: unknown[]) => unknown): ((...args: unknown[]) => unknown) => {
    return function (this: unknown, ...args: unknown[]): unknown {
      if (!call.started) {
        call.started = true;
        waiting.delete(call);
        if (call.queued) recorder.dequeued();
      }
      const wait = (performance.now() - call.calledAt) / 1000;
      const permit = recorder.grant(call.queued ? 'queued' : 'immediate', wait);
      let result: unknown;
      try {
        result = Reflect.apply(fn, this, args);
      } catch (error) {
        recorder.release(permit);
        throw error;
      }
      if (!isThenable(result)) {
        recorder.release(permit);
        return result;
      }
      return result.then(
        (value) => {
          recorder.release(permit);
          return value;
        },
        (error: unknown) => {
          recorder.release(permit);
          throw error;
        },
      );
    };
  };

  const clearQueue = (): void => {
    const before = introspectable ? limiter.pendingCount! : waiting.size;
    limiter.clearQueue!();
    const dropped = before - (introspectable ? limiter.pendingCount! : 0);
    // The limiter dropped its newest `dropped` calls; the oldest ones may already be on their way to start.
    const calls = [...waiting].slice(Math.max(0, waiting.size - dropped));
    for (const call of calls) {
      waiting.delete(call);
      if (call.queued) recorder.dequeued();
      recorder.failed('aborted');
    }
  };

  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const fn = args[0];
    if (typeof fn !== 'function') return Reflect.apply(limiter, this, args);
    const call: Call = { calledAt: performance.now(), queued: wouldWait(), started: false };
    waiting.add(call);
    if (call.queued) recorder.enqueued();
    args[0] = instrument(call, fn as (...a: unknown[]) => unknown);
    try {
      return Reflect.apply(limiter, this, args);
    } catch (error) {
      // The limiter refused the call outright (e.g. a validation error): it never queued.
      if (!call.started && waiting.delete(call) && call.queued) recorder.dequeued();
      throw error;
    }
  } as unknown as F;

  // Mirror the limiter's own properties (a Proxy cannot: p-limit's methods are non-configurable).
  for (const key of Reflect.ownKeys(limiter)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    if (key === 'clearQueue' && typeof limiter.clearQueue === 'function') {
      Object.defineProperty(wrapper, key, { value: clearQueue });
    } else if (key === 'map' && typeof (limiter as { map?: unknown }).map === 'function') {
      Object.defineProperty(wrapper, key, { value: map });
    } else {
      Object.defineProperty(wrapper, key, {
        get: () => {
          const value = Reflect.get(limiter, key);
          return typeof value === 'function' ? value.bind(limiter) : value;
        },
        set: (value: unknown) => {
          Reflect.set(limiter, key, value);
          if (key === 'concurrency' && typeof limiter.concurrency === 'number') {
            currentLimit = limiter.concurrency;
            recorder.setLimit(currentLimit);
          }
        },
        enumerable: Object.getOwnPropertyDescriptor(limiter, key)?.enumerable ?? false,
      });
    }
  }

  // p-limit's map() calls its own generator, bypassing the wrapper; this is its documented equivalent through the wrapper.
  async function map<I, R>(
    iterable: Iterable<I>,
    mapper: (input: I, index: number) => PromiseLike<R> | R,
  ): Promise<R[]> {
    const promises: PromiseLike<unknown>[] = [];
    try {
      let index = 0;
      for (const item of iterable) promises.push(wrapper(mapper, item, index++));
    } catch (error) {
      for (const promise of promises) Promise.resolve(promise).catch(() => {});
      throw error;
    }
    return Promise.all(promises) as Promise<R[]>;
  }

  remember(wrapper, limiter, recorder);
  return wrapper;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
