import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '@telemeter/core';
import { E_CANCELED, Mutex, Semaphore, withTimeout } from 'async-mutex';
import { tick } from '../shared/testing/async.js';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { instrumentAcquire } from './instrument-acquire.js';

const mode = (registry: Registry, name: string, m: string) =>
  seriesValue(registry, 'semaphore_acquisitions_total', { semaphore: name, mode: m });

describe('instrumentAcquire (async-mutex)', () => {
  test('Semaphore: acquire replaced in place, runExclusive measured too', async () => {
    const registry = new Registry();
    const sem = new Semaphore(2);
    sem.acquire = instrumentAcquire(sem.acquire, {
      name: 'uploads',
      limit: 2,
      registry,
      wouldWait: () => sem.isLocked(),
    });
    let running = 0;
    let peak = 0;
    const values = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        sem.runExclusive(async (value) => {
          peak = Math.max(peak, ++running);
          await sleep(2 + (i % 3));
          running--;
          return value;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.ok(
      values.every((v) => v === 1 || v === 2),
      'the semaphore value still reaches the worker',
    );
    assert.equal(await mode(registry, 'uploads', 'immediate'), 2);
    assert.equal(await mode(registry, 'uploads', 'queued'), 5);
    assert.equal(await seriesValue(registry, 'semaphore_max_active', { semaphore: 'uploads' }), 2);
    assert.equal(await seriesValue(registry, 'semaphore_active', { semaphore: 'uploads' }), 0);
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', { semaphore: 'uploads' }), 0);
    assert.equal((await histogramOf(registry, 'semaphore_hold_seconds', { semaphore: 'uploads' })).count, 7);
    assert.equal(sem.getValue(), 2, 'every permit went back to the semaphore');
  });

  test('Mutex: release function shape; queue depth while waiting; repeated release counted once', async () => {
    const registry = new Registry();
    const mutex = new Mutex();
    const acquire = instrumentAcquire(() => mutex.acquire(), { name: 'lock', limit: 1, registry });
    const release = await acquire();
    const second = acquire();
    const third = acquire();
    await tick();
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', { semaphore: 'lock' }), 2);
    release();
    release();
    const r2 = await second;
    assert.equal(await seriesValue(registry, 'semaphore_active', { semaphore: 'lock' }), 1);
    r2();
    (await third)();
    assert.equal(mutex.isLocked(), false);
    assert.equal(await mode(registry, 'lock', 'immediate'), 1);
    assert.equal(await mode(registry, 'lock', 'queued'), 2);
    assert.equal(
      await seriesValue(registry, 'semaphore_runs_total', { semaphore: 'lock', concurrency: 'sequential' }),
      3,
    );
  });

  test('cancel() and timeouts count as aborted, and the error is passed through unchanged', async () => {
    const registry = new Registry();
    const sem = new Semaphore(1);
    sem.acquire = instrumentAcquire(sem.acquire, { name: 's', limit: 1, registry });
    const [, release] = await sem.acquire();
    const waiting = sem.acquire();
    sem.cancel();
    await assert.rejects(waiting, (e) => e === E_CANCELED);
    release();
    const timed = withTimeout(new Mutex(), 10);
    const acquire = instrumentAcquire(timed.acquire.bind(timed), {
      name: 't',
      limit: 1,
      registry,
      classifyError: () => 'rejected',
    });
    const held = await acquire();
    await assert.rejects(acquire(), /timeout/);
    held();
    assert.equal(await mode(registry, 's', 'aborted'), 1);
    assert.equal(await mode(registry, 't', 'rejected'), 1);
    assert.equal(await seriesValue(registry, 'semaphore_queue_depth', { semaphore: 's' }), 0);
  });

  test('an unknown result shape is passed through untouched, with one warning', async () => {
    const registry = new Registry();
    const lease = { done() {} };
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(String(w.code));
    process.on('warning', onWarning);
    const acquire = instrumentAcquire(async () => lease, { name: 'odd', limit: 1, registry });
    assert.equal(await acquire(), lease);
    assert.equal(await acquire(), lease);
    await tick();
    process.off('warning', onWarning);
    assert.deepEqual(warnings, ['TELEMETER_W_KIT_RELEASE_NOT_FOUND']);
    assert.equal(await seriesValue(registry, 'semaphore_active', { semaphore: 'odd' }), 0);
  });
});
