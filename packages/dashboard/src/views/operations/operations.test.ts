import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Registry } from '@telemeter/core';
import { createOperationTracker } from '@telemeter/kits/operations';
import { defaultConfig, type RunningServer, startServer } from '@telemeter/server';
import { ApiClient } from '../../data/api.js';
import { discoverFamilies, pickOperationLabel, trackerStems } from './discover-families.js';
import { loadOperationRows } from './load-operations.js';
import { sortRows } from './sortable-table.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

test('tracker stems need a calls counter and a sibling family', () => {
  assert.deepEqual(
    trackerStems([
      'operation_calls_total',
      'operation_in_flight',
      'phone_calls_total',
      'mcp_tool_calls_total',
      'mcp_tool_errors_total',
    ]),
    ['mcp_tool', 'operation'],
  );
});

test('the operation label: the only candidate, a usual name, else the most varied', () => {
  assert.equal(pickOperationLabel(['__name__', 'instance', 'job', 'operation', 'outcome'], []), 'operation');
  assert.equal(pickOperationLabel(['__name__', 'outcome', 'server', 'tool'], []), 'tool');
  const series = [
    { server: 'files', handler: 'read' },
    { server: 'files', handler: 'write' },
  ];
  assert.equal(pickOperationLabel(['__name__', 'handler', 'outcome', 'server'], series), 'handler');
});

test('sorting keeps rows without data last in both directions', () => {
  const rows = [{ v: 2 }, { v: null }, { v: 5 }];
  const columns = [{ id: 'v', label: 'v', sortValue: (r: { v: number | null }) => r.v, render: () => '' }];
  assert.deepEqual(
    sortRows(rows, columns, { column: 'v', direction: 'descending' }).map((r) => r.v),
    [5, 2, null],
  );
  assert.deepEqual(
    sortRows(rows, columns, { column: 'v', direction: 'ascending' }).map((r) => r.v),
    [2, 5, null],
  );
});

describe('the Operations table against a server holding real tracker metrics', () => {
  let server: RunningServer;
  let dataDir: string;
  let api: ApiClient;
  const t0 = Math.floor((Date.now() - 120_000) / 1000) * 1000;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'telemeter-dashboard-ops-'));
    const base = defaultConfig();
    server = await startServer({
      config: {
        ...base,
        listen: { host: '127.0.0.1', port: 0 },
        storage: { ...base.storage, path: dataDir },
        selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
      },
      logger: quiet,
    });
    api = new ApiClient({ baseUrl: server.url });

    const registry = new Registry();
    const ops = createOperationTracker({ registry });
    const tools = createOperationTracker({
      registry,
      namespace: 'mcp_tool',
      operationLabel: 'tool',
      labels: { server: 'files' },
    });
    const search = ops.track('search', (fail: string | undefined) => {
      if (fail === 'type') throw new TypeError('bad');
      if (fail === 'quota') throw Object.assign(new Error('over quota'), { code: 'E_QUOTA' });
      return 1;
    });
    const read = tools.track('read_file', () => 'x');
    const calls = (n: number, fail?: string) => {
      for (let i = 0; i < n; i++) {
        try {
          search(fail);
        } catch {
          // counted by the tracker
        }
      }
    };
    // Error series appear with the first error; one of each before the first snapshot gives them a start.
    calls(1, 'type');
    calls(1, 'quota');
    const snapshot = async (at: number) => {
      const text = (await registry.metrics())
        .split('\n')
        .map((line) => (line === '' || line.startsWith('#') ? line : `${line} ${at}`))
        .join('\n');
      const res = await fetch(`${server.url}/api/v1/import/prometheus`, { method: 'POST', body: text });
      assert.equal(res.status, 204, await res.text());
    };
    await snapshot(t0);
    calls(16);
    calls(2, 'type');
    calls(1, 'quota');
    for (let i = 0; i < 30; i++) read();
    await snapshot(t0 + 30_000);
    calls(16);
    calls(1, 'type');
    for (let i = 0; i < 30; i++) read();
    await snapshot(t0 + 60_000);
  });
  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('both trackers are found, with their operation labels', async () => {
    const families = await discoverFamilies(api, new AbortController().signal);
    assert.deepEqual(
      families.map((f) => [f.stem, f.operationLabel, f.hasHistogram, f.hasWindow]),
      [
        ['mcp_tool', 'tool', true, true],
        ['operation', 'operation', true, true],
      ],
    );
  });

  test('rows carry call rate, success rate, quantiles, error types and a rate trend', async () => {
    const families = await discoverFamilies(api, new AbortController().signal);
    const [tools, ops] = await loadOperationRows(
      api,
      families,
      { startMs: t0 - 15_000, endMs: t0 + 60_000 },
      false,
    );
    assert.equal(ops?.quantiles, 'histogram');
    const search = ops?.rows.find((r) => r.operation === 'search');
    assert.ok(search !== undefined, 'search has a row');
    // 36 calls (32 successes) in the 60 s of samples; rate() extrapolates a little towards the
    // window's start for the series that did not start at 0.
    const perSecond = search.callsPerSecond ?? 0;
    assert.ok(perSecond > 36 / 75 && perSecond < 36 / 55, `calls/s ${perSecond}`);
    const success = search.successRatio ?? 0;
    assert.ok(success > 0.84 && success < 0.9, `success ${success}`);
    assert.deepEqual(
      search.errors.map((e) => e.type),
      ['TypeError', 'E_QUOTA'],
    );
    assert.ok((search.errors[0]?.count ?? 0) > (search.errors[1]?.count ?? 0));
    for (const q of [search.p50, search.p95, search.p99]) assert.ok(q !== null && q >= 0, `quantile ${q}`);
    assert.ok(
      (search.p50 as number) <= (search.p95 as number) && (search.p95 as number) <= (search.p99 as number),
    );
    assert.ok(
      search.rate.some((v) => v !== null && v > 0),
      'the sparkline has points',
    );

    // Live: the summary's window quantiles, as the tracker's stats() reports them.
    const [, live] = await loadOperationRows(
      api,
      families,
      { startMs: t0 - 15_000, endMs: t0 + 60_000 },
      true,
    );
    assert.equal(live?.quantiles, 'window');
    const windowed = live?.rows.find((r) => r.operation === 'search');
    assert.ok(windowed?.p99 !== null && windowed?.p99 !== undefined && windowed.p99 >= 0);

    const read = tools?.rows.find((r) => r.operation === 'read_file');
    assert.equal(read?.successRatio, 1);
    assert.deepEqual(read?.errors, []);
  });
});
