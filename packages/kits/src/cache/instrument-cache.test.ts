import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { readAll } from '../shared/testing/read-metrics.js';
import { cacheMetrics } from './cache-metrics.js';
import { cacheMetricsOf, instrumentCache } from './instrument-cache.js';

/** A bounded cache with no eviction callback: the oldest key goes when full. */
class TinyLru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  get size() {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }
  has(key: K): boolean {
    return this.#map.has(key);
  }
  set(key: K, value: V): this {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as K);
    return this;
  }
  delete(key: K): boolean {
    return this.#map.delete(key);
  }
  *entries(): IterableIterator<[K, V]> {
    yield* this.#map.entries();
  }
}

const requests = async (registry: Registry, name = 'c') => {
  const m = (await readAll(registry)).get('cache_requests_total') ?? {};
  return { hit: m[`cache=${name},result=hit`], miss: m[`cache=${name},result=miss`] };
};

describe('instrumentCache', () => {
  it('behaves exactly like the Map it wraps', () => {
    const registry = new Registry();
    const bare = new Map<string, number>([['a', 1]]);
    const map = instrumentCache(new Map<string, number>([['a', 1]]), { name: 'c', registry });
    assert.ok(map instanceof Map);
    assert.equal(map.get('a'), bare.get('a'));
    assert.equal(map.get('zz'), undefined);
    assert.equal(map.set('b', 2), map, 'set() returns the proxy, so chains stay counted');
    assert.equal(map.set('c', 3).set('d', 4).get('d'), 4);
    assert.equal(map.has('b'), true);
    assert.equal(map.delete('b'), true);
    assert.equal(map.delete('b'), false);
    assert.equal(map.size, 3);
    assert.deepEqual(
      [...map],
      [
        ['a', 1],
        ['c', 3],
        ['d', 4],
      ],
    );
    assert.deepEqual([...map.keys()], ['a', 'c', 'd']);
    const seen: unknown[] = [];
    const thisArg = {};
    map.forEach(function (this: unknown, v, k) {
      seen.push([k, v, this === thisArg]);
    }, thisArg);
    assert.deepEqual(seen, [
      ['a', 1, true],
      ['c', 3, true],
      ['d', 4, true],
    ]);
    assert.equal(Object.prototype.toString.call(map), '[object Map]');
    assert.equal(map.constructor, Map);
    assert.ok(new map.constructor() instanceof Map);
    const fnValued = instrumentCache(Object.assign(new Map(), { loader: () => 42 }), { name: 'f', registry });
    assert.equal(fnValued.loader(), 42);
    assert.equal(typeof Object.getOwnPropertyDescriptor(fnValued, 'loader')?.value, 'function');
    assert.equal(map.get.name, 'get');
    assert.equal(map.get.length, bare.get.length);
    // A detached call fails exactly as on the bare map.
    const detached = map.get;
    const bareDetached = bare.get;
    assert.throws(() => (detached as (k: string) => unknown)('a'), {
      name: 'TypeError',
      message: (() => {
        try {
          (bareDetached as (k: string) => unknown)('a');
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    });
    map.clear();
    assert.equal(map.size, 0);
  });

  it('works with classes that keep state in #private fields', async () => {
    const registry = new Registry();
    const cache = instrumentCache(new TinyLru<string, string>(2), { name: 'c', registry });
    cache.set('a', 'A').set('b', 'B');
    assert.equal(cache.get('a'), 'A');
    assert.ok(cache instanceof TinyLru);
    assert.deepEqual(
      [...cache.entries()],
      [
        ['b', 'B'],
        ['a', 'A'],
      ],
    );
    assert.deepEqual(await requests(registry), { hit: 1, miss: 0 });
  });

  it('counts hits, misses, writes, deletions and clears exactly', async () => {
    const registry = new Registry();
    const map = instrumentCache(new Map<string, number | null>(), { name: 'c', registry });
    map.get('a'); // miss
    map.set('a', 1);
    map.set('n', null);
    map.get('a'); // hit
    map.get('n'); // hit: null is a value
    map.has('zz'); // miss
    map.delete('a');
    map.delete('a'); // nothing deleted
    map.set('x', 1).set('y', 2);
    map.clear(); // n, x, y
    map.clear(); // empty: nothing
    const m = await readAll(registry);
    assert.deepEqual(await requests(registry), { hit: 2, miss: 2 });
    assert.equal(m.get('cache_sets_total')?.['cache=c'], 4);
    assert.deepEqual(m.get('cache_evictions_total'), {
      'cache=c,reason=deleted': 1,
      'cache=c,reason=cleared': 3,
    });
    assert.equal(m.get('cache_entries')?.['cache=c'], 0);
    assert.equal(m.get('cache_hit_ratio')?.['cache=c'], 0.5);
  });

  it('counts has() then get() of the same key as one lookup', async () => {
    const registry = new Registry();
    const map = instrumentCache(new Map<string, number>(), { name: 'c', registry });
    const load = (k: string) => k.length;
    const viaHas = (k: string) => {
      if (map.has(k)) return map.get(k);
      const v = load(k);
      map.set(k, v);
      return v;
    };
    const viaSetThenGet = (k: string) => {
      if (!map.has(k)) map.set(k, load(k));
      return map.get(k);
    };
    viaHas('a'); // miss
    viaHas('a'); // hit
    viaSetThenGet('b'); // miss
    viaSetThenGet('b'); // hit
    map.has('a'); // hit
    map.has('a'); // hit: repeated membership checks count
    map.get('b'); // hit: another key
    assert.deepEqual(await requests(registry), { hit: 5, miss: 2 });
  });

  it('takes isHit and countHas', async () => {
    const registry = new Registry();
    const map = instrumentCache(new Map<string, number | null>([['neg', null]]), {
      name: 'c',
      registry,
      isHit: (v) => v != null,
      countHas: false,
    });
    map.get('neg'); // miss by isHit
    map.has('neg'); // not counted
    map.has('zz'); // not counted
    const throwing = instrumentCache(new Map([['a', 1]]), {
      name: 't',
      registry,
      isHit: () => {
        throw new Error('bug in isHit');
      },
    });
    assert.equal(throwing.get('a'), 1, 'a throwing isHit does not break get()');
    assert.deepEqual(await requests(registry), { hit: 0, miss: 1 });
    assert.deepEqual(await requests(registry, 't'), { hit: 0, miss: 1 });
  });

  it('propagates errors from the cache unchanged, without counting the failed call', async () => {
    const registry = new Registry();
    const boom = new Error('backend down');
    const failing = {
      get(_k: string): string | undefined {
        throw boom;
      },
      set(_k: string, _v: string) {
        throw boom;
      },
    };
    const cache = instrumentCache(failing, { name: 'c', registry });
    assert.throws(
      () => cache.get('a'),
      (e) => e === boom,
    );
    assert.throws(
      () => cache.set('a', 'b'),
      (e) => e === boom,
    );
    const m = await readAll(registry);
    assert.deepEqual(await requests(registry), { hit: 0, miss: 0 });
    assert.equal(m.get('cache_sets_total')?.['cache=c'], 0);
    assert.deepEqual(m.get('cache_entries'), {}, 'no size property: no entries series');
  });

  it('sums sizeOf over the entries at collect time and counts oversized writes as rejected', async () => {
    const registry = new Registry();
    const cache = instrumentCache(new Map<string, string>(), {
      name: 'c',
      registry,
      sizeOf: (v, k) => Buffer.byteLength(v) + Buffer.byteLength(k),
      maxEntrySize: 10,
      maxEntries: 100,
      maxBytes: () => 1000,
    });
    cache.set('a', 'xxxx'); // 5 bytes
    cache.set('b', 'héllo'); // 7 bytes
    cache.set('c', 'x'.repeat(20)); // 21 bytes: over the declared limit
    const m = await readAll(registry);
    assert.equal(m.get('cache_size_bytes')?.['cache=c'], 33);
    assert.equal(m.get('cache_sets_total')?.['cache=c'], 2);
    assert.deepEqual(m.get('cache_rejections_total'), { 'cache=c,reason=too_large': 1 });
    assert.equal(m.get('cache_max_entries')?.['cache=c'], 100);
    assert.equal(m.get('cache_max_size_bytes')?.['cache=c'], 1000);
  });

  it('infers capacity evictions from the size around set() when asked', async () => {
    const registry = new Registry();
    const cache = instrumentCache(new TinyLru<number, number>(3), {
      name: 'c',
      registry,
      inferEvictions: true,
    });
    for (let i = 0; i < 10; i++) cache.set(i, i);
    cache.set(9, 99); // overwrite at capacity: no eviction
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_evictions_total'), { 'cache=c,reason=capacity': 7 });
    assert.equal(m.get('cache_entries')?.['cache=c'], 3);
    assert.equal(m.get('cache_sets_total')?.['cache=c'], 11);
  });

  it('lets the cache report its own evictions through a shared CacheMetrics', async () => {
    const registry = new Registry();
    const metrics = cacheMetrics({ name: 'c', registry });
    class Evicting extends Map<string, number> {
      override set(key: string, value: number): this {
        if (this.size >= 2 && !this.has(key)) {
          this.delete(this.keys().next().value as string);
          metrics.evict('capacity');
        }
        return super.set(key, value);
      }
    }
    const cache = instrumentCache(new Evicting(), { metrics });
    cache.set('a', 1).set('b', 2).set('c', 3);
    assert.equal(cacheMetricsOf(cache), metrics);
    const m = await readAll(registry);
    // The internal this.delete() runs on the target, so it is not counted as a deletion.
    assert.deepEqual(m.get('cache_evictions_total'), { 'cache=c,reason=capacity': 1 });
    assert.equal(m.get('cache_entries')?.['cache=c'], 2);
  });

  it('passes through untouched after stop(), and removes its series', async () => {
    const registry = new Registry();
    const cache = instrumentCache(new Map([['a', 1]]), { name: 'c', registry });
    cache.get('a');
    cacheMetricsOf(cache)?.stop();
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.set('b', 2), cache);
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_requests_total'), {});
    assert.deepEqual(m.get('cache_entries'), {});
    assert.equal(cacheMetricsOf(new Map()), undefined);
  });

  it('patches the cache itself with inPlace, and undoes it on stop()', async () => {
    const registry = new Registry();
    const map = new Map([['a', 1]]);
    const same = instrumentCache(map, { name: 'c', registry, inPlace: true });
    assert.equal(same, map);
    assert.ok(Object.hasOwn(map, 'get'));
    assert.deepEqual(Object.keys(map), [], 'the patched methods are not enumerable');
    assert.equal(map.get('a'), 1);
    assert.equal(map.get('b'), undefined);
    assert.equal(map.set('b', 2), map);
    assert.equal(map.delete('b'), true);
    const m = await readAll(registry);
    assert.deepEqual(await requests(registry), { hit: 1, miss: 1 });
    assert.equal(m.get('cache_evictions_total')?.['cache=c,reason=deleted'], 1);
    assert.equal(cacheMetricsOf(map)?.name, 'c');
    cacheMetricsOf(map)?.stop();
    assert.ok(!Object.hasOwn(map, 'get'));
    assert.ok(!Object.hasOwn(map, 'set'));
    assert.equal(map.get, Map.prototype.get);
    assert.equal(cacheMetricsOf(map), undefined);
  });

  it('rejects what is not a cache, and bad options', () => {
    const registry = new Registry();
    assert.throws(() => instrumentCache({} as never, { name: 'c', registry }), InvalidConfigError);
    assert.throws(
      () => instrumentCache(new Map(), { name: 'c', registry, sizeOf: 3 as never }),
      InvalidConfigError,
    );
    assert.throws(
      () => instrumentCache(new Map(), { name: 'c', registry, maxEntrySize: 10 }),
      /needs sizeOf/,
    );
    assert.throws(() => instrumentCache(new Map(), { metrics: {} as never }), InvalidConfigError);
  });
});
