import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { whenSettled } from './patch.js';

const run = promisify(execFile);

/**
 * Runs `body` as an ES module in a child process (an unhandled rejection must be seen by the
 * process's own `unhandledRejection` event, which the test runner would otherwise claim) and
 * returns what it printed as JSON.
 */
async function inChild(body: string): Promise<unknown> {
  const pool = new URL('./index.js', import.meta.url).href;
  const script = `
    import { Registry } from '@telemeter/core';
    import { createPool } from 'generic-pool';
    import { instrumentGenericPool, instrumentPool } from ${JSON.stringify(pool)};
    const unhandled = [];
    process.on('unhandledRejection', (reason) => unhandled.push(reason));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    ${body}
  `;
  // The package folder, so '@telemeter/core' and 'generic-pool' resolve as they do for the tests.
  const cwd = fileURLToPath(new URL('../../..', import.meta.url));
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    timeout: 20_000,
  });
  return JSON.parse(stdout);
}

describe('patched acquire() keeps promise semantics', () => {
  it('an acquire() rejection nobody handles is still reported as unhandled (same error object)', async () => {
    const result = await inChild(`
      const failure = new Error('no resource');
      const pool = { acquire: () => Promise.reject(failure), release() {} };
      instrumentPool(pool, { name: 'p', registry: new Registry() });
      pool.acquire(); // not awaited, no catch: a bug the process must still hear about
      await settle();
      console.log(JSON.stringify({ count: unhandled.length, same: unhandled[0] === failure }));
    `);
    assert.deepEqual(result, { count: 1, same: true });
  });

  it('a generic-pool acquire() timeout nobody handles is reported as unhandled, once, and counted', async () => {
    const result = await inChild(`
      const registry = new Registry();
      const pool = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 1, acquireTimeoutMillis: 20 });
      instrumentGenericPool(pool, { name: 'db', registry });
      const held = await pool.acquire();
      pool.acquire(); // times out; nobody handles it
      await new Promise((resolve) => setTimeout(resolve, 100));
      const handled = await pool.acquire().then(() => 'resolved', (error) => error.name);
      await pool.release(held);
      await pool.drain();
      await pool.clear();
      const family = (await registry.collect()).find((f) => f.name === 'pool_acquisitions_total');
      const results = Object.fromEntries(
        family.points.map((p) => [p.labelValues[family.labelNames.indexOf('result')], p.value]),
      );
      console.log(JSON.stringify({ unhandled: unhandled.map((e) => e.name), handled, results }));
    `);
    assert.deepEqual(result, {
      unhandled: ['TimeoutError'],
      handled: 'TimeoutError',
      results: { hit: 0, allocated: 1, timeout: 2 },
    });
  });

  it('the returned promise settles like the original: same value, same error object', async () => {
    const value = { id: 1 };
    const seen: unknown[] = [];
    assert.equal(
      await whenSettled(
        Promise.resolve(value),
        (v) => seen.push(v),
        () => {},
      ),
      value,
    );
    const failure = new Error('x');
    await assert.rejects(
      whenSettled(
        Promise.reject(failure),
        () => {},
        (e) => seen.push(e),
      ),
      (error) => error === failure,
    );
    // A throwing metrics callback changes nothing for the caller.
    const boom = () => {
      throw new Error('metrics bug');
    };
    assert.equal(await whenSettled(Promise.resolve(value), boom, boom), value);
    await assert.rejects(whenSettled(Promise.reject(failure), boom, boom), (error) => error === failure);
    assert.deepEqual(seen, [value, failure]);
  });
});
