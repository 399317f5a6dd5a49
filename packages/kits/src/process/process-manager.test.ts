import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { findBinary, promtoolCheckMetrics } from '@telemeter/testkit';
import { histogramOf, seriesValue } from '../shared/testing/metric-values.js';
import { unregisterProcessMetrics } from './metrics.js';
import { createProcessManager } from './process-manager.js';

const P = { process: 'worker' };
const NODE = process.execPath;
// Keeps the child alive until told otherwise, and says when its handlers are installed.
const READY = "setInterval(() => {}, 1000); process.stdout.write('ready');";
const GRACEFUL = `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 50)); ${READY}`;
const STUBBORN = `process.on('SIGTERM', () => {}); ${READY}`;

async function ready(child: ChildProcess): Promise<void> {
  const [chunk] = await once(child.stdout!, 'data');
  assert.equal(String(chunk), 'ready');
}

const exits = (registry: Registry, code: string, signal = '') =>
  seriesValue(registry, 'child_process_exits_total', { ...P, code, signal });

describe('ProcessManager', () => {
  test('spawn: spawn time, running children, lifetime and exit codes of real processes', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    // Exits with 3 once its stdin is closed.
    const a = pm.spawn(NODE, ['-e', `${READY} process.stdin.on('end', () => process.exit(3)).resume();`]);
    const b = pm.spawn(NODE, ['-e', READY]);
    await Promise.all([ready(a), ready(b)]);
    assert.equal(await seriesValue(registry, 'child_process_active', P), 2);
    assert.deepEqual(new Set(pm.children), new Set([a, b]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    a.stdin!.end();
    assert.deepEqual(await pm.waitForExit(a), { code: 3, signal: null });
    b.kill('SIGINT');
    assert.deepEqual(await pm.waitForExit(b), { code: null, signal: 'SIGINT' });
    assert.equal(await seriesValue(registry, 'child_process_active', P), 0);
    assert.equal(await exits(registry, '3'), 1);
    assert.equal(await exits(registry, '', 'SIGINT'), 1);
    const spawnTime = await histogramOf(registry, 'child_process_spawn_duration_seconds', P);
    assert.equal(spawnTime.count, 2);
    assert.ok(spawnTime.sum > 0 && spawnTime.sum < 10, `spawn ${spawnTime.sum}`);
    const lifetime = await histogramOf(registry, 'child_process_lifetime_seconds', P);
    assert.equal(lifetime.count, 2);
    assert.ok(lifetime.sum >= 0.1 && lifetime.sum < 60, `lifetime ${lifetime.sum}`);
    assert.equal(pm.children.length, 0);
  });

  test('a spawn error (ENOENT) is counted and reaches the user handler unchanged; no error listener is added', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    const child = pm.spawn('telemeter-no-such-command-here', ['x']);
    assert.equal(child.listenerCount('error'), 0, 'without a handler, the error would still be thrown');
    const [error] = await once(child, 'error');
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal((await pm.waitForExit(child)).error, error);
    assert.equal(
      await seriesValue(registry, 'child_process_spawn_errors_total', { ...P, code: 'ENOENT' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'child_process_active', P), 0);
    assert.equal((await histogramOf(registry, 'child_process_spawn_duration_seconds', P)).count, 0);
    // A synchronous throw from spawn is counted and rethrown as is.
    assert.throws(() => pm.spawn(NODE, ['-e', ''], { cwd: 42 as unknown as string }), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    assert.equal(
      await seriesValue(registry, 'child_process_spawn_errors_total', { ...P, code: 'ERR_INVALID_ARG_TYPE' }),
      1,
    );
  });

  test('stop: a child handling SIGTERM exits gracefully, and the time it took is recorded', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    const child = pm.spawn(NODE, ['-e', GRACEFUL]);
    await ready(child);
    const [first, second] = await Promise.all([pm.stop(child, { graceMs: 5000 }), pm.stop(child)]);
    assert.equal(first, second, 'concurrent stops share one');
    assert.equal(first.result, 'graceful');
    assert.equal(first.code, 0);
    assert.ok(first.seconds >= 0.04 && first.seconds < 5, `${first.seconds}`);
    assert.equal(
      await seriesValue(registry, 'child_process_shutdowns_total', { ...P, result: 'graceful' }),
      1,
    );
    const duration = await histogramOf(registry, 'child_process_shutdown_duration_seconds', {
      ...P,
      result: 'graceful',
    });
    assert.equal(duration.count, 1);
    assert.equal(await exits(registry, '0'), 1);
    assert.equal((await pm.stop(child)).result, 'not_running');
  });

  test('stop: a child ignoring SIGTERM is killed after the grace period', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry, graceMs: 200 });
    const child = pm.spawn(NODE, ['-e', STUBBORN]);
    await ready(child);
    const stopped = await pm.stop(child);
    assert.equal(stopped.result, 'forced');
    assert.equal(stopped.signal, 'SIGKILL');
    assert.ok(stopped.seconds >= 0.19 && stopped.seconds < 10, `${stopped.seconds}`);
    assert.equal(await seriesValue(registry, 'child_process_shutdowns_total', { ...P, result: 'forced' }), 1);
    assert.equal(await exits(registry, '', 'SIGKILL'), 1);
  });

  test('stop: the default SIGTERM action counts as graceful; SIGKILL as the signal is forced', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    const plain = pm.spawn(NODE, ['-e', READY]);
    const killed = pm.spawn(NODE, ['-e', READY]);
    await Promise.all([ready(plain), ready(killed)]);
    const [a, b] = await Promise.all([pm.stop(plain), pm.stop(killed, { signal: 'SIGKILL' })]);
    assert.deepEqual([a.result, a.signal], ['graceful', 'SIGTERM']);
    assert.deepEqual([b.result, b.signal], ['forced', 'SIGKILL']);
    assert.throws(() => pm.stop(plain, { signal: 'SIGNOPE' as NodeJS.Signals }), InvalidConfigError);
    assert.throws(() => pm.stop(plain, { graceMs: -1 }), InvalidConfigError);
  });

  test('track: a child spawned elsewhere is measured from then on; stopAll stops every child', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    const outside = spawn(NODE, ['-e', READY]);
    assert.equal(pm.track(outside), outside);
    const own = pm.spawn(NODE, ['-e', READY]);
    await Promise.all([ready(outside), ready(own)]);
    assert.equal(await seriesValue(registry, 'child_process_active', P), 2);
    const results = await pm.stopAll({ graceMs: 2000 });
    assert.deepEqual(
      results.map((r) => r.result),
      ['graceful', 'graceful'],
    );
    assert.equal(await seriesValue(registry, 'child_process_active', P), 0);
    assert.equal(
      (await histogramOf(registry, 'child_process_spawn_duration_seconds', P)).count,
      1,
      'only own',
    );
    assert.equal((await histogramOf(registry, 'child_process_lifetime_seconds', P)).count, 2);
    // An exited child is not tracked again.
    pm.track(outside);
    assert.equal(pm.children.length, 0);
  });

  test('dispose withdraws running children from the gauge; prefix, labels and unregister', async () => {
    const registry = new Registry();
    const options = { name: 'worker', registry, prefix: 'app_', labels: { pool: 'a' } };
    const pm = createProcessManager(options);
    const child = pm.spawn(NODE, ['-e', READY]);
    await ready(child);
    assert.match(await registry.metrics(), /^app_child_process_active\{process="worker",pool="a"\} 1$/m);
    pm.dispose();
    assert.match(await registry.metrics(), /^app_child_process_active\{process="worker",pool="a"\} 0$/m);
    // Still managed, no longer measured.
    assert.deepEqual(pm.children, [child]);
    assert.equal((await pm.stop(child)).result, 'graceful');
    assert.doesNotMatch(await registry.metrics(), /app_child_process_exits_total\{/);
    assert.doesNotMatch(await registry.metrics(), /app_child_process_shutdowns_total\{/);
    assert.throws(() => createProcessManager({ ...options, labels: { process: 'x' } }), InvalidConfigError);
    assert.throws(() => createProcessManager({ name: '', registry }), InvalidConfigError);
    unregisterProcessMetrics({ registry, prefix: 'app_' });
    assert.equal(registry.getAll().length, 0);
  });

  test('the exposition passes promtool check metrics', { skip: !findBinary('promtool') }, async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'worker', registry });
    await pm.waitForExit(pm.spawn(NODE, ['-e', 'process.exit(4)']));
    const child = pm.spawn(NODE, ['-e', READY]);
    await ready(child);
    await pm.stop(child);
    const result = await promtoolCheckMetrics(await registry.metrics());
    assert.deepEqual(result, { exitCode: 0, parseErrors: [], lintWarnings: [] });
  });
});
