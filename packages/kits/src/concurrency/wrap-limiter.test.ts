import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidConfigError, Registry } from '@telemeter/core';
import pLimit from 'p-limit';
import { deferred, tick } from '../shared/testing/async.js';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { uninstrumentLimiter } from './uninstrument.js';
import { type LimitFunctionLike, wrapLimiter } from './wrap-limiter.js';

const S = { semaphore: 'fetch' };
const mode = (registry: Registry, m: string) =>
  seriesValue(registry, 'semaphore_acquisitions_total', { ...S, mode: m });

describe('wrapLimiter (p-limit)', () => {
  test('counts immediate/queued exactly, samples the queue while it drains, max_active == concurrency', async () => {
    const registry = new Registry();
    const limit = wrapLimiter(pLimit(2), { name: 'fetch', registry });
    const gates = Array.from({ length: 6 }, () => deferred<string>());
    const results = gates.map((gate, i) =>
      limit(async (a: number, b: string) => `${a}${b}${await gate.promise}`, i, '-'),
    );
    assert.equal(limit.activeCount, 2, 'proxy reads through to p-limit');
    assert.equal(limit.pendingCount, 4);
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', S), 4);
    await tick();
    assert.equal(await seriesValue(registry, 'semaphore_active', S), 2);
    const depths: number[] = [];
    for (const gate of gates) {
      gate.resolve('x');
      await tick();
      depths.push((await seriesValue(registry, 'semaphore_queue_depth', S))!);
    }
    assert.deepEqual(depths, [3, 2, 1, 0, 0, 0]);
    assert.deepEqual(await Promise.all(results), ['0-x', '1-x', '2-x', '3-x', '4-x', '5-x']);
    assert.equal(await mode(registry, 'immediate'), 2);
    assert.equal(await mode(registry, 'queued'), 4);
    assert.equal(await seriesValue(registry, 'semaphore_max_active', S), 2);
    assert.equal(await seriesValue(registry, 'semaphore_limit', S), 2);
    assert.equal(await seriesValue(registry, 'semaphore_active', S), 0);
    assert.equal((await histogramOf(registry, 'semaphore_wait_seconds', S)).count, 6);
  });

  test('real timed work: 30 tasks through pLimit(3)', async () => {
    const registry = new Registry();
    const limit = wrapLimiter(pLimit(3), { name: 'fetch', registry });
    let running = 0;
    let peak = 0;
    const out = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limit(async () => {
          peak = Math.max(peak, ++running);
          await sleep(1 + (i % 4));
          running--;
          return i;
        }),
      ),
    );
    assert.equal(out.length, 30);
    assert.equal(peak, 3);
    assert.equal(await mode(registry, 'immediate'), 3);
    assert.equal(await mode(registry, 'queued'), 27);
    assert.equal(await seriesValue(registry, 'semaphore_max_active', S), 3);
    const runs =
      (await seriesValue(registry, 'semaphore_runs_total', { ...S, concurrency: 'concurrent' }))! +
      (await seriesValue(registry, 'semaphore_runs_total', { ...S, concurrency: 'sequential' }))!;
    assert.equal(runs, 30);
  });

  test('errors propagate unchanged; sequential calls are sequential', async () => {
    const registry = new Registry();
    const limit = wrapLimiter(pLimit(4), { name: 'fetch', registry });
    const failure = new Error('nope');
    await assert.rejects(
      limit(() => {
        throw failure;
      }),
      (e) => e === failure,
    );
    await assert.rejects(
      limit(async () => {
        throw failure;
      }),
      (e) => e === failure,
    );
    assert.equal(await limit(() => 7), 7);
    assert.equal(await seriesValue(registry, 'semaphore_runs_total', { ...S, concurrency: 'sequential' }), 3);
    assert.equal(await seriesValue(registry, 'semaphore_active', S), 0);
  });

  test('concurrency setter updates the limit gauge; clearQueue counts dropped calls as aborted', async () => {
    const registry = new Registry();
    const limit = wrapLimiter(pLimit({ concurrency: 1, rejectOnClear: true }), { name: 'fetch', registry });
    const gate = deferred();
    const first = limit(() => gate.promise);
    const dropped = [limit(() => 1), limit(() => 2), limit(() => 3)];
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', S), 3);
    limit.clearQueue();
    for (const p of dropped) await assert.rejects(p, { name: 'AbortError' });
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', S), 0);
    assert.equal(await mode(registry, 'aborted'), 3);
    limit.concurrency = 5;
    assert.equal(limit.concurrency, 5);
    assert.equal(await seriesValue(registry, 'semaphore_limit', S), 5);
    gate.resolve();
    await first;
  });

  test('map() goes through the instrumentation', async () => {
    const registry = new Registry();
    const limit = wrapLimiter(pLimit(2), { name: 'fetch', registry });
    const out = await limit.map([1, 2, 3, 4, 5], async (x, i) => x * 10 + i);
    assert.deepEqual(out, [10, 21, 32, 43, 54]);
    assert.equal(await mode(registry, 'immediate'), 2);
    assert.equal(await mode(registry, 'queued'), 3);
  });

  test('a limiter without introspection properties, with options.limit', async () => {
    const registry = new Registry();
    // A minimal limit function of our own: FIFO, concurrency 2, no activeCount/pendingCount.
    let active = 0;
    const queue: (() => void)[] = [];
    const plain: LimitFunctionLike = async (fn, ...args) => {
      if (active >= 2) await new Promise<void>((resolve) => queue.push(resolve));
      active++;
      try {
        return await fn(...args);
      } finally {
        active--;
        queue.shift()?.();
      }
    };
    assert.throws(() => wrapLimiter(plain, { name: 'fetch', registry }), InvalidConfigError);
    const limit = wrapLimiter(plain, { name: 'fetch', registry, limit: 2 });
    await Promise.all(Array.from({ length: 5 }, () => limit(() => sleep(2))));
    assert.equal(await mode(registry, 'immediate'), 2);
    assert.equal(await mode(registry, 'queued'), 3);
    assert.equal(await seriesValue(registry, 'semaphore_max_active', S), 2);
    assert.equal(uninstrumentLimiter(limit), plain);
    assert.equal(await seriesValue(registry, 'semaphore_limit', S), 0);
    await limit(() => undefined);
    assert.equal(await mode(registry, 'immediate'), 2, 'no longer recorded');
  });
});
