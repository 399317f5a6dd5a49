/**
 * `@telemeter/kits/cache`: hits, misses, writes, evictions by reason, refused writes, entries,
 * bytes and hit ratio of in-process caches.
 *
 * ```ts
 * import { instrumentCache, lruCacheMetrics, cacheMetrics } from '@telemeter/kits/cache';
 * const users = instrumentCache(new Map(), { name: 'users' });          // any Map-like
 * const lru = lruCacheMetrics({ name: 'sessions' });                     // lru-cache
 * const sessions = lru.instrument(new LRUCache(lru.options({ max: 1000 })));
 * const redis = cacheMetrics({ name: 'redis' }); redis.hit();            // report it yourself
 * ```
 */
export type {
  CacheEvictionReason,
  CacheMetricsOptions,
  CacheReaders,
  CacheRejectionReason,
} from './cache-metrics.js';
export { CacheMetrics, cacheMetrics, DEFAULT_HIT_RATIO_WINDOW_SECONDS } from './cache-metrics.js';
export type {
  CacheKey,
  CacheValue,
  CacheWrapOptions,
  InstrumentCacheOptions,
  MapLikeCache,
} from './instrument-cache.js';
export { cacheMetricsOf, instrumentCache } from './instrument-cache.js';
export type {
  LruCacheAdapter,
  LruCacheAdapterOptions,
  LruCacheLike,
  LruDisposeReason,
} from './lru-cache.js';
export { instrumentLruCache, lruCacheMetrics } from './lru-cache.js';
export type {
  TtlCacheAdapter,
  TtlCacheAdapterOptions,
  TtlCacheLike,
  TtlDisposeReason,
} from './ttl-cache.js';
export { instrumentTtlCache, ttlCacheMetrics } from './ttl-cache.js';
