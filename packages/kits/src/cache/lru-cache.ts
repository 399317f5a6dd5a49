/**
 * Adapter for lru-cache (npm `lru-cache` v10 and v11), typed structurally: lru-cache is never
 * imported, so it is not a dependency of the kits.
 *
 * Two halves, because lru-cache takes its `dispose` callback only in the constructor:
 * - `options(opts)` returns the constructor options with a `dispose` that counts every removal by
 *   its reason (`evict` → capacity, `expire` → expired, `delete` → deleted/cleared, `set` →
 *   replaced, `fetch` → fetch_failed), then calls yours with the same arguments and `this`;
 * - `instrument(cache)` returns a Proxy that counts lookups (get, has, fetch, forceFetch, memo)
 *   and writes, detects refused oversized writes (`maxEntrySize`) from lru-cache's `status`
 *   object, and reads `size`, `calculatedSize`, `max` and `maxSize` at collect time.
 * A cache built without `options()` is still counted; its evictions are then inferred from size
 * changes around set() (capacity) and get() (expired), which misses timer purges (`ttlAutopurge`).
 */
import { InvalidConfigError } from '@telemeter/core';
import type { CacheEvictionReason, CacheMetrics, CacheMetricsOptions } from './cache-metrics.js';
import { type AnyFunction, type MethodFactory, type ProxyContext, wrapCache } from './cache-proxy.js';
import { countingDispose, type DisposeState, isCountingDispose } from './dispose-hook.js';
import { type InPlaceOption, resolveMetrics } from './instrument-cache.js';
import { countingHas, Lookups } from './lookups.js';

/** lru-cache's dispose reasons (v10/v11). */
export type LruDisposeReason = 'evict' | 'set' | 'delete' | 'expire' | 'fetch';

type Status = Record<string, unknown>;

/** The parts of an LRUCache instance the adapter uses (all public API). */
export interface LruCacheLike {
  get(key: never, options?: never): unknown;
  set(key: never, value: never, options?: never): unknown;
  has(key: never, options?: never): boolean;
  delete(key: never): boolean;
  clear(): void;
  readonly size: number;
  readonly max?: number;
  readonly maxSize?: number;
  readonly maxEntrySize?: number;
  readonly calculatedSize?: number;
  readonly dispose?: unknown;
}

export interface LruCacheAdapterOptions
  extends Omit<CacheMetricsOptions, 'entries' | 'bytes' | 'maxEntries' | 'maxBytes'>,
    InPlaceOption {
  /** Whether has() counts as a lookup (default true). */
  countHas?: boolean;
  /**
   * Whether `sizeCalculation` returns bytes (default true): `calculatedSize` and `maxSize` are
   * then exported as `cache_size_bytes` and `cache_max_size_bytes`; with false they are not.
   */
  sizeInBytes?: boolean;
}

export interface LruCacheAdapter {
  readonly metrics: CacheMetrics;
  /** Your LRUCache options with a counting `dispose` chained in front of yours. */
  options<O extends object>(options: O): O;
  /** Wraps the cache (create it with `options()` for exact eviction reasons). */
  instrument<C extends LruCacheLike>(cache: C): C;
}

/**
 * @example
 * const lru = lruCacheMetrics({ name: 'sessions', registry });
 * const sessions = lru.instrument(new LRUCache(lru.options({ max: 1000, ttl: 60_000 })));
 * @throws InvalidConfigError for a bad option.
 */
export function lruCacheMetrics(options: LruCacheAdapterOptions): LruCacheAdapter {
  const fn = 'lruCacheMetrics()';
  const metrics = resolveMetrics(fn, options);
  const { countHas = true, sizeInBytes = true, inPlace = false } = options;
  const state: DisposeState = { metrics, removing: undefined };
  return {
    metrics,
    options<O extends object>(userOptions: O): O {
      const mine = (userOptions as { dispose?: unknown }).dispose;
      const dispose = countingDispose(state, mine, `${fn}: options(): dispose must be a function`);
      return { ...userOptions, dispose };
    },
    instrument<C extends LruCacheLike>(cache: C): C {
      return instrumentLru(cache, state, countHas, sizeInBytes, inPlace);
    },
  };
}

/** Shorthand for `lruCacheMetrics(options).instrument(cache)`. */
export function instrumentLruCache<C extends LruCacheLike>(cache: C, options: LruCacheAdapterOptions): C {
  return lruCacheMetrics(options).instrument(cache);
}

function instrumentLru<C extends LruCacheLike>(
  cache: C,
  state: DisposeState,
  countHas: boolean,
  sizeInBytes: boolean,
  inPlace: boolean,
): C {
  if (
    cache === null ||
    typeof cache !== 'object' ||
    typeof cache.get !== 'function' ||
    typeof cache.set !== 'function'
  ) {
    throw new InvalidConfigError('cache', 'lruCacheMetrics(): instrument() expects an LRUCache instance');
  }
  const { metrics } = state;
  const c = cache as unknown as LruCacheLike & Record<string, unknown>;
  // Our dispose is installed when this cache was built with this adapter's options().
  const hooked = isCountingDispose(c.dispose, state);
  const lookups = new Lookups(metrics, countHas);
  const size = () => c.size;

  /** Calls `original` with a `status` object lru-cache fills in (the caller's own, if given). */
  const withStatus = (original: AnyFunction, self: unknown, args: IArguments, optionsIndex: number) => {
    const given = args[optionsIndex] as { status?: Status } | undefined | null;
    const status: Status = given?.status ?? {};
    const call = [...args];
    if (given?.status === undefined) call[optionsIndex] = given == null ? { status } : { ...given, status };
    return { result: original.apply(self, call), status };
  };

  const removal = (reason: CacheEvictionReason) => (original: AnyFunction, ctx: ProxyContext) =>
    function (this: unknown) {
      const before = c.size;
      state.removing = reason;
      let result: unknown;
      try {
        // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
        result = original.apply(ctx.self(this), arguments);
      } finally {
        state.removing = undefined;
      }
      lookups.reset();
      if (!hooked && c.size < before) metrics.evict(reason, before - c.size);
      return ctx.result(this, result);
    };

  const lookupByStatus =
    (field: 'fetch' | 'memo', optionsIndex: number): MethodFactory =>
    (original, ctx) =>
      function (this: unknown) {
        // biome-ignore lint/complexity/noArguments: the caller's arguments, with a status added
        const { result, status } = withStatus(original, ctx.self(this), arguments, optionsIndex);
        const outcome = status[field];
        // fetch() without a fetchMethod is a get(): lru-cache reports that one in status.get.
        const hit =
          outcome === 'hit' || (outcome === 'get' && (status.get === 'hit' || status.returnedStale === true));
        lookups.other(hit);
        return ctx.result(this, result);
      };

  const factories: Record<string, MethodFactory> = {
    get: (original, ctx) =>
      function (this: unknown, key: unknown) {
        const before = hooked ? 0 : c.size;
        const self = ctx.self(this);
        const value =
          // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
          arguments.length === 1 ? original.call(self, key) : original.apply(self, arguments);
        lookups.get(key, value !== undefined);
        // A stale entry is deleted by get() (reason "expire"); the hook sees that itself.
        if (!hooked && c.size < before) metrics.evict('expired', before - c.size);
        return value;
      },
    has: countingHas(lookups),
    set: (original, ctx) =>
      function (this: unknown, key: unknown, value: unknown) {
        const self = ctx.self(this);
        // Fast path: nothing to learn from the status (no size limit, evictions come from the hook).
        if (hooked && !((c.maxEntrySize ?? 0) > 0)) {
          const result =
            // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
            arguments.length === 2 ? original.call(self, key, value) : original.apply(self, arguments);
          if (value !== undefined) metrics.sets.inc();
          return ctx.result(this, result);
        }
        const before = c.size;
        // biome-ignore lint/complexity/noArguments: the caller's arguments, with a status added
        const { result, status } = withStatus(original, self, arguments, 2);
        const outcome = status.set;
        if (outcome === 'add' || outcome === 'update' || outcome === 'replace') metrics.sets.inc();
        else if (status.maxEntrySizeExceeded === true) metrics.reject('too_large');
        // set(k, undefined) calls this.delete(k): in place, that is our delete, which counts it.
        if (!hooked && !(inPlace && outcome === 'deleted')) {
          const removed = before + (outcome === 'add' ? 1 : 0) - c.size;
          if (removed > 0) {
            // An add that did not grow the cache evicted; an oversized write or set(k, undefined) deleted.
            metrics.evict(
              outcome === 'add' ? 'capacity' : outcome === 'deleted' ? 'deleted' : 'replaced',
              removed,
            );
          }
        }
        return ctx.result(this, result);
      },
    delete: removal('deleted'),
    clear: removal('cleared'),
    pop: removal('deleted'),
    fetch: lookupByStatus('fetch', 1),
    forceFetch: lookupByStatus('fetch', 1),
    memo: lookupByStatus('memo', 1),
  };

  // lru-cache fixes max, maxSize and sizeCalculation at construction, and reports 0 for "none".
  const max = c.max ?? 0;
  const maxSize = c.maxSize ?? 0;
  const sized = maxSize > 0 || typeof c.sizeCalculation === 'function';
  metrics.observe({
    entries: size,
    bytes: sizeInBytes && sized ? () => c.calculatedSize ?? Number.NaN : undefined,
    maxEntries: max > 0 ? max : undefined,
    maxBytes: sizeInBytes && maxSize > 0 ? maxSize : undefined,
  });
  return wrapCache(cache, factories, metrics, inPlace);
}
