import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig, startServer } from '@telemeter/server';
import { expandQuery } from '../../data/time-range.js';
import { panelSpans } from '../panel-spans.js';
import { BUILTIN_DASHBOARDS } from './index.js';

test('every built-in query is valid PromQL the server evaluates', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'telemeter-dashboard-'));
  const base = defaultConfig();
  const server = await startServer({
    config: {
      ...base,
      listen: { host: '127.0.0.1', port: 0 },
      storage: { ...base.storage, path: dataDir },
      selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
    },
    logger: { info() {}, warn() {}, error() {} },
  });
  try {
    for (const dashboard of BUILTIN_DASHBOARDS) {
      for (const row of dashboard.rows) {
        for (const panel of row.panels) {
          for (const query of panel.queries) {
            const expr = expandQuery(query.expr, 15_000);
            const res = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
            const body = (await res.json()) as { status: string; error?: string };
            assert.equal(body.status, 'success', `${dashboard.id} / ${panel.title}: ${expr}: ${body.error}`);
          }
        }
      }
    }
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('built-in dashboards: unique ids, rows that fill at most 12 columns, an empty text on every panel', () => {
  const ids = BUILTIN_DASHBOARDS.map((d) => d.id);
  assert.deepEqual(ids, ['overview', 'system', 'runtime', 'http', 'caches']);
  for (const dashboard of BUILTIN_DASHBOARDS) {
    for (const row of dashboard.rows) {
      const total = panelSpans(row).reduce((a, b) => a + b, 0);
      assert.ok(total <= 12, `${dashboard.id}: a row spans ${total} columns`);
      for (const panel of row.panels)
        assert.ok(panel.emptyText, `${dashboard.id} / ${panel.title} has no emptyText`);
    }
  }
});
