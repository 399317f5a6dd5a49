/**
 * Adapter for @isaacs/ttlcache (v1 and v2), typed structurally (never imported at run time).
 *
 * TTLCache keeps `dispose` as a writable public field, so `instrument(cache)` can chain a counting
 * `dispose` in front of the cache's own (restored by stop()); `options(opts)` does the same at
 * construction, for symmetry with the lru-cache adapter. Reasons: `evict` → capacity,
 * `stale` → expired (TTLCache purges on its own timer), `delete` → deleted or cleared,
 * `set` → replaced. Lookups (get, has), writes, entries and `max` are counted as by instrumentCache().
 */
import { InvalidConfigError } from '@telemeter/core';
import type { CacheEvictionReason, CacheMetrics, CacheMetricsOptions } from './cache-metrics.js';
import { type AnyFunction, type MethodFactory, type ProxyContext, wrapCache } from './cache-proxy.js';
import { countingDispose, type DisposeState, isCountingDispose } from './dispose-hook.js';
import { type InPlaceOption, resolveMetrics } from './instrument-cache.js';
import { countingHas, Lookups } from './lookups.js';

/** @isaacs/ttlcache's dispose reasons. */
export type TtlDisposeReason = 'evict' | 'set' | 'delete' | 'stale';

/** The parts of a TTLCache the adapter uses (all public API). */
export interface TtlCacheLike {
  get(key: never, options?: never): unknown;
  set(key: never, value: never, options?: never): unknown;
  has(key: never, options?: never): boolean;
  delete(key: never): boolean;
  clear(): void;
  readonly size: number;
  max?: number;
  dispose?: unknown;
}

export interface TtlCacheAdapterOptions
  extends Omit<CacheMetricsOptions, 'entries' | 'bytes' | 'maxEntries' | 'maxBytes'>,
    InPlaceOption {
  /** Whether has() counts as a lookup (default true). */
  countHas?: boolean;
}

export interface TtlCacheAdapter {
  readonly metrics: CacheMetrics;
  /** Your TTLCache options with a counting `dispose` chained in front of yours. */
  options<O extends object>(options: O): O;
  /** Wraps the cache, chaining the counting `dispose` into it unless options() already did. */
  instrument<C extends TtlCacheLike>(cache: C): C;
}

/**
 * @example
 * const ttl = ttlCacheMetrics({ name: 'tokens', registry });
 * const tokens = ttl.instrument(new TTLCache({ max: 10_000, ttl: 30_000 }));
 * @throws InvalidConfigError for a bad option.
 */
export function ttlCacheMetrics(options: TtlCacheAdapterOptions): TtlCacheAdapter {
  const fn = 'ttlCacheMetrics()';
  const metrics = resolveMetrics(fn, options);
  const { countHas = true, inPlace = false } = options;
  const state: DisposeState = { metrics, removing: undefined };
  const hook = (mine: unknown) => countingDispose(state, mine, `${fn}: dispose must be a function`);
  return {
    metrics,
    options<O extends object>(userOptions: O): O {
      return { ...userOptions, dispose: hook((userOptions as { dispose?: unknown }).dispose) };
    },
    instrument<C extends TtlCacheLike>(cache: C): C {
      if (
        cache === null ||
        typeof cache !== 'object' ||
        typeof cache.get !== 'function' ||
        typeof cache.set !== 'function'
      ) {
        throw new InvalidConfigError('cache', `${fn}: instrument() expects a TTLCache instance`);
      }
      const c = cache as TtlCacheLike;
      const current = c.dispose;
      if (!isCountingDispose(current, state)) {
        const installed = hook(current);
        c.dispose = installed;
        metrics.onStop(() => {
          if (c.dispose === installed) c.dispose = current;
        });
      }
      return instrumentTtl(cache, state, countHas, inPlace);
    },
  };
}

/** Shorthand for `ttlCacheMetrics(options).instrument(cache)`. */
export function instrumentTtlCache<C extends TtlCacheLike>(cache: C, options: TtlCacheAdapterOptions): C {
  return ttlCacheMetrics(options).instrument(cache);
}

function instrumentTtl<C extends TtlCacheLike>(
  cache: C,
  state: DisposeState,
  countHas: boolean,
  inPlace: boolean,
): C {
  const { metrics } = state;
  const lookups = new Lookups(metrics, countHas);
  const removal =
    (reason: CacheEvictionReason): MethodFactory =>
    (original: AnyFunction, ctx: ProxyContext) =>
      function (this: unknown) {
        state.removing = reason;
        try {
          // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
          return ctx.result(this, original.apply(ctx.self(this), arguments));
        } finally {
          state.removing = undefined;
          lookups.reset();
        }
      };
  const factories: Record<string, MethodFactory> = {
    get: (original, ctx) =>
      function (this: unknown, key: unknown) {
        // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
        const value = original.apply(ctx.self(this), arguments);
        lookups.get(key, value !== undefined);
        return value;
      },
    has: countingHas(lookups),
    set: (original, ctx) =>
      function (this: unknown) {
        // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
        const result = original.apply(ctx.self(this), arguments);
        metrics.sets.inc();
        return ctx.result(this, result);
      },
    delete: removal('deleted'),
    clear: removal('cleared'),
  };
  const max = cache.max;
  metrics.observe({
    entries: () => cache.size,
    maxEntries: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : undefined,
  });
  return wrapCache(cache, factories, metrics, inPlace);
}
