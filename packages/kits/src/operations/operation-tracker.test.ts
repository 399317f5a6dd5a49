import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DuplicateMetricError,
  formatJson,
  InvalidConfigError,
  InvalidMetricError,
  type JsonSummaryFamily,
  Registry,
  setEnabled,
} from '@telemeter/core';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';
import { seriesOf, seriesValue } from '../shared/testing/metric-values.js';
import { InvalidOperationError } from './errors.js';
import { createOperationTracker } from './operation-tracker.js';

describe('createOperationTracker', () => {
  it('names the families from prefix and namespace and labels every series with the constant labels', async () => {
    const registry = new Registry();
    const tools = createOperationTracker({
      registry,
      prefix: 'files_',
      namespace: 'mcp_tool',
      operationLabel: 'tool',
      labels: { server: 'files', shard: 2 },
    });
    tools.track('read', () => 1)();
    const names = (await registry.collect()).map((f) => f.name).filter((n) => n.startsWith('files_'));
    assert.deepEqual(names, [
      'files_mcp_tool_calls_total',
      'files_mcp_tool_errors_total',
      'files_mcp_tool_in_flight',
      'files_mcp_tool_duration_seconds',
      'files_mcp_tool_duration_window_seconds',
    ]);
    assert.equal(
      await seriesValue(registry, 'files_mcp_tool_calls_total', {
        tool: 'read',
        outcome: 'success',
        server: 'files',
        shard: '2',
      }),
      1,
    );
  });

  it('shares the families between trackers of one registry (constant labels keep their series apart)', async () => {
    const registry = new Registry();
    const a = createOperationTracker({ registry, labels: { worker: 'a' } });
    const b = createOperationTracker({ registry, labels: { worker: 'b' } });
    assert.equal(a.metrics.calls, b.metrics.calls);
    a.track('job', () => 1)();
    b.track('job', () => 1)();
    b.track('job', () => 1)();
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', {
        operation: 'job',
        outcome: 'success',
        worker: 'a',
      }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', {
        operation: 'job',
        outcome: 'success',
        worker: 'b',
      }),
      2,
    );
    assert.throws(() => createOperationTracker({ registry, buckets: [1, 2] }), DuplicateMetricError);
  });

  it('rejects bad options with errors naming them', () => {
    const registry = new Registry();
    assert.throws(() => createOperationTracker({ registry, maxOperations: 0 }), InvalidConfigError);
    assert.throws(() => createOperationTracker({ registry, namespace: '' }), /namespace/);
    assert.throws(() => createOperationTracker({ registry, labels: { a: {} as string } }), /label "a"/);
    assert.throws(() => createOperationTracker({ registry: {} as Registry }), /registry/);
    assert.throws(() => createOperationTracker({ registry, prefix: 'bad-' }), {
      name: 'InvalidConfigError',
      key: 'prefix',
    });
    assert.throws(() => createOperationTracker({ registry, labels: { outcome: 'x' } }), { key: 'labels' });
    assert.throws(() => createOperationTracker({ registry, operationLabel: 'le' }), {
      key: 'operationLabel',
    });
    assert.throws(() => createOperationTracker({ registry, labels: { 'bad-name': 'x' } }), { key: 'labels' });
    assert.throws(() => createOperationTracker({ registry, buckets: [2, 1] }), InvalidMetricError);
    assert.deepEqual(registry.getAll(), [], 'a failed tracker leaves nothing registered');
    const tracker = createOperationTracker({ registry: new Registry() });
    assert.throws(() => tracker.track('', () => 1), InvalidOperationError);
    assert.throws(() => tracker.track('x', 'not a function' as unknown as () => void), InvalidOperationError);
  });
});

describe('cardinality', () => {
  it('caps distinct error types per operation and maps the rest to __overflow__', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry, maxErrorTypes: 3 });
    const fail = tracker.track('fail', (code: string) => {
      throw Object.assign(new Error(`failed: ${code}`), { code });
    });
    for (let i = 0; i < 50; i++) assert.throws(() => fail(`E_${i % 10}`));
    const types = (await seriesOf(registry, 'operation_errors_total')).map((s) => s.error_type).sort();
    assert.deepEqual(types, ['E_0', 'E_1', 'E_2', '__overflow__']);
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', {
        operation: 'fail',
        error_type: '__overflow__',
      }),
      35,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'fail', outcome: 'error' }),
      50,
    );
  });

  it('caps distinct operations, records the rest as __overflow__ and counts the diversions', async (t) => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => warnings.push(warning.code ?? '');
    process.on('warning', onWarning);
    t.after(() => process.off('warning', onWarning));
    const registry = new Registry();
    const tracker = createOperationTracker({ registry, maxOperations: 2 });
    for (let i = 0; i < 5; i++) tracker.begin(`op-${i}`).end();
    const operations = [
      ...new Set((await seriesOf(registry, 'operation_calls_total')).map((s) => s.operation)),
    ];
    assert.deepEqual(operations, ['op-0', 'op-1', '__overflow__']);
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: '__overflow__', outcome: 'success' }),
      3,
    );
    assert.equal(registry.selfMetrics.cardinalityOverflows('operation_calls_total'), 3);
    await sleep(1);
    assert.deepEqual(warnings, ['TELEMETER_W_CARDINALITY_OVERFLOW']);
  });
});

describe('stats() and the exposition', () => {
  it('digests calls, success rate, error types and window quantiles per operation', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry });
    const step = tracker.track('step', async (ms: number, fail: boolean) => {
      await sleep(ms);
      if (fail) throw new TypeError('bad plan');
    });
    await step(20, false);
    await step(1, false);
    await step(1, false);
    await assert.rejects(step(1, true));
    const gate = tracker.begin('idle');
    const [idle, stats] = tracker.stats();
    assert.equal(idle?.operation, 'idle');
    assert.equal(idle?.inFlight, 1);
    assert.equal(idle?.successRate, null);
    assert.equal(idle?.latency.p50, null);
    gate.end();
    assert.ok(stats !== undefined);
    assert.equal(stats.operation, 'step');
    assert.equal(stats.calls, 4);
    assert.deepEqual(stats.outcomes, { success: 3, error: 1, timeout: 0, cancelled: 0 });
    assert.equal(stats.successRate, 0.75);
    assert.deepEqual(stats.errorTypes, { TypeError: 1 });
    const { latency } = stats;
    assert.equal(latency.windowCount, 4);
    assert.ok(latency.min !== null && latency.max !== null && latency.p50 !== null && latency.p99 !== null);
    assert.ok(latency.min > 0 && latency.min <= latency.p50 && latency.p50 <= latency.p99);
    assert.ok(latency.max >= 0.019 && latency.max < 5, `max ${latency.max}`);
    assert.ok(latency.p99 <= latency.max * 1.01, 'within the sketch accuracy of the window');
    assert.deepEqual(JSON.parse(JSON.stringify(tracker.stats())), tracker.stats(), 'JSON-safe');
  });

  it('exposes window p50/p95/p99, min and max per operation in the JSON exposition', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry });
    const op = tracker.track('op', () => 1);
    for (let i = 0; i < 10; i++) op();
    const json = formatJson(await registry.collect());
    const window = json.families.find(
      (f) => f.name === 'operation_duration_window_seconds',
    ) as JsonSummaryFamily;
    const [point] = window.series;
    assert.deepEqual(
      window.series.map((s) => s.labels),
      [{ operation: 'op' }],
    );
    assert.equal(point?.windowCount, 10);
    for (const key of ['p50', 'p95', 'p99', 'min', 'max'] as const) {
      assert.equal(typeof point?.[key], 'number', key);
    }
    assert.deepEqual(
      point?.quantiles.map((q) => q.quantile),
      [0.5, 0.95, 0.99],
    );
  });

  it('passes promtool check metrics', { skip: requireBinary('promtool', 'prometheus').skip }, async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry, labels: { service: 'api' } });
    tracker.track('ok', () => 1)();
    assert.throws(() =>
      tracker.track('bad', () => {
        throw new Error('x');
      })(),
    );
    tracker.begin('slow').end('timeout');
    const result = await promtoolCheckMetrics(await registry.metrics('prometheus'));
    assert.deepEqual(result, { exitCode: 0, parseErrors: [], lintWarnings: [] });
  });
});

describe('run(), options and lifecycle', () => {
  it('run() records one call, with the given signal deciding aborts', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry });
    assert.equal(
      tracker.run('sum', () => 1 + 1),
      2,
    );
    assert.equal(await tracker.run('fetch', async () => 'body'), 'body');
    const controller = new AbortController();
    const reason = new Error('caller left');
    controller.abort(reason);
    await assert.rejects(
      tracker.run(
        'fetch',
        async () => {
          throw reason;
        },
        { signal: controller.signal },
      ),
      (error) => error === reason,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'sum', outcome: 'success' }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'fetch', outcome: 'success' }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'fetch', outcome: 'cancelled' }),
      1,
    );
  });

  it('uses custom error types and outcome classification, falling back when they fail', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({
      registry,
      errorType: (error) => (error as { status?: number }).status?.toString(),
      classifyError: (error) => {
        if ((error as { code?: number }).code === -32001) return 'timeout';
        if ((error as { code?: number }).code === -1) throw new Error('classifier bug');
        return undefined;
      },
    });
    const call = tracker.track('call', (error: unknown) => {
      throw error;
    });
    assert.throws(() => call(Object.assign(new Error('x'), { status: 429 })));
    assert.throws(() => call(Object.assign(new Error('x'), { code: -32001 })));
    assert.throws(() => call(Object.assign(new RangeError('x'), { code: -1 })));
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', { operation: 'call', error_type: '429' }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_errors_total', { operation: 'call', error_type: 'RangeError' }),
      1,
    );
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'call', outcome: 'timeout' }),
      1,
    );
  });

  it('records nothing while telemetry is disabled and keeps calling through', async (t) => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry });
    const double = tracker.track('double', (n: number) => n * 2);
    setEnabled(false);
    t.after(() => setEnabled(true));
    assert.equal(double(2), 4);
    tracker.begin('manual').end();
    setEnabled(true);
    assert.equal(double(3), 6);
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'double', outcome: 'success' }),
      1,
    );
    assert.equal(await seriesValue(registry, 'operation_in_flight', { operation: 'double' }), 0);
  });

  it('unregister() removes its series and families; old wrappers keep working', async () => {
    const registry = new Registry();
    const tracker = createOperationTracker({ registry });
    const work = tracker.track('work', () => 'ok');
    assert.throws(() =>
      tracker.track('bad', () => {
        throw new TypeError('x');
      })(),
    );
    work();
    tracker.unregister();
    tracker.unregister();
    assert.deepEqual(
      (await registry.collect()).map((f) => f.name).filter((n) => n.startsWith('operation_')),
      [],
    );
    assert.equal(work(), 'ok');
    const fn = () => 'plain';
    assert.equal(tracker.track('late', fn), fn);
    assert.ok(tracker.begin('late').end() >= 0, 'a handle of an unregistered tracker still measures');
    assert.deepEqual(tracker.stats(), []);
    // A new tracker starts from zero in the same registry.
    const again = createOperationTracker({ registry });
    again.track('work', () => 1)();
    assert.equal(
      await seriesValue(registry, 'operation_calls_total', { operation: 'work', outcome: 'success' }),
      1,
    );
  });
});
