import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TTLCache } from '@isaacs/ttlcache';
import { Registry } from '@telemeter/core';
import { readAll } from '../shared/testing/read-metrics.js';
import { cacheMetricsOf } from './instrument-cache.js';
import { instrumentTtlCache, ttlCacheMetrics } from './ttl-cache.js';

const series = async (registry: Registry, name: string) => (await readAll(registry)).get(name) ?? {};

describe('@isaacs/ttlcache adapter', () => {
  it('counts entries expiring on the cache timer', async () => {
    const registry = new Registry();
    const cache = instrumentTtlCache(new TTLCache<string, number>({ ttl: 30 }), { name: 'tokens', registry });
    assert.ok(cache instanceof TTLCache);
    cache.set('a', 1).set('b', 2).set('c', 3, { ttl: 10_000 });
    assert.equal(cache.get('a'), 1);
    assert.deepEqual(await series(registry, 'cache_entries'), { 'cache=tokens': 3 });
    const deadline = Date.now() + 2_000;
    while (cache.size > 1 && Date.now() < deadline) await sleep(20);
    assert.equal(cache.get('a'), undefined);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), { 'cache=tokens,reason=expired': 2 });
    assert.deepEqual(await series(registry, 'cache_entries'), { 'cache=tokens': 1 });
    assert.deepEqual(await series(registry, 'cache_requests_total'), {
      'cache=tokens,result=hit': 1,
      'cache=tokens,result=miss': 1,
    });
    cache.cancelTimer();
  });

  it('counts capacity evictions, replacements, deletions and clears; keeps your dispose', async () => {
    const registry = new Registry();
    const disposed: unknown[] = [];
    const raw = new TTLCache<string, number>({
      max: 2,
      ttl: 60_000,
      dispose: (value, key, reason) => disposed.push([key, value, reason]),
    });
    const ttl = ttlCacheMetrics({ name: 'c', registry });
    const cache = ttl.instrument(raw);
    cache.set('a', 1).set('b', 2).set('c', 3); // evicts a
    cache.set('b', 20); // replaced
    assert.equal(cache.delete('c'), true);
    cache.set('d', 4);
    cache.clear(); // b, d
    assert.deepEqual(await series(registry, 'cache_evictions_total'), {
      'cache=c,reason=capacity': 1,
      'cache=c,reason=replaced': 1,
      'cache=c,reason=deleted': 1,
      'cache=c,reason=cleared': 2,
    });
    assert.deepEqual(await series(registry, 'cache_sets_total'), { 'cache=c': 5 });
    assert.deepEqual(await series(registry, 'cache_max_entries'), { 'cache=c': 2 });
    assert.deepEqual(disposed, [
      ['a', 1, 'evict'],
      ['b', 2, 'set'],
      ['c', 3, 'delete'],
      ['b', 20, 'delete'],
      ['d', 4, 'delete'],
    ]);
    // stop() puts the cache's own dispose back.
    const hooked = raw.dispose;
    cacheMetricsOf(cache)?.stop();
    assert.notEqual(raw.dispose, hooked);
    raw.set('x', 1);
    raw.delete('x');
    assert.deepEqual(disposed.at(-1), ['x', 1, 'delete']);
    raw.cancelTimer();
  });

  it('works through options() as well, without chaining twice', async () => {
    const registry = new Registry();
    const ttl = ttlCacheMetrics({ name: 'o', registry });
    const raw = new TTLCache<string, number>(ttl.options({ max: 1, ttl: 60_000 }));
    const hook = raw.dispose;
    const cache = ttl.instrument(raw);
    assert.equal(raw.dispose, hook);
    cache.set('a', 1).set('b', 2);
    assert.deepEqual(await series(registry, 'cache_evictions_total'), { 'cache=o,reason=capacity': 1 });
    raw.cancelTimer();
  });
});
