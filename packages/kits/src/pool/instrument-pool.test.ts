import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { histogram, readAll } from '../shared/testing/read-metrics.js';
import { instrumentPool } from './instrument-pool.js';

/** A simple buffer pool: reuses released buffers, keeps at most `maxIdle` of them. */
class BufferPool {
  readonly #free: Buffer[] = [];
  readonly bufferSize: number;
  readonly maxIdle: number;
  allocated = 0;
  constructor(bufferSize: number, maxIdle: number) {
    this.bufferSize = bufferSize;
    this.maxIdle = maxIdle;
  }
  get available(): number {
    return this.#free.length;
  }
  alloc(): Buffer {
    const buffer = this.#free.pop();
    if (buffer !== undefined) return buffer;
    this.allocated++;
    return Buffer.allocUnsafe(this.bufferSize);
  }
  free(buffer: Buffer): boolean {
    if (buffer.length !== this.bufferSize) throw new RangeError('not one of this pool\u2019s buffers');
    if (this.#free.length >= this.maxIdle) return false;
    this.#free.push(buffer);
    return true;
  }
}

const L = 'pool=frames,kind=buffer';

describe('instrumentPool', () => {
  it('counts a buffer pool\u2019s hits and allocations, with the idle count read from the pool', async () => {
    const registry = new Registry();
    const pool = new BufferPool(1024, 2);
    instrumentPool(pool, {
      name: 'frames',
      kind: 'buffer',
      registry,
      methods: { acquire: 'alloc', release: 'free' },
      idle: () => pool.available,
      max: 2,
    });
    const a = pool.alloc();
    const b = pool.alloc();
    const c = pool.alloc(); // three allocations
    assert.equal(pool.free(a), true);
    assert.equal(pool.free(b), true);
    assert.equal(pool.free(c), false); // over maxIdle: dropped by the pool
    const d = pool.alloc(); // hit (b)
    const e = pool.alloc(); // hit (a)
    assert.equal(d, b);
    assert.throws(() => pool.free(Buffer.alloc(3)), RangeError); // errors pass through, not counted
    const m = await readAll(registry);
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 2,
      [`${L},result=allocated`]: 3,
    });
    assert.equal(pool.allocated, 3);
    assert.deepEqual(m.get('pool_created_total'), { [L]: 3 });
    assert.equal(m.get('pool_in_use')?.[L], 2);
    assert.equal(m.get('pool_idle')?.[L], 0);
    assert.equal(m.get('pool_max')?.[L], 2);
    const use = await histogram(registry, 'pool_use_seconds', L);
    assert.equal(use?.count, 3);
    assert.equal(
      (await histogram(registry, 'pool_acquire_wait_seconds', L))?.count,
      0,
      'synchronous: never waits',
    );
    pool.free(d);
    pool.free(e);
  });

  it('tells reuse by identity when the pool has no idle count', async () => {
    const registry = new Registry();
    const pool = new BufferPool(64, 10);
    instrumentPool(pool, {
      name: 'frames',
      kind: 'buffer',
      registry,
      methods: { acquire: 'alloc', release: 'free' },
    });
    const a = pool.alloc();
    pool.free(a);
    assert.equal(pool.alloc(), a);
    assert.deepEqual((await readAll(registry)).get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 1,
      [`${L},result=allocated`]: 1,
    });
  });

  it('times asynchronous acquisitions and counts them pending while they wait', async () => {
    const registry = new Registry();
    /** One connection-like object, handed out to one caller at a time. */
    class Single {
      readonly conn = { id: 1 };
      busy = false;
      waiters: Array<(c: { id: number }) => void> = [];
      async acquire(): Promise<{ id: number }> {
        if (!this.busy) {
          this.busy = true;
          return this.conn;
        }
        return new Promise((resolve) => this.waiters.push(resolve));
      }
      release(conn: { id: number }): void {
        const next = this.waiters.shift();
        if (next) next(conn);
        else this.busy = false;
      }
      destroy(_conn: { id: number }): void {
        this.busy = false;
      }
    }
    const single = new Single();
    const metrics = instrumentPool(single, {
      name: 'one',
      kind: 'connection',
      registry,
      methods: { destroy: 'destroy' },
    });
    const first = await single.acquire();
    const second = single.acquire();
    await sleep(1);
    const L1 = 'pool=one,kind=connection';
    assert.equal((await readAll(registry)).get('pool_pending')?.[L1], 1);
    await sleep(20);
    single.release(first);
    single.destroy(await second);
    const m = await readAll(registry);
    assert.equal(m.get('pool_pending')?.[L1], 0);
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L1},result=hit`]: 1,
      [`${L1},result=allocated`]: 1,
    });
    assert.deepEqual(m.get('pool_destroyed_total'), { [`${L1},reason=explicit`]: 1 });
    assert.equal(m.get('pool_in_use')?.[L1], 0);
    const wait = await histogram(registry, 'pool_acquire_wait_seconds', L1);
    assert.equal(wait?.count, 2);
    assert.ok((wait?.sum ?? 0) >= 0.015);
    metrics.stop();
    assert.ok(!Object.hasOwn(single, 'acquire'), 'stop() removes the patch');
  });

  it('rejects a pool without the named methods', () => {
    const registry = new Registry();
    assert.throws(() => instrumentPool({}, { name: 'x', registry }), InvalidConfigError);
    assert.throws(
      () =>
        instrumentPool(new BufferPool(1, 1), {
          name: 'x',
          registry,
          methods: { acquire: 'alloc', release: 'nope' },
        }),
      /no method "nope"/,
    );
  });
});
