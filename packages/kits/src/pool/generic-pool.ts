/**
 * Adapter for generic-pool v3 (npm `generic-pool`), typed structurally (never imported at run time).
 *
 * Public API used: acquire/release/destroy/clear (patched on the instance, restored by stop()),
 * size/available/borrowed/pending/max/min (read at collect time), and the factoryCreateError /
 * factoryDestroyError events. When the pool exposes its factory as `_factory` (generic-pool 3.x
 * does), its create/destroy/validate are wrapped as well, which gives pool_created_total and
 * destruction reasons (idle eviction, failed validation, clear()); without it only explicit
 * destroy() calls are counted.
 *
 * An acquisition is `allocated` when it got a resource created while requests were waiting, and
 * a `hit` when it got one handed out before or created ahead of demand (warm-up, `min`). Without
 * `_factory`, creations are not seen: an acquisition is then a hit when an idle resource was there
 * for it (more idle resources than requests queued ahead) or the resource was handed out before.
 */
import { InvalidConfigError } from '@telemeter/core';
import { type AnyFunction, isObject, patchMethod, safely, whenSettled } from './patch.js';
import { PoolMetrics, type PoolMetricsOptions } from './pool-metrics.js';

/** The parts of a generic-pool Pool the adapter uses. */
export interface GenericPoolLike {
  acquire(priority?: number): PromiseLike<unknown>;
  release(resource: never): PromiseLike<unknown>;
  destroy(resource: never): PromiseLike<unknown>;
  clear?(): PromiseLike<unknown>;
  isBorrowedResource?(resource: never): boolean;
  readonly size: number;
  readonly available: number;
  readonly borrowed: number;
  readonly pending: number;
  readonly max: number;
  readonly min: number;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
}

interface FactoryLike {
  create(): unknown;
  destroy(resource: unknown): unknown;
  validate?(resource: unknown): unknown;
}

export type GenericPoolMetricsOptions = Omit<
  PoolMetricsOptions,
  'size' | 'idle' | 'inUse' | 'pending' | 'max' | 'min'
>;

/**
 * Instruments a generic-pool Pool in place; `stop()` on the result undoes it.
 * @example
 * const pool = createPool(factory, { max: 10 });
 * const metrics = instrumentGenericPool(pool, { name: 'db', registry });
 * @throws InvalidConfigError for a bad option or something that is not a generic-pool Pool.
 */
export function instrumentGenericPool(
  pool: GenericPoolLike,
  options: GenericPoolMetricsOptions,
): PoolMetrics {
  const fn = 'instrumentGenericPool()';
  const p = pool as GenericPoolLike & Record<string, unknown>;
  if (
    !isObject(pool) ||
    typeof p.acquire !== 'function' ||
    typeof p.release !== 'function' ||
    typeof p.destroy !== 'function'
  ) {
    throw new InvalidConfigError(
      'pool',
      `${fn}: pool must be a generic-pool Pool (acquire, release, destroy)`,
    );
  }
  const metrics = new PoolMetrics(options, fn, 'connection');
  metrics.observe({
    size: () => p.size,
    idle: () => p.available,
    inUse: () => p.borrowed,
    pending: () => p.pending,
    max: () => p.max,
    min: () => p.min,
  });

  /** Resources handed out before (used when the factory is not wrapped). */
  const known = new WeakSet<object>();
  /** Resources created while requests were waiting, not yet handed out: their acquisition is `allocated`. */
  const fresh = new WeakSet<object>();
  const borrowedAt = new WeakMap<object, number>();
  /** Set by validate() returning false; the pool destroys such resources next. */
  const invalid = new WeakSet<object>();
  let explicit = 0;
  let clearing = 0;
  const factoryWrapped = wrapFactory();

  const heldSeconds = (resource: unknown): number | undefined => {
    if (!isObject(resource)) return undefined;
    const start = borrowedAt.get(resource);
    borrowedAt.delete(resource);
    return start === undefined ? undefined : (performance.now() - start) / 1000;
  };
  const borrowed = (resource: unknown): boolean =>
    typeof p.isBorrowedResource === 'function' ? p.isBorrowedResource(resource as never) === true : true;

  metrics.onStop(
    patchMethod(
      pool,
      'acquire',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const immediate = p.available > p.pending;
          const start = performance.now();
          return whenSettled(
            original.apply(this, args),
            (resource) => {
              const wait = (performance.now() - start) / 1000;
              // With the factory wrapped, `fresh` is exact (it also covers testOnBorrow replacing an idle
              // resource that failed validation, and resources that predate instrumentation are hits);
              // without it, an idle resource at the call, or one handed out before, is a hit.
              let hit = factoryWrapped || immediate;
              if (isObject(resource)) {
                hit = factoryWrapped ? !fresh.has(resource) : immediate || known.has(resource);
                fresh.delete(resource);
                known.add(resource);
                borrowedAt.set(resource, performance.now());
              }
              metrics.recordAcquire(hit ? 'hit' : 'allocated', wait);
            },
            (error) => metrics.failed(acquireFailure(error)),
          );
        },
    ),
  );
  metrics.onStop(
    patchMethod(
      pool,
      'release',
      (original) =>
        function (this: unknown, resource: unknown, ...rest: unknown[]) {
          if (borrowed(resource)) {
            const held = heldSeconds(resource);
            if (held !== undefined) metrics.recordUse(held);
          }
          return original.call(this, resource, ...rest);
        },
    ),
  );
  metrics.onStop(
    patchMethod(
      pool,
      'destroy',
      (original) =>
        function (this: unknown, resource: unknown, ...rest: unknown[]) {
          const wasBorrowed = borrowed(resource);
          if (wasBorrowed) {
            const held = heldSeconds(resource);
            if (held !== undefined) metrics.recordUse(held);
            if (!factoryWrapped) metrics.recordDestroyed('explicit');
          }
          // generic-pool calls factory.destroy() synchronously from here.
          explicit++;
          try {
            return original.call(this, resource, ...rest);
          } finally {
            explicit--;
          }
        },
    ),
  );
  metrics.onStop(
    patchMethod(
      pool,
      'clear',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          // clear() destroys the idle resources after pending creations settle, so the flag
          // stays up until its promise does.
          clearing++;
          let settled = false;
          const done = () => {
            if (!settled) {
              settled = true;
              clearing--;
            }
          };
          try {
            return whenSettled(original.apply(this, args), done, done);
          } catch (error) {
            done();
            throw error;
          }
        },
    ),
  );
  if (typeof p.on === 'function') {
    const onCreateError = () => metrics.error('create');
    const onDestroyError = () => metrics.error('destroy');
    p.on('factoryCreateError', onCreateError);
    p.on('factoryDestroyError', onDestroyError);
    metrics.onStop(() => {
      p.off?.('factoryCreateError', onCreateError);
      p.off?.('factoryDestroyError', onDestroyError);
    });
  }
  return metrics;

  function wrapFactory(): boolean {
    const factory = p._factory as FactoryLike | undefined;
    if (!isObject(factory) || typeof factory.create !== 'function' || typeof factory.destroy !== 'function') {
      return false;
    }
    const wrapped: FactoryLike = Object.create(factory);
    wrapped.create = () => {
      const forDemand = p.pending > 0;
      return whenSettled(
        factory.create(),
        (resource) => {
          metrics.recordCreated();
          if (forDemand && isObject(resource)) fresh.add(resource);
        },
        () => {}, // counted from the factoryCreateError event
      );
    };
    wrapped.destroy = (resource: unknown) => {
      const reason =
        explicit > 0
          ? 'explicit'
          : isObject(resource) && invalid.has(resource)
            ? 'invalid'
            : clearing > 0
              ? 'cleared'
              : 'idle';
      safely(() => metrics.recordDestroyed(reason), undefined);
      return factory.destroy(resource);
    };
    if (typeof factory.validate === 'function') {
      const validate = factory.validate as AnyFunction;
      wrapped.validate = (resource: unknown) =>
        whenSettled(
          validate.call(factory, resource),
          (valid) => {
            if (valid === false && isObject(resource)) invalid.add(resource);
          },
          () => metrics.error('validate'),
        );
    }
    p._factory = wrapped;
    metrics.onStop(() => {
      if (p._factory === wrapped) p._factory = factory;
    });
    return true;
  }
}

/** generic-pool rejects with a TimeoutError, or plain Errors for a full queue or a draining pool. */
function acquireFailure(error: unknown): 'timeout' | 'rejected' | 'error' {
  const e = error as { name?: unknown; message?: unknown } | null;
  if (e?.name === 'TimeoutError') return 'timeout';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (message.includes('max waitingClients') || message.includes('draining')) return 'rejected';
  return 'error';
}
