import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '@telemeter/core';
import { createPool, type Factory, type Options, type Pool } from 'generic-pool';
import { histogram, readAll } from '../shared/testing/read-metrics.js';
import { instrumentGenericPool } from './generic-pool.js';

const L = 'pool=db,kind=connection';

/** A TCP server on 127.0.0.1 the pooled resources connect to; counts live connections. */
let server: Server;
let port = 0;
const live = new Set<Socket>();

before(async () => {
  server = createServer((socket) => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const socket of live) socket.destroy();
  server.close();
  await once(server, 'close');
});

function socketFactory(overrides: Partial<Factory<Socket>> = {}): Factory<Socket> {
  return {
    create: () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      }),
    destroy: async (socket) => {
      socket.destroy();
    },
    ...overrides,
  };
}

const open = new Set<Pool<Socket>>();
const closePool = async (pool: Pool<Socket>) => {
  if (!open.delete(pool)) return;
  // drain() waits for borrowed resources: after a failed assertion some may never come back.
  await Promise.race([pool.drain(), sleep(500)]);
  await Promise.race([pool.clear(), sleep(500)]);
};
// A failed assertion must not leave a pool (and its evictor timer) running.
afterEach(async () => {
  for (const pool of open) await closePool(pool);
});

async function makePool(options: Options, factory = socketFactory()) {
  const registry = new Registry();
  const pool = createPool(factory, options);
  open.add(pool);
  const metrics = instrumentGenericPool(pool, { name: 'db', registry });
  const read = async () => readAll(registry);
  return { registry, pool, metrics, read, close: () => closePool(pool) };
}

const waitUntil = async (check: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
};

describe('generic-pool adapter (real TCP connections)', () => {
  it('counts hits, allocations and waits, and reads the pool state', async () => {
    const { pool, read, registry, close } = await makePool({ max: 2 });
    const a = await pool.acquire(); // allocated
    const b = await pool.acquire(); // allocated
    await pool.release(a);
    const c = await pool.acquire(); // hit: a is idle
    assert.equal(c, a);
    const waiting = pool.acquire(); // waits: both in use
    await sleep(1);
    let m = await read();
    assert.equal(m.get('pool_pending')?.[L], 1);
    assert.equal(m.get('pool_in_use')?.[L], 2);
    assert.equal(m.get('pool_idle')?.[L], 0);
    assert.equal(m.get('pool_size')?.[L], 2);
    assert.equal(m.get('pool_max')?.[L], 2);
    assert.equal(m.get('pool_min')?.[L], 0);
    await sleep(20);
    await pool.release(b);
    const d = await waiting; // hit: b, handed out before, after a wait
    assert.equal(d, b);
    m = await read();
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 2,
      [`${L},result=allocated`]: 2,
    });
    assert.deepEqual(m.get('pool_created_total'), { [L]: 2 });
    assert.equal(live.size >= 2, true);
    const wait = await histogram(registry, 'pool_acquire_wait_seconds', L);
    assert.equal(wait?.count, 4);
    assert.ok((wait?.sum ?? 0) >= 0.015, `the waiting acquisition waited ${wait?.sum}s in all`);
    const use = await histogram(registry, 'pool_use_seconds', L);
    assert.equal(use?.count, 2, 'a and b were released once each');
    await pool.release(c);
    await pool.release(d);
    await close();
    m = await read();
    assert.deepEqual(m.get('pool_destroyed_total'), { [`${L},reason=cleared`]: 2 });
    assert.equal(m.get('pool_size')?.[L], 0);
  });

  it('counts timeouts, rejections, and acquisitions made by use()', async () => {
    const { pool, read, close } = await makePool({ max: 1, acquireTimeoutMillis: 30, maxWaitingClients: 1 });
    const held = await pool.acquire();
    const timedOut = pool.acquire(); // waits 30 ms, then times out
    await assert.rejects(pool.acquire(), /max waitingClients/); // queue full
    await assert.rejects(timedOut, { name: 'TimeoutError' });
    await pool.release(held);
    assert.equal(await pool.use(async (socket) => socket.remotePort), port);
    const m = await read();
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 1,
      [`${L},result=allocated`]: 1,
      [`${L},result=timeout`]: 1,
      [`${L},result=rejected`]: 1,
    });
    await close();
  });

  it('counts explicit, idle and invalid destructions, and warm-up creations as hits', async () => {
    const bad = new WeakSet<Socket>();
    const { pool, read, close } = await makePool(
      { min: 2, max: 3, testOnBorrow: true, evictionRunIntervalMillis: 10, softIdleTimeoutMillis: 40 },
      socketFactory({ validate: async (socket) => !bad.has(socket) }),
    );
    await waitUntil(() => pool.available === 2);
    const a = await pool.acquire(); // a warm-up resource (created before instrumentation): hit
    await pool.destroy(a); // explicit; the pool tops up to min
    await waitUntil(() => pool.available === 2);
    const p1 = await pool.acquire(); // hit
    const p2 = await pool.acquire(); // hit
    await pool.release(p1);
    await pool.release(p2);
    bad.add(p1);
    bad.add(p2);
    const b = await pool.acquire(); // both idle ones fail validation: destroyed, a new one created for b
    assert.ok(b !== p1 && b !== p2);
    await pool.release(b);
    let m = await read();
    assert.deepEqual(m.get('pool_acquisitions_total'), {
      [`${L},result=hit`]: 3,
      [`${L},result=allocated`]: 1,
    });
    const destroyed = m.get('pool_destroyed_total') ?? {};
    assert.equal(destroyed[`${L},reason=explicit`], 1);
    assert.equal(destroyed[`${L},reason=invalid`], 2);
    // Idle resources above min go after softIdleTimeoutMillis.
    const held = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
    for (const r of held) await pool.release(r);
    await waitUntil(() => pool.size === 2 && pool.available === 2);
    m = await read();
    assert.ok(
      (m.get('pool_destroyed_total')?.[`${L},reason=idle`] ?? 0) >= 1,
      JSON.stringify(m.get('pool_destroyed_total')),
    );
    const created = m.get('pool_created_total')?.[L] ?? 0;
    const gone = Object.values(m.get('pool_destroyed_total') ?? {}).reduce((sum, v) => sum + v, 0);
    // The two warm-up resources were created by createPool(), before instrumentation.
    assert.equal(2 + created - gone, pool.size, 'created - destroyed = size');
    await close();
  });

  it('counts factory errors from the pool events', async () => {
    let fail = true;
    const base = socketFactory();
    const { pool, read, close } = await makePool(
      { max: 1, acquireTimeoutMillis: 200 },
      {
        ...base,
        // generic-pool retries a failed create at once: fail after a tick, not in a microtask loop.
        create: () => (fail ? sleep(2).then(() => Promise.reject(new Error('ECONNREFUSED'))) : base.create()),
      },
    );
    const pending = pool.acquire();
    await sleep(10);
    fail = false;
    const socket = await pending; // generic-pool retries on the next dispense
    await pool.release(socket);
    const m = await read();
    assert.ok((m.get('pool_errors_total')?.[`${L},operation=create`] ?? 0) >= 1);
    await close();
  });

  it('stop() restores the pool and its factory', async () => {
    const factory = socketFactory();
    const pool = createPool(factory, { max: 1 }) as Pool<Socket> & { _factory?: unknown };
    const metrics = instrumentGenericPool(pool, { name: 'db', registry: new Registry() });
    assert.ok(Object.hasOwn(pool, 'acquire'));
    assert.notEqual(pool._factory, factory);
    metrics.stop();
    assert.ok(!Object.hasOwn(pool, 'acquire'));
    assert.ok(!Object.hasOwn(pool, 'release'));
    assert.equal(pool._factory, factory);
    assert.equal(pool.listenerCount('factoryCreateError'), 0);
    const s = await pool.acquire();
    await pool.release(s);
    await pool.drain();
    await pool.clear();
  });
});
