import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { promtoolCheckMetrics } from '@telemeter/testkit';
import { readAll } from '../shared/testing/read-metrics.js';
import { cacheMetrics } from './cache-metrics.js';

describe('cacheMetrics (report API)', () => {
  it('counts hits, misses, writes, evictions by reason and rejections, exactly', async () => {
    const registry = new Registry();
    const c = cacheMetrics({ name: 'redis', registry });
    c.hit();
    c.hit(2);
    c.miss();
    c.set();
    c.set(4);
    c.evict('capacity');
    c.evict('expired', 3);
    c.evict();
    c.reject();
    c.reject('too_large', 2);
    c.setEntries(42);
    c.setBytes(4096);
    c.setMaxEntries(100);
    c.setMaxBytes(1 << 20);
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_requests_total'), {
      'cache=redis,result=hit': 3,
      'cache=redis,result=miss': 1,
    });
    assert.deepEqual(m.get('cache_sets_total'), { 'cache=redis': 5 });
    assert.deepEqual(m.get('cache_evictions_total'), {
      'cache=redis,reason=capacity': 2,
      'cache=redis,reason=expired': 3,
    });
    assert.deepEqual(m.get('cache_rejections_total'), { 'cache=redis,reason=too_large': 3 });
    assert.deepEqual(m.get('cache_entries'), { 'cache=redis': 42 });
    assert.deepEqual(m.get('cache_size_bytes'), { 'cache=redis': 4096 });
    assert.deepEqual(m.get('cache_max_entries'), { 'cache=redis': 100 });
    assert.deepEqual(m.get('cache_max_size_bytes'), { 'cache=redis': 1 << 20 });
    assert.deepEqual(m.get('cache_hit_ratio'), { 'cache=redis': 0.75 });
  });

  it('keeps eviction reasons bounded: unknown shapes become "other"', async () => {
    const registry = new Registry();
    const c = cacheMetrics({ name: 'x', registry });
    c.evict('ttl_purge');
    c.evict('Error: connection reset by peer at 10.0.0.1');
    c.evict(42 as unknown as string);
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_evictions_total'), {
      'cache=x,reason=ttl_purge': 1,
      'cache=x,reason=other': 2,
    });
  });

  it('lists the optional families only once used', async () => {
    const registry = new Registry();
    cacheMetrics({ name: 'x', registry }).hit();
    const names = (await registry.collect()).map((f) => f.name);
    assert.deepEqual(names.slice(0, 6), [
      'cache_requests_total',
      'cache_sets_total',
      'cache_evictions_total',
      'cache_rejections_total',
      'cache_entries',
      'cache_hit_ratio',
    ]);
    assert.ok(!names.includes('cache_size_bytes'));
  });

  it('reads observed values at collect time', async () => {
    const registry = new Registry();
    let entries = 1;
    const c = cacheMetrics({ name: 'x', registry, entries: () => entries, maxEntries: 10 });
    entries = 7;
    assert.deepEqual((await readAll(registry)).get('cache_entries'), { 'cache=x': 7 });
    c.observe({ bytes: () => 123 });
    entries = 9;
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_entries'), { 'cache=x': 9 });
    assert.deepEqual(m.get('cache_size_bytes'), { 'cache=x': 123 });
    // A constant survives resetAll().
    registry.resetAll();
    assert.deepEqual((await readAll(registry)).get('cache_max_entries'), { 'cache=x': 10 });
  });

  it('a throwing reader leaves its series at the last value and the rest of the scrape intact', async () => {
    const registry = new Registry();
    let fail = false;
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(w.code ?? '');
    process.on('warning', onWarning);
    try {
      cacheMetrics({
        name: 'x',
        registry,
        entries: () => {
          if (fail) throw new Error('boom');
          return 5;
        },
      });
      const other = cacheMetrics({ name: 'y', registry, entries: () => 6 });
      other.hit();
      await readAll(registry);
      fail = true;
      const m = await readAll(registry);
      assert.deepEqual(m.get('cache_entries'), { 'cache=x': 5, 'cache=y': 6 });
      await readAll(registry);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, ['TELEMETER_W_COLLECT_FAILED']);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('computes the hit ratio over a trailing window with the registry clock', async () => {
    let now = 0;
    const registry = new Registry({ now: () => now });
    const c = cacheMetrics({ name: 'x', registry, hitRatioWindowSeconds: 60 });
    const ratio = async () => (await readAll(registry)).get('cache_hit_ratio')?.['cache=x'];
    assert.ok(Number.isNaN(await ratio()), 'no lookups yet: NaN');
    c.hit(9);
    c.miss(1);
    now = 10_000;
    assert.equal(await ratio(), 0.9);
    // 70 s later, the first ten lookups are out of the window.
    now = 70_000;
    c.miss(3);
    c.hit(1);
    assert.equal(await ratio(), 0.25);
    now = 200_000;
    assert.ok(Number.isNaN(await ratio()), 'nothing in the last minute');
    // Lifetime ratio with a 0 window.
    const life = cacheMetrics({ name: 'life', registry, hitRatioWindowSeconds: 0 });
    life.hit(3);
    now = 10_000_000;
    life.miss(1);
    assert.equal((await readAll(registry)).get('cache_hit_ratio')?.['cache=life'], 0.75);
    assert.equal(life.hitRatio(), 0.75);
  });

  it('shares series between instances of one name, and removes them when the last stops', async () => {
    const registry = new Registry();
    const a = cacheMetrics({ name: 'shared', registry });
    const b = cacheMetrics({ name: 'shared', registry });
    const other = cacheMetrics({ name: 'other', registry });
    a.hit();
    b.hit();
    b.evict('expired');
    other.miss();
    assert.equal((await readAll(registry)).get('cache_requests_total')?.['cache=shared,result=hit'], 2);
    a.stop();
    a.hit(); // ignored after stop
    b.hit();
    assert.equal((await readAll(registry)).get('cache_requests_total')?.['cache=shared,result=hit'], 3);
    b.stop();
    b.stop();
    const m = await readAll(registry);
    assert.deepEqual(m.get('cache_requests_total'), {
      'cache=other,result=hit': 0,
      'cache=other,result=miss': 1,
    });
    assert.deepEqual(m.get('cache_evictions_total'), {});
    assert.deepEqual(Object.keys(m.get('cache_hit_ratio') ?? {}), ['cache=other']);
    assert.equal(b.stopped, true);
  });

  it('supports prefix and constant labels, and shares families through get-or-create', async () => {
    const registry = new Registry();
    const a = cacheMetrics({ name: 'a', registry, prefix: 'app_', labels: { tier: 'l1' } });
    const b = cacheMetrics({ name: 'b', registry, prefix: 'app_', labels: { tier: 'l2' } });
    a.hit();
    b.miss();
    const m = await readAll(registry);
    assert.deepEqual(m.get('app_cache_requests_total'), {
      'tier=l1,cache=a,result=hit': 1,
      'tier=l1,cache=a,result=miss': 0,
      'tier=l2,cache=b,result=hit': 0,
      'tier=l2,cache=b,result=miss': 1,
    });
  });

  it('rejects bad options when created', () => {
    const registry = new Registry();
    assert.throws(() => cacheMetrics({ name: '', registry }), InvalidConfigError);
    assert.throws(() => cacheMetrics(null as never), InvalidConfigError);
    assert.throws(() => cacheMetrics({ name: 'x', registry, prefix: '1x' }), InvalidConfigError);
    assert.throws(
      () => cacheMetrics({ name: 'x', registry, labels: { cache: 'y' } }),
      /set by the kit itself/,
    );
    assert.throws(() => cacheMetrics({ name: 'x', registry, labels: { 'a-b': 'y' } }), InvalidConfigError);
    assert.throws(() => cacheMetrics({ name: 'x', registry, hitRatioWindowSeconds: -1 }), InvalidConfigError);
    assert.throws(() => cacheMetrics({ name: 'x', registry: {} as Registry }), InvalidConfigError);
  });

  it('exposes metrics promtool accepts without lint warnings', async () => {
    const registry = new Registry();
    const c = cacheMetrics({ name: 'x', registry });
    c.hit();
    c.evict('capacity');
    c.reject();
    c.setEntries(1);
    c.setBytes(10);
    c.setMaxEntries(5);
    c.setMaxBytes(100);
    const result = await promtoolCheckMetrics(await registry.metrics());
    assert.deepEqual(result.parseErrors, []);
    assert.deepEqual(result.lintWarnings, []);
    assert.equal(result.exitCode, 0);
  });
});
