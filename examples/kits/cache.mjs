// @telemeter/kits/cache: a wrapped Map, an lru-cache with a TTL and a byte budget, a TTLCache and a
// cache reported by hand (as for Redis), under a little traffic; then the exposition.
//
//   npm run build && node examples/kits/cache.mjs
import { setTimeout as sleep } from 'node:timers/promises';
import { TTLCache } from '@isaacs/ttlcache';
import { LRUCache } from 'lru-cache';
import { Registry } from '../../packages/core/dist/esm/index.js';
import {
  cacheMetrics,
  instrumentCache,
  instrumentTtlCache,
  lruCacheMetrics,
} from '../../packages/kits/dist/esm/cache/index.js';

const registry = new Registry({ defaultLabels: { service: 'example' } });

// 1. Any Map-like: users by id, loaded on a miss.
const users = instrumentCache(new Map(), { name: 'users', registry });
const loadUser = (id) => {
  if (!users.has(id)) users.set(id, { id, name: `user ${id}` }); // has() + get() count as one lookup
  return users.get(id);
};
for (let i = 0; i < 200; i++) loadUser((i * 7) % 50);

// 2. lru-cache: 2 KiB budget, 200 ms TTL; evictions by reason come from the chained dispose.
const lru = lruCacheMetrics({ name: 'pages', registry });
const pages = lru.instrument(
  new LRUCache(
    lru.options({ max: 100, maxSize: 2048, maxEntrySize: 300, ttl: 200, sizeCalculation: (v) => v.length }),
  ),
);
for (let i = 0; i < 40; i++) {
  const key = `/page/${i % 12}`;
  if (pages.get(key) === undefined) pages.set(key, 'x'.repeat(50 + ((i * 37) % 300)));
}
await sleep(250); // past the TTL: the next reads find stale entries
for (let i = 0; i < 5; i++) pages.get(`/page/${i}`);

// 3. @isaacs/ttlcache: expiry happens on the cache's own timer.
const tokens = instrumentTtlCache(new TTLCache({ max: 20, ttl: 50 }), { name: 'tokens', registry });
for (let i = 0; i < 30; i++) tokens.set(`t${i}`, i); // 10 pushed out by max
tokens.get('t29');
await sleep(120); // the rest expire
tokens.cancelTimer();

// 4. Reported by hand, e.g. around a Redis client.
const redis = cacheMetrics({ name: 'redis', registry, entries: () => 1234 });
for (let i = 0; i < 10; i++) i % 4 === 0 ? redis.miss() : redis.hit();
redis.evict('expired', 2);

const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => line.startsWith('cache_'))
    .join('\n'),
);
