import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '@telemeter/core';
import { seriesValue } from '../shared/testing/metric-values.js';
import { createOperationTracker } from './operation-tracker.js';

function setup() {
  const registry = new Registry();
  return { registry, tracker: createOperationTracker({ registry }) };
}

const calls = (registry: Registry, operation: string, outcome: string) =>
  seriesValue(registry, 'operation_calls_total', { operation, outcome });

describe('begin() / end()', () => {
  it('records each outcome once; end() is idempotent and returns the first duration', async () => {
    const { registry, tracker } = setup();
    const op = tracker.begin('deploy');
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'deploy' }), 1);
    await sleep(5);
    const seconds = op.end();
    assert.ok(seconds >= 0.004 && seconds < 5, `${seconds}`);
    assert.equal(op.ended, true);
    assert.equal(op.end('error', new Error('late')), seconds);
    assert.equal(op.fail(new Error('later')), seconds);
    assert.equal(await calls(registry, 'deploy', 'success'), 1);
    assert.equal(await calls(registry, 'deploy', 'error'), 0);
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'deploy' }), 0);

    tracker.begin('deploy').end('timeout');
    tracker.begin('deploy').end('cancelled');
    tracker.begin('deploy').end('error', new TypeError('bad manifest'));
    tracker.begin('deploy').end('error');
    tracker.begin('deploy').end('exploded' as 'error');
    assert.equal(await calls(registry, 'deploy', 'timeout'), 1);
    assert.equal(await calls(registry, 'deploy', 'cancelled'), 1);
    assert.equal(await calls(registry, 'deploy', 'error'), 3, 'an unknown outcome counts as error');
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', { operation: 'deploy', error_type: 'TypeError' }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', { operation: 'deploy', error_type: '_OTHER' }),
      2,
    );
  });

  it('fail() classifies like a thrown error, using the signal given to begin()', async () => {
    const { registry, tracker } = setup();
    const controller = new AbortController();
    const op = tracker.begin('review', { signal: controller.signal });
    const reason = new Error('superseded by a newer push');
    controller.abort(reason);
    op.fail(reason);
    tracker.begin('review').fail(AbortSignal.abort().reason);
    tracker.begin('review').fail(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }));
    tracker.begin('review').fail(new RangeError('x'));
    assert.equal(await calls(registry, 'review', 'cancelled'), 2);
    assert.equal(await calls(registry, 'review', 'timeout'), 1);
    assert.equal(await calls(registry, 'review', 'error'), 1);
  });

  it('never throws for a bad name', async () => {
    const { registry, tracker } = setup();
    tracker.begin(42 as unknown as string).end();
    tracker.begin('' as string).end();
    assert.equal(await calls(registry, '42', 'success'), 1);
    assert.equal(await calls(registry, 'unknown', 'success'), 1);
  });
});
