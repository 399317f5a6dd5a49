/** instrumentCache(): counts the lookups, writes and removals of any Map-like cache. */
import { InvalidConfigError } from '@telemeter/core';
import { CacheMetrics, type CacheMetricsOptions } from './cache-metrics.js';
import { type MethodFactory, tagOf, wrapCache } from './cache-proxy.js';
import { countingHas, Lookups } from './lookups.js';

/** What instrumentCache() needs of a cache; any other methods are passed through untouched. */
export interface MapLikeCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  has?(key: K): boolean;
  delete?(key: K): boolean;
  clear?(): void;
  readonly size?: number;
}

export interface InPlaceOption {
  /**
   * Patch the counting methods onto the cache itself (own properties, removed by stop()) instead
   * of returning a Proxy: every holder of the cache is counted, the cache's own calls to its
   * public methods too, and a get() costs about half as much. Default false.
   */
  inPlace?: boolean;
}

/** The key type of a Map-like cache (from its `get`). */
export type CacheKey<C> = C extends { get(key: infer K, ...rest: never[]): unknown } ? K : unknown;
/** The value type of a Map-like cache (what `get` returns, without `undefined`). */
export type CacheValue<C> = C extends { get(...args: never[]): infer V } ? Exclude<V, undefined> : unknown;

/** How the wrapper counts; shared by the `name` and `metrics` forms of the options. */
export interface CacheWrapOptions<K, V> extends InPlaceOption {
  /** Whether `has()` counts as a lookup (default true; see the hit rule in the docs). */
  countHas?: boolean;
  /** Whether a value `get()` returned is a hit. Default: anything but `undefined`. */
  isHit?: (value: V | undefined) => boolean;
  /**
   * Size of one entry in bytes. With it, `cache_size_bytes` is the sum over the entries, computed
   * by iterating the cache when the metrics are collected (O(entries) per scrape; nothing on
   * the record path).
   */
  sizeOf?: (value: V, key: K) => number;
  /**
   * The cache's own limit on one entry, in bytes (needs `sizeOf`): writes of larger entries are
   * counted in `cache_rejections_total{reason="too_large"}` instead of `cache_sets_total`. The
   * wrapper does not enforce it; it reports what the cache does.
   */
  maxEntrySize?: number;
  /**
   * Count entries a `set()` pushed out (`reason="capacity"`), from the size before and after
   * (costs a `has()` per write). For caches that evict on their own and offer no callback.
   */
  inferEvictions?: boolean;
  /** `cache_max_entries`, if the cache has a capacity. */
  maxEntries?: number | (() => number);
  /** `cache_max_size_bytes`, if the cache has a byte budget. */
  maxBytes?: number | (() => number);
}

export type InstrumentCacheOptions<K, V> = CacheWrapOptions<K, V> &
  (Omit<CacheMetricsOptions, 'entries' | 'bytes' | 'maxEntries' | 'maxBytes'> | { metrics: CacheMetrics });

/**
 * Wraps a Map-like cache in a Proxy that behaves exactly like it (same return values, `this`,
 * iteration, `instanceof`) and counts hits and misses (get/has), writes, deletions and clears;
 * `cache_entries` reads `size` at collect time. With `inPlace: true` the cache itself is patched
 * and returned. Stop with `cacheMetricsOf(cache).stop()`.
 * @example
 * const users = instrumentCache(new Map<string, User>(), { name: 'users', registry });
 * @throws InvalidConfigError for a bad option.
 */
export function instrumentCache<C extends MapLikeCache<never, unknown>>(
  cache: C,
  options: InstrumentCacheOptions<CacheKey<C>, CacheValue<C>>,
): C {
  type V = CacheValue<C>;
  const fn = 'instrumentCache()';
  if (
    cache === null ||
    typeof cache !== 'object' ||
    typeof cache.get !== 'function' ||
    typeof cache.set !== 'function'
  ) {
    throw new InvalidConfigError('cache', `${fn}: the cache must be an object with get() and set() methods`);
  }
  const metrics = resolveMetrics(fn, options);
  const { countHas = true, isHit, sizeOf, maxEntrySize, inferEvictions = false } = options;
  if (sizeOf !== undefined && typeof sizeOf !== 'function') {
    throw new InvalidConfigError('sizeOf', `${fn}: sizeOf must be a function (value, key) => bytes`);
  }
  if (
    maxEntrySize !== undefined &&
    (typeof maxEntrySize !== 'number' || !(maxEntrySize > 0) || sizeOf === undefined)
  ) {
    throw new InvalidConfigError(
      'maxEntrySize',
      `${fn}: maxEntrySize must be a positive number of bytes, and needs sizeOf`,
    );
  }
  const target = cache as unknown as Record<string, (...args: unknown[]) => unknown> & { size?: unknown };
  const lookups = new Lookups(metrics, countHas);
  const hasOriginal = target.has;
  const readSize = (): number => {
    const size = target.size;
    return typeof size === 'number' ? size : Number.NaN;
  };

  const factories: Record<string, MethodFactory> = {
    get: (original, ctx) =>
      isHit === undefined
        ? function (this: unknown, key: unknown) {
            const self = ctx.self(this);
            // A one-argument call skips materialising `arguments` (the hot path).
            const value =
              // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
              arguments.length === 1 ? original.call(self, key) : original.apply(self, arguments);
            lookups.get(key, value !== undefined);
            return value;
          }
        : function (this: unknown, key: unknown) {
            // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
            const value = original.apply(ctx.self(this), arguments);
            let hit = false;
            try {
              hit = isHit(value as V | undefined) === true;
            } catch {
              // A throwing isHit() counts a miss; it must not break the get().
            }
            lookups.get(key, hit);
            return value;
          },
    has: countingHas(lookups),
    set: (original, ctx) =>
      function (this: unknown, key: unknown, value: unknown) {
        const self = ctx.self(this);
        const existed =
          inferEvictions && typeof hasOriginal === 'function' ? hasOriginal.call(self, key) === true : true;
        const before = inferEvictions ? readSize() : 0;
        const result =
          // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
          arguments.length === 2 ? original.call(self, key, value) : original.apply(self, arguments);
        if (maxEntrySize !== undefined && tooLarge(sizeOf!, value, key, maxEntrySize))
          metrics.reject('too_large');
        else metrics.sets.inc();
        if (inferEvictions) {
          const evicted = before + (existed ? 0 : 1) - readSize();
          if (evicted > 0) metrics.evict('capacity', evicted);
        }
        return ctx.result(this, result);
      },
    delete: (original, ctx) =>
      function (this: unknown) {
        // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
        const deleted = original.apply(ctx.self(this), arguments);
        lookups.reset();
        if (deleted === true) metrics.evict('deleted');
        return ctx.result(this, deleted);
      },
    clear: (original, ctx) =>
      function (this: unknown) {
        const before = readSize();
        // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
        const result = original.apply(ctx.self(this), arguments);
        lookups.reset();
        if (before > 0) metrics.evict('cleared', before);
        return ctx.result(this, result);
      },
  };

  const iterable =
    typeof (cache as { entries?: unknown }).entries === 'function' ||
    typeof (cache as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  metrics.observe({
    entries: typeof target.size === 'number' ? readSize : undefined,
    bytes: sizeOf !== undefined && iterable ? () => sumSizes(cache, sizeOf) : undefined,
    maxEntries: options.maxEntries,
    maxBytes: options.maxBytes,
  });
  return wrapCache(cache, factories, metrics, options.inPlace === true);
}

/**
 * The CacheMetrics behind a cache returned by instrumentCache() or an adapter (for
 * `stop()`, or to report what the wrapper cannot see, e.g. evictions from the cache's own callback).
 */
export function cacheMetricsOf(cache: unknown): CacheMetrics | undefined {
  return tagOf(cache);
}

/** Either the CacheMetrics passed as `metrics`, or a new one from the name options. */
export function resolveMetrics(fn: string, options: unknown): CacheMetrics {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConfigError('options', `${fn} expects an options object with a name (or metrics)`);
  }
  const given = (options as { metrics?: unknown }).metrics;
  if (given === undefined) return new CacheMetrics(options as CacheMetricsOptions, fn);
  if (!(given instanceof CacheMetrics)) {
    throw new InvalidConfigError('metrics', `${fn}: metrics must be a CacheMetrics from cacheMetrics()`);
  }
  return given;
}

function tooLarge<K, V>(
  sizeOf: (value: V, key: K) => number,
  value: unknown,
  key: unknown,
  max: number,
): boolean {
  try {
    return sizeOf(value as V, key as K) > max;
  } catch {
    return false;
  }
}

function sumSizes<K, V>(cache: unknown, sizeOf: (value: V, key: K) => number): number {
  const c = cache as { entries?: () => Iterable<[K, V]>; [Symbol.iterator]?: () => Iterator<[K, V]> };
  const entries =
    typeof c.entries === 'function'
      ? c.entries()
      : typeof c[Symbol.iterator] === 'function'
        ? (c as Iterable<[K, V]>)
        : undefined;
  if (entries === undefined) return Number.NaN;
  let total = 0;
  for (const [key, value] of entries) total += sizeOf(value, key);
  return total;
}
