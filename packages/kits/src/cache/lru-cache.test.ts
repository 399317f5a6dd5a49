import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from '@telemeter/core';
import { LRUCache } from 'lru-cache';
import { readAll } from '../shared/testing/read-metrics.js';
import { cacheMetricsOf } from './instrument-cache.js';
import { instrumentLruCache, lruCacheMetrics } from './lru-cache.js';

const series = async (registry: Registry, name: string) => (await readAll(registry)).get(name) ?? {};

describe('lru-cache adapter', () => {
  it('counts capacity evictions exactly, and reads size and max', async () => {
    const registry = new Registry();
    const lru = lruCacheMetrics({ name: 'users', registry });
    const cache = lru.instrument(new LRUCache<string, number>(lru.options({ max: 3 })));
    assert.ok(cache instanceof LRUCache);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    assert.equal(cache.get('k9'), 9);
    assert.equal(cache.get('k0'), undefined);
    assert.equal(cache.set('k9', 99), cache, 'set() returns the proxy');
    assert.deepEqual([...cache.keys()], ['k9', 'k8', 'k7']);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {
      'cache=users,reason=capacity': 7,
      'cache=users,reason=replaced': 1,
    });
    assert.deepEqual(await series(registry, 'cache_requests_total'), {
      'cache=users,result=hit': 1,
      'cache=users,result=miss': 1,
    });
    assert.deepEqual(await series(registry, 'cache_sets_total'), { 'cache=users': 11 });
    assert.deepEqual(await series(registry, 'cache_entries'), { 'cache=users': 3 });
    assert.deepEqual(await series(registry, 'cache_max_entries'), { 'cache=users': 3 });
    assert.deepEqual(await series(registry, 'cache_size_bytes'), {}, 'no size tracking: no bytes');
  });

  it('counts TTL expiry with the cache clock', async () => {
    let now = 1_000;
    const registry = new Registry();
    const lru = lruCacheMetrics({ name: 'ttl', registry });
    const cache = lru.instrument(
      new LRUCache<string, string>(
        lru.options({ max: 10, ttl: 1_000, ttlResolution: 0, perf: { now: () => now } }),
      ),
    );
    cache.set('a', 'A');
    cache.set('b', 'B');
    now += 500;
    assert.equal(cache.get('a'), 'A');
    now += 600; // both past their TTL
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.has('b'), false);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), { 'cache=ttl,reason=expired': 1 });
    assert.deepEqual(await series(registry, 'cache_requests_total'), {
      'cache=ttl,result=hit': 1,
      'cache=ttl,result=miss': 2,
    });
    // has() leaves the stale entry in place; purgeStale() removes it.
    assert.equal(cache.purgeStale(), true);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), { 'cache=ttl,reason=expired': 2 });
    assert.deepEqual(await series(registry, 'cache_entries'), { 'cache=ttl': 0 });
  });

  it('reports sizes in bytes and refuses oversized writes', async () => {
    const registry = new Registry();
    const lru = lruCacheMetrics({ name: 'blobs', registry });
    const cache = lru.instrument(
      new LRUCache<string, Buffer>(
        lru.options({ max: 100, maxSize: 100, maxEntrySize: 40, sizeCalculation: (b: Buffer) => b.length }),
      ),
    );
    cache.set('a', Buffer.alloc(30));
    cache.set('b', Buffer.alloc(30));
    cache.set('big', Buffer.alloc(50)); // over maxEntrySize: refused
    cache.set('c', Buffer.alloc(30));
    cache.set('d', Buffer.alloc(30)); // 120 > 100: 'a' goes
    cache.set('b', Buffer.alloc(60)); // oversized overwrite: lru-cache drops the old 'b' too
    assert.equal(cache.has('big'), false);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(await series(registry, 'cache_rejections_total'), { 'cache=blobs,reason=too_large': 2 });
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {
      'cache=blobs,reason=capacity': 1,
      'cache=blobs,reason=replaced': 1,
    });
    assert.deepEqual(await series(registry, 'cache_sets_total'), { 'cache=blobs': 4 });
    assert.deepEqual(await series(registry, 'cache_size_bytes'), { 'cache=blobs': 60 });
    assert.deepEqual(await series(registry, 'cache_max_size_bytes'), { 'cache=blobs': 100 });
    assert.equal(cache.calculatedSize, 60);
  });

  it('tells deleted, cleared and popped entries apart, and still calls your dispose', async () => {
    const registry = new Registry();
    const calls: unknown[] = [];
    const lru = lruCacheMetrics({ name: 'c', registry });
    const raw = new LRUCache<string, number>(
      lru.options({
        max: 10,
        dispose(this: unknown, value: number, key: string, reason: string) {
          calls.push([key, value, reason, this === raw]);
        },
      }),
    );
    const cache = lru.instrument(raw);
    assert.equal(cache.dispose, raw.dispose, 'accessors are handed out as they are');
    cache.set('a', 1).set('b', 2).set('c', 3).set('d', 4);
    assert.equal(cache.delete('a'), true);
    assert.equal(cache.delete('a'), false);
    assert.equal(cache.pop(), 2);
    cache.clear();
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {
      'cache=c,reason=deleted': 2,
      'cache=c,reason=cleared': 2,
    });
    assert.deepEqual(calls, [
      ['a', 1, 'delete', true],
      ['b', 2, 'evict', true],
      ['c', 3, 'delete', true],
      ['d', 4, 'delete', true],
    ]);
  });

  it('counts fetch() and memo() by what lru-cache reports in status', async () => {
    const registry = new Registry();
    let now = 1_000; // lru-cache treats a start time of 0 as "no TTL"
    let loads = 0;
    const lru = lruCacheMetrics({ name: 'f', registry });
    const cache = lru.instrument(
      new LRUCache<string, string>(
        lru.options({
          max: 10,
          ttl: 100,
          ttlResolution: 0,
          perf: { now: () => now },
          fetchMethod: async (key: string) => {
            loads++;
            return key === 'none' ? undefined : key.toUpperCase();
          },
          memoMethod: (key: string) => `memo:${key}`,
        }),
      ),
    );
    const status = {};
    assert.equal(await cache.fetch('a', { status }), 'A'); // miss, caller's status object kept
    assert.equal((status as { fetch?: string }).fetch, 'miss');
    assert.equal(await cache.fetch('a'), 'A'); // hit
    const [x, y] = await Promise.all([cache.fetch('b'), cache.fetch('b')]); // miss + inflight (miss)
    assert.deepEqual([x, y], ['B', 'B']);
    now += 200;
    assert.equal(await cache.fetch('a'), 'A'); // stale: reloaded, a miss
    assert.equal(await cache.fetch('none'), undefined); // miss; fetchMethod gave undefined
    assert.equal(cache.memo('m'), 'memo:m'); // miss
    assert.equal(cache.memo('m'), 'memo:m'); // hit
    assert.equal(loads, 4);
    assert.deepEqual(await series(registry, 'cache_requests_total'), {
      'cache=f,result=hit': 2,
      'cache=f,result=miss': 6,
    });
    assert.equal(cacheMetricsOf(cache), lru.metrics);
  });

  it('infers evictions for a cache built without options()', async () => {
    const registry = new Registry();
    let now = 1_000;
    const cache = instrumentLruCache(
      new LRUCache<number, number>({ max: 2, ttl: 50, ttlResolution: 0, perf: { now: () => now } }),
      { name: 'plain', registry },
    );
    cache.set(1, 1).set(2, 2).set(3, 3); // evicts 1
    now += 100;
    assert.equal(cache.get(2), undefined); // stale: deleted by get()
    cache.delete(3);
    cache.set(4, 4).set(5, 5);
    cache.clear();
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {
      'cache=plain,reason=capacity': 1,
      'cache=plain,reason=expired': 1,
      'cache=plain,reason=deleted': 1,
      'cache=plain,reason=cleared': 2,
    });
    assert.deepEqual(await series(registry, 'cache_sets_total'), { 'cache=plain': 5 });
  });

  it('instruments in place when asked', async () => {
    const registry = new Registry();
    const lru = lruCacheMetrics({ name: 'ip', registry, inPlace: true });
    const raw = new LRUCache<string, number>(lru.options({ max: 1 }));
    assert.equal(lru.instrument(raw), raw);
    raw.set('a', 1).set('b', 2);
    assert.equal(raw.get('b'), 2);
    assert.equal(raw.get('a'), undefined);
    assert.deepEqual(await series(registry, 'cache_requests_total'), {
      'cache=ip,result=hit': 1,
      'cache=ip,result=miss': 1,
    });
    assert.deepEqual(await series(registry, 'cache_evictions_total'), { 'cache=ip,reason=capacity': 1 });
    lru.metrics.stop();
    assert.ok(!Object.hasOwn(raw, 'get'));
  });

  it('counts set(k, undefined) as one deletion, wrapped or in place, hooked or not', async () => {
    for (const inPlace of [false, true]) {
      for (const hooked of [false, true]) {
        const registry = new Registry();
        const lru = lruCacheMetrics({ name: 'u', registry, inPlace });
        const opts = { max: 5 };
        const cache = lru.instrument(new LRUCache<string, number>(hooked ? lru.options(opts) : opts));
        cache.set('a', 1);
        cache.set('a', undefined as unknown as number);
        assert.equal(cache.size, 0);
        assert.deepEqual(
          await series(registry, 'cache_evictions_total'),
          { 'cache=u,reason=deleted': 1 },
          `inPlace ${inPlace}, hooked ${hooked}`,
        );
        assert.deepEqual(await series(registry, 'cache_sets_total'), { 'cache=u': 1 });
      }
    }
  });

  it('stops counting after stop(); the chained dispose keeps calling yours', async () => {
    const registry = new Registry();
    const disposed: string[] = [];
    const lru = lruCacheMetrics({ name: 's', registry });
    const cache = lru.instrument(
      new LRUCache<string, number>(
        lru.options({ max: 1, dispose: (_v: number, k: string) => disposed.push(k) }),
      ),
    );
    cache.set('a', 1);
    lru.metrics.stop();
    cache.set('b', 2);
    assert.equal(cache.get('b'), 2);
    assert.deepEqual(disposed, ['a']);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {});
    assert.deepEqual(await series(registry, 'cache_entries'), {});
  });
});
