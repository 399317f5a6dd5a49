import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidConfigError, Registry } from '@telemeter/core';
import { seriesValue } from '../shared/testing/metric-values.js';
import { createProcessManager } from './process-manager.js';

const P = { process: 'svc' };
const NODE = process.execPath;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telemeter-supervise-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A script that crashes (exit 1) on its first `crashes` runs, then exits 0; runs are counted in a file. */
function flaky(crashes: number, counter: string): string {
  return `const fs = require('node:fs');
const file = ${JSON.stringify(counter)};
const runs = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
fs.writeFileSync(file, String(runs + 1));
process.exit(runs < ${crashes} ? 1 : 0);`;
}

describe('ProcessManager.supervise', () => {
  test('on-failure: restarts crashed children until one exits cleanly', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'svc', registry });
    const spawned: number[] = [];
    const supervisor = pm.supervise(NODE, ['-e', flaky(3, join(dir, 'flaky.txt'))], {
      backoff: { initialMs: 10, factor: 2 },
      onSpawn: (child) => spawned.push(child.pid!),
    });
    const result = await supervisor.done;
    assert.equal(result.reason, 'exited');
    assert.equal(result.restarts, 3);
    assert.deepEqual(result.lastExit, { code: 0, signal: null });
    assert.equal(spawned.length, 4);
    assert.equal(await seriesValue(registry, 'child_process_restarts_total', P), 3);
    assert.equal(
      await seriesValue(registry, 'child_process_exits_total', { ...P, code: '1', signal: '' }),
      3,
    );
    assert.equal(
      await seriesValue(registry, 'child_process_exits_total', { ...P, code: '0', signal: '' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'child_process_active', P), 0);
  });

  test('maxRestarts: gives up after that many restarts in a row', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'svc', registry });
    const delays: number[] = [];
    const supervisor = pm.supervise(NODE, ['-e', 'process.exit(2)'], {
      maxRestarts: 2,
      backoff: (attempt) => {
        delays.push(attempt);
        return 5;
      },
    });
    const result = await supervisor.done;
    assert.equal(result.reason, 'max_restarts');
    assert.equal(result.restarts, 2);
    assert.deepEqual(delays, [0, 1]);
    assert.equal(
      await seriesValue(registry, 'child_process_exits_total', { ...P, code: '2', signal: '' }),
      3,
    );
    assert.equal(await seriesValue(registry, 'child_process_restarts_total', P), 2);
  });

  test('always: a clean exit is restarted too; stop() ends it with a graceful shutdown and no restart', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'svc', registry });
    const counter = JSON.stringify(join(dir, 'always.txt'));
    // The first run exits 0 at once; later runs stay up and say so.
    const script = `const fs = require('node:fs');
const runs = fs.existsSync(${counter}) ? Number(fs.readFileSync(${counter}, 'utf8')) : 0;
fs.writeFileSync(${counter}, String(runs + 1));
if (runs === 0) process.exit(0);
setInterval(() => {}, 1000);
process.stdout.write('up');`;
    let starts = 0;
    const supervisor = pm.supervise(NODE, ['-e', script], {
      restart: 'always',
      backoff: 5,
      onSpawn: (child) => {
        starts++;
        child.stdout!.once('data', () => void supervisor.stop({ graceMs: 2000 }));
      },
    });
    const result = await supervisor.done;
    assert.equal(result.reason, 'stopped');
    assert.equal(result.restarts, 1);
    assert.equal(starts, 2);
    assert.equal(result.lastExit?.signal, 'SIGTERM');
    assert.equal(supervisor.child, undefined);
    assert.equal(
      await seriesValue(registry, 'child_process_shutdowns_total', { ...P, result: 'graceful' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'child_process_restarts_total', P), 1);
  });

  test('stop() during the backoff cancels the restart', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'svc', registry });
    const supervisor = pm.supervise(NODE, ['-e', 'process.exit(1)'], { backoff: 60_000 });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (supervisor.child === undefined) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    const result = await supervisor.stop();
    assert.equal(result.reason, 'stopped');
    assert.equal(result.restarts, 0);
    assert.equal(await seriesValue(registry, 'child_process_restarts_total', P), 0);
  });

  test('spawn errors are failures to restart from', async () => {
    const registry = new Registry();
    const pm = createProcessManager({ name: 'svc', registry });
    const result = await pm.supervise('telemeter-no-such-command-here', [], { maxRestarts: 1, backoff: 1 })
      .done;
    assert.equal(result.reason, 'max_restarts');
    assert.equal((result.lastExit!.error as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(
      await seriesValue(registry, 'child_process_spawn_errors_total', { ...P, code: 'ENOENT' }),
      2,
    );
    assert.throws(() => pm.supervise(NODE, [], { restart: 'never' as 'always' }), InvalidConfigError);
    assert.throws(() => pm.supervise(NODE, [], { backoff: { initialMs: 10, maxMs: 1 } }), InvalidConfigError);
  });
});
