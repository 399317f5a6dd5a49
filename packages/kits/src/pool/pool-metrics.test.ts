import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateMetricError, InvalidConfigError, Registry } from '@telemeter/core';
import { promtoolCheckMetrics } from '@telemeter/testkit';
import { histogram, readAll } from '../shared/testing/read-metrics.js';
import { poolMetrics } from './pool-metrics.js';

const L = 'pool=p,kind=buffer';

describe('poolMetrics (report API)', () => {
  it('counts acquisitions and tracks in use, idle and size from the calls', async () => {
    const registry = new Registry();
    const pool = poolMetrics({ name: 'p', kind: 'buffer', registry, max: 8 });
    pool.create(2); // warm-up: 2 idle
    pool.acquire('hit');
    pool.acquire('hit');
    pool.acquire('allocated');
    pool.release(0.002);
    pool.destroy('explicit', 'in_use');
    pool.destroy('idle');
    pool.failed('timeout');
    pool.failed();
    pool.error('create');
    const m = await readAll(registry);
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 2,
      [`${L},result=allocated`]: 1,
      [`${L},result=timeout`]: 1,
      [`${L},result=error`]: 1,
    });
    assert.deepEqual(m.get('pool_created_total'), { [L]: 3 });
    assert.deepEqual(m.get('pool_destroyed_total'), { [`${L},reason=explicit`]: 1, [`${L},reason=idle`]: 1 });
    assert.deepEqual(m.get('pool_errors_total'), { [`${L},operation=create`]: 1 });
    assert.equal(m.get('pool_in_use')?.[L], 1);
    assert.equal(m.get('pool_idle')?.[L], 0);
    assert.equal(m.get('pool_size')?.[L], 1);
    assert.equal(m.get('pool_max')?.[L], 8);
    assert.equal((await histogram(registry, 'pool_use_seconds', L))?.count, 1);
    assert.equal((await histogram(registry, 'pool_acquire_wait_seconds', L))?.count, 0);
  });

  it('times waiting requests and counts them as pending until they end', async () => {
    const registry = new Registry();
    const pool = poolMetrics({ name: 'p', kind: 'buffer', registry });
    const endA = pool.startAcquire();
    const endB = pool.startAcquire();
    assert.equal((await readAll(registry)).get('pool_pending')?.[L], 2);
    await sleep(20);
    const waited = endA('allocated');
    assert.ok(waited >= 0.015 && waited < 5, `waited ${waited}s`);
    endA('hit'); // a second end() records nothing
    endB('timeout');
    const m = await readAll(registry);
    assert.equal(m.get('pool_pending')?.[L], 0);
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 0,
      [`${L},result=allocated`]: 1,
      [`${L},result=timeout`]: 1,
    });
    const wait = await histogram(registry, 'pool_acquire_wait_seconds', L);
    assert.equal(wait?.count, 1, 'only successful acquisitions are timed');
    assert.ok((wait?.sum ?? 0) >= 0.015);
  });

  it('lets readers replace the tracked gauges', async () => {
    const registry = new Registry();
    let idle = 5;
    const pool = poolMetrics({ name: 'p', kind: 'buffer', registry, idle: () => idle, size: 10 });
    pool.acquire('hit');
    idle = 4;
    const m = await readAll(registry);
    assert.equal(m.get('pool_idle')?.[L], 4);
    assert.equal(m.get('pool_size')?.[L], 10);
    assert.equal(m.get('pool_in_use')?.[L], 1);
  });

  it('removes its series on stop() and ignores calls afterwards', async () => {
    const registry = new Registry();
    const pool = poolMetrics({ name: 'p', kind: 'buffer', registry, max: 3 });
    pool.acquire('allocated');
    pool.stop();
    pool.acquire('hit');
    pool.startAcquire()('hit');
    const m = await readAll(registry);
    for (const [name, series] of m) if (name.startsWith('pool_')) assert.deepEqual(series, {}, name);
  });

  it('validates options', () => {
    const registry = new Registry();
    assert.throws(() => poolMetrics({ name: '', registry }), InvalidConfigError);
    assert.throws(() => poolMetrics({ name: 'p', kind: 'Buffer Pool', registry }), InvalidConfigError);
    assert.throws(() => poolMetrics({ name: 'p', registry, labels: { pool: 'x' } }), InvalidConfigError);
    assert.throws(() => poolMetrics({ name: 'p', registry, max: 'x' as never }), InvalidConfigError);
    poolMetrics({ name: 'a', registry });
    assert.throws(() => poolMetrics({ name: 'b', registry, waitBuckets: [1, 2] }), DuplicateMetricError);
  });

  it('exposes metrics promtool accepts without lint warnings', async () => {
    const registry = new Registry();
    const pool = poolMetrics({ name: 'p', kind: 'connection', registry, max: 4, min: 1 });
    pool.startAcquire()('allocated');
    pool.release(0.01);
    pool.destroy('idle');
    pool.error('destroy');
    const result = await promtoolCheckMetrics(await registry.metrics());
    assert.deepEqual(result.parseErrors, []);
    assert.deepEqual(result.lintWarnings, []);
  });
});
