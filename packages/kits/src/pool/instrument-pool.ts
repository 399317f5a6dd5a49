/**
 * instrumentPool(): any object pool with an acquire-like and a release-like method (a buffer
 * pool, a worker pool, a hand-written connection pool), patched in place.
 *
 * - acquire may return the resource or a promise of it; a promise is timed into
 *   pool_acquire_wait_seconds and counted in pool_pending while it is outstanding.
 * - hit or allocated: with an `idle` reader, an acquisition is a hit when the pool had an idle
 *   resource at the call; without one, when the resource (an object) was handed out before.
 * - in use, idle and size follow the calls (see PoolMetrics) unless you pass readers for them.
 */
import { InvalidConfigError } from '@telemeter/core';
import { isObject, isThenable, patchMethod, whenSettled } from './patch.js';
import { PoolMetrics, type PoolMetricsOptions } from './pool-metrics.js';

export interface InstrumentPoolOptions extends PoolMetricsOptions {
  /** Names of the pool's methods (defaults: `acquire`, `release`; `destroy` only if named). */
  methods?: { acquire?: string; release?: string; destroy?: string };
}

/**
 * @example
 * const metrics = instrumentPool(bufferPool, {
 *   name: 'frames', kind: 'buffer', idle: () => bufferPool.available, max: 64,
 *   methods: { acquire: 'alloc', release: 'free' },
 * });
 * @throws InvalidConfigError for a bad option or a missing method.
 */
export function instrumentPool(pool: object, options: InstrumentPoolOptions): PoolMetrics {
  const fn = 'instrumentPool()';
  const names = { acquire: 'acquire', release: 'release', ...(options?.methods ?? {}) };
  const p = pool as Record<string, unknown>;
  if (!isObject(pool)) throw new InvalidConfigError('pool', `${fn}: pool must be an object`);
  for (const key of ['acquire', 'release', 'destroy'] as const) {
    const name = names[key];
    if (name === undefined) continue;
    if (typeof name !== 'string' || typeof p[name] !== 'function') {
      throw new InvalidConfigError(
        'methods',
        `${fn}: the pool has no method ${JSON.stringify(name)} (methods.${key})`,
      );
    }
  }
  const metrics = new PoolMetrics(options, fn, 'object');
  const idle = options.idle;
  const idleNow = idle === undefined ? undefined : typeof idle === 'number' ? () => idle : idle;
  const known = new WeakSet<object>();
  const borrowedAt = new WeakMap<object, number>();
  const held = (resource: unknown): number | undefined => {
    if (!isObject(resource)) return undefined;
    const start = borrowedAt.get(resource);
    borrowedAt.delete(resource);
    return start === undefined ? undefined : (performance.now() - start) / 1000;
  };
  const handedOut = (resource: unknown, hadIdle: boolean | undefined): 'hit' | 'allocated' => {
    let hit = hadIdle ?? false;
    if (isObject(resource)) {
      if (hadIdle === undefined) hit = known.has(resource);
      known.add(resource);
      borrowedAt.set(resource, performance.now());
    }
    return hit ? 'hit' : 'allocated';
  };

  metrics.onStop(
    patchMethod(
      pool,
      names.acquire,
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          let hadIdle: boolean | undefined;
          try {
            hadIdle = idleNow === undefined ? undefined : idleNow() > 0;
          } catch {
            hadIdle = undefined;
          }
          const result = original.apply(this, args);
          if (isThenable(result)) {
            const end = metrics.startAcquire();
            return whenSettled(
              result,
              (resource) => end(handedOut(resource, hadIdle)),
              () => end('error'),
            );
          }
          metrics.acquire(handedOut(result, hadIdle));
          return result;
        },
    ),
  );
  metrics.onStop(
    patchMethod(
      pool,
      names.release,
      (original) =>
        function (this: unknown, resource: unknown, ...rest: unknown[]) {
          const value = original.call(this, resource, ...rest);
          metrics.release(held(resource));
          return value;
        },
    ),
  );
  if (names.destroy !== undefined) {
    metrics.onStop(
      patchMethod(
        pool,
        names.destroy,
        (original) =>
          function (this: unknown, resource: unknown, ...rest: unknown[]) {
            const value = original.call(this, resource, ...rest);
            metrics.destroy('explicit', 'in_use', held(resource));
            return value;
          },
      ),
    );
  }
  return metrics;
}
