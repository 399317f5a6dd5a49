import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { findBinary, promtoolCheckMetrics } from '@telemeter/testkit';
import { deferred, tick } from '../shared/testing/async.js';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { SemaphoreQueueFullError } from './errors.js';
import { unregisterConcurrencyMetrics } from './metrics.js';
import { InstrumentedSemaphore } from './semaphore.js';

const S = { semaphore: 'db' };

async function counts(registry: Registry, labels = S) {
  const mode = (m: string) => seriesValue(registry, 'semaphore_acquisitions_total', { ...labels, mode: m });
  const runs = (c: string) => seriesValue(registry, 'semaphore_runs_total', { ...labels, concurrency: c });
  return {
    immediate: await mode('immediate'),
    queued: await mode('queued'),
    rejected: await mode('rejected'),
    aborted: await mode('aborted'),
    sequential: await runs('sequential'),
    concurrent: await runs('concurrent'),
    active: await seriesValue(registry, 'semaphore_active', labels),
    queue: await seriesValue(registry, 'semaphore_queue_depth', labels),
    maxActive: await seriesValue(registry, 'semaphore_max_active', labels),
    limit: await seriesValue(registry, 'semaphore_limit', labels),
  };
}

describe('InstrumentedSemaphore', () => {
  test('real concurrent work: exact immediate/queued counts, sampled queue depth, max_active == limit', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 4, registry });
    const samples: { active: number; queue: number }[] = [];
    let running = 0;
    let peak = 0;
    const work = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5 + (i % 5) * 3);
      running--;
      return i * 2;
    };
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => sem.run(() => work(i))));
    // Sampled while the work is in flight, as a scrape would.
    while (samples.length < 5) {
      samples.push({
        active: (await seriesValue(registry, 'semaphore_active', S))!,
        queue: (await seriesValue(registry, 'semaphore_queue_depth', S))!,
      });
      await sleep(4);
    }
    const results = await all;
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
    assert.equal(samples[0]!.queue, 16, 'right after submitting, 16 of 20 wait');
    assert.equal(samples[0]!.active, 4);
    for (const s of samples) {
      assert.ok(s.active <= 4 && s.active + s.queue <= 20);
    }
    assert.ok(
      samples.some((s) => s.queue < 16),
      'the queue drains while sampling',
    );
    const c = await counts(registry);
    assert.equal(peak, 4);
    assert.deepEqual(c, {
      immediate: 4,
      queued: 16,
      rejected: 0,
      aborted: 0,
      sequential: 0,
      concurrent: 20,
      active: 0,
      queue: 0,
      maxActive: 4,
      limit: 4,
    });
    const wait = await histogramOf(registry, 'semaphore_wait_seconds', S);
    assert.equal(wait.count, 20);
    assert.ok(wait.sum > 0.005 && wait.sum < 60, `wait sum ${wait.sum}`);
    const hold = await histogramOf(registry, 'semaphore_hold_seconds', S);
    assert.equal(hold.count, 20);
    assert.ok(hold.sum >= 20 * 0.004 && hold.sum < 60, `hold sum ${hold.sum}`);
  });

  test('sequential vs concurrent follows the documented definition exactly', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 2, registry });
    // A runs alone.
    await sem.run(() => sleep(1));
    // B and C overlap; D waits, and is handed B's permit while C is still active.
    const b = deferred();
    const c = deferred();
    const d = deferred();
    const pb = sem.run(() => b.promise);
    const pc = sem.run(() => c.promise);
    const pd = sem.run(() => d.promise);
    await tick();
    b.resolve();
    await pb;
    await tick();
    c.resolve();
    await pc;
    d.resolve();
    await pd;
    // E runs alone again after everything finished.
    await sem.run(() => 'e');
    const n = await counts(registry);
    assert.equal(n.sequential, 2, 'A and E');
    assert.equal(n.concurrent, 3, 'B, C (overlapping) and D (granted while C held a permit)');
    assert.equal(n.immediate, 4);
    assert.equal(n.queued, 1);
  });

  test('limit 1: hand-offs are sequential, FIFO order is kept', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, registry });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sem.run(async () => {
          order.push(i);
          await tick();
        }),
      ),
    );
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    const n = await counts(registry);
    assert.equal(n.sequential, 6);
    assert.equal(n.concurrent, 0);
    assert.equal(n.immediate, 1);
    assert.equal(n.queued, 5);
    assert.equal(n.maxActive, 1);
  });

  test('aborting a waiting acquisition rejects with signal.reason and leaves the queue', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, registry });
    const release = await sem.acquire();
    const controller = new AbortController();
    const reason = new Error('client went away');
    const aborted = sem.acquire({ signal: controller.signal });
    const next = sem.acquire();
    assert.equal(sem.pending, 2);
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', S), 2);
    controller.abort(reason);
    await assert.rejects(aborted, (error) => error === reason);
    assert.equal(sem.pending, 1);
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', S), 1);
    release();
    const releaseNext = await next;
    releaseNext();
    // Already aborted: rejected at once with the default AbortError, no permit taken.
    const pre = sem.acquire({ signal: AbortSignal.abort() });
    await assert.rejects(pre, { name: 'AbortError' });
    assert.equal(sem.active, 0);
    const n = await counts(registry);
    assert.equal(n.aborted, 2);
    assert.equal(n.immediate, 1);
    assert.equal(n.queued, 1);
    assert.equal(n.queue, 0);
    assert.equal(n.active, 0);
  });

  test('maxQueue: one more waiter is refused with SemaphoreQueueFullError', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, maxQueue: 1, registry });
    const release = await sem.acquire();
    const waiting = sem.acquire();
    const error = await sem.acquire().catch((e: unknown) => e);
    assert.ok(error instanceof SemaphoreQueueFullError);
    assert.equal(error.code, 'TELEMETER_ERR_SEMAPHORE_QUEUE_FULL');
    assert.equal(error.semaphore, 'db');
    assert.equal(error.maxQueue, 1);
    release();
    (await waiting)();
    const zero = new InstrumentedSemaphore({ name: 'zero', limit: 1, maxQueue: 0, registry });
    const held = zero.tryAcquire();
    assert.ok(held);
    await assert.rejects(zero.acquire(), SemaphoreQueueFullError);
    held();
    assert.equal((await counts(registry)).rejected, 1);
    assert.equal(
      await seriesValue(registry, 'semaphore_acquisitions_total', { semaphore: 'zero', mode: 'rejected' }),
      1,
    );
  });

  test('run() returns the value, rethrows the same error (also a synchronous throw) and always releases', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, registry });
    const value = { ok: true };
    assert.equal(await sem.run(() => value), value);
    const failure = new Error('boom');
    await assert.rejects(
      sem.run(async () => {
        throw failure;
      }),
      (e) => e === failure,
    );
    await assert.rejects(
      sem.run(() => {
        throw failure;
      }),
      (e) => e === failure,
    );
    assert.equal(sem.active, 0);
    assert.equal(await seriesValue(registry, 'semaphore_active', S), 0);
    assert.equal((await counts(registry)).sequential, 3);
  });

  test('a release function works once; tryAcquire never waits', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 2, registry });
    const a = await sem.acquire();
    const b = sem.tryAcquire();
    assert.ok(b);
    assert.equal(sem.tryAcquire(), undefined);
    a();
    a();
    assert.equal(sem.active, 1);
    b();
    assert.equal(sem.active, 0);
    assert.equal((await counts(registry)).active, 0);
  });

  test('setLimit: raising grants waiters, lowering lets holders drain first', async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, registry });
    const r1 = await sem.acquire();
    const p2 = sem.acquire();
    const p3 = sem.acquire();
    sem.setLimit(3);
    const [r2, r3] = await Promise.all([p2, p3]);
    assert.equal(sem.active, 3);
    assert.equal(await seriesValue(registry, 'semaphore_limit', S), 3);
    sem.setLimit(1);
    const p4 = sem.acquire();
    r1();
    r2();
    assert.equal(sem.pending, 1, 'still 1 active of limit 1');
    r3();
    (await p4)();
    assert.equal(sem.active, 0);
    assert.equal((await counts(registry)).maxActive, 3);
    assert.throws(() => sem.setLimit(0), InvalidConfigError);
  });

  test('limiters with the same name add up; dispose() withdraws one limiter from the gauges', async () => {
    const registry = new Registry();
    const a = new InstrumentedSemaphore({ name: 'db', limit: 2, registry });
    const b = new InstrumentedSemaphore({ name: 'db', limit: 3, registry });
    const other = new InstrumentedSemaphore({ name: 'cache', limit: 5, registry });
    const ra = await a.acquire();
    const rb = await b.acquire();
    await other.run(() => undefined);
    let n = await counts(registry);
    assert.equal(n.limit, 5);
    assert.equal(n.active, 2);
    assert.equal(n.maxActive, 2);
    assert.equal(n.immediate, 2);
    assert.equal(await seriesValue(registry, 'semaphore_limit', { semaphore: 'cache' }), 5);
    a.dispose();
    n = await counts(registry);
    assert.equal(n.limit, 3);
    assert.equal(n.active, 1);
    ra(); // no longer recorded
    rb();
    n = await counts(registry);
    assert.equal(n.active, 0);
    // Overlap is judged per limiter: b ran alone in its own; a's release is no longer recorded.
    assert.equal(n.sequential, 1);
    assert.equal(n.concurrent, 0);
  });

  test('prefix and constant labels; metrics are shared through get-or-create and can be unregistered', async () => {
    const registry = new Registry();
    const options = { name: 'db', limit: 2, registry, prefix: 'app_', labels: { service: 'api' } };
    const one = new InstrumentedSemaphore(options);
    const two = new InstrumentedSemaphore(options);
    await one.run(() => undefined);
    await two.run(() => undefined);
    const text = await registry.metrics();
    assert.match(
      text,
      /^app_semaphore_acquisitions_total\{semaphore="db",mode="immediate",service="api"\} 2$/m,
    );
    assert.match(text, /^app_semaphore_limit\{semaphore="db",service="api"\} 4$/m);
    assert.throws(
      () => new InstrumentedSemaphore({ ...options, labels: { semaphore: 'x' } }),
      InvalidConfigError,
    );
    unregisterConcurrencyMetrics({ registry, prefix: 'app_' });
    assert.equal(registry.getAll().length, 0);
  });

  test('invalid options throw InvalidConfigError at construction', () => {
    const registry = new Registry();
    assert.throws(() => new InstrumentedSemaphore({ name: '', limit: 1, registry }), InvalidConfigError);
    assert.throws(() => new InstrumentedSemaphore({ name: 'x', limit: 0, registry }), InvalidConfigError);
    assert.throws(() => new InstrumentedSemaphore({ name: 'x', limit: 1.5, registry }), InvalidConfigError);
    assert.throws(
      () => new InstrumentedSemaphore({ name: 'x', limit: 1, maxQueue: -1, registry }),
      InvalidConfigError,
    );
    const unlimited = new InstrumentedSemaphore({ name: 'x', limit: Number.POSITIVE_INFINITY, registry });
    assert.equal(unlimited.tryAcquire() !== undefined, true);
  });

  test('the exposition passes promtool check metrics', { skip: !findBinary('promtool') }, async () => {
    const registry = new Registry();
    const sem = new InstrumentedSemaphore({ name: 'db', limit: 1, maxQueue: 0, registry });
    await sem.run(() => undefined);
    await Promise.all([sem.run(() => tick()), sem.run(() => undefined).catch(() => {})]);
    const result = await promtoolCheckMetrics(await registry.metrics());
    assert.deepEqual(result, { exitCode: 0, parseErrors: [], lintWarnings: [] });
  });
});
