// GET /api/v1/dashboards on a real server started from a real telemeter.yml, across reloads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/index.js';
import { type RunningServer, startServer } from '../server.js';
import { quietLogger } from '../testing/temp-server.js';
import type { DashboardDefinition } from './definition.js';
import { createDashboardsHandler } from './route.js';
import { dashboardYaml, tempFolder } from './testing/dashboard-files.js';

interface DashboardsBody {
  status: string;
  data: DashboardDefinition[];
}

describe('GET /api/v1/dashboards', () => {
  const folder = tempFolder();
  const configText = (files: string) =>
    `listen: 127.0.0.1:0\nstorage: { path: ${JSON.stringify(join(folder.dir, 'data'))} }\n` +
    `self_monitoring: { enabled: false }\ndashboards: { files: [${files}] }\n`;
  const configFile = folder.write('telemeter.yml', configText('"boards/*.yml"'));
  folder.write('boards/api.yml', dashboardYaml('api', 'API'));
  let server: RunningServer;

  before(async () => {
    server = await startServer({ config: await loadConfig(configFile), configFile, logger: quietLogger });
  });
  after(async () => {
    await server.close();
    folder.remove();
  });

  const dashboards = async () => {
    const res = await fetch(`${server.url}/api/v1/dashboards`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as DashboardsBody;
    assert.equal(body.status, 'success');
    return body.data;
  };
  const reload = () => fetch(`${server.url}/-/reload`, { method: 'POST' });

  it('serves the definitions of the files the config lists', async () => {
    assert.deepEqual(await dashboards(), [
      {
        id: 'api',
        title: 'API',
        rows: [
          {
            title: 'Traffic',
            panels: [
              {
                title: 'Requests per second',
                type: 'timeseries',
                unit: 'per_second',
                queries: [
                  {
                    expr: 'sum by (http_route) (rate(http_server_requests_total[5m]))',
                    legend: '{{http_route}}',
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('serves the new set after a reload, and keeps it when a reload finds a bad file', async () => {
    folder.write('boards/db.yml', dashboardYaml('db', 'Database'));
    assert.equal((await reload()).status, 200);
    assert.deepEqual(
      (await dashboards()).map((d) => d.id),
      ['api', 'db'],
    );

    folder.write(
      'boards/zz-bad.yml',
      'id: api\ntitle: Again\nrows: [{ panels: [{ title: P, type: gauge, queries: [{ expr: up }] }] }]\n',
    );
    const bad = await reload();
    assert.equal(bad.status, 500);
    const { error } = (await bad.json()) as { error: string };
    assert.match(
      error,
      /dashboards\.files\[0\]: boards\/zz-bad\.yml:3: rows\[0\]\.panels\[0\]\.type: expected one of timeseries, stat, table, bar; got "gauge"/,
    );
    assert.deepEqual(
      (await dashboards()).map((d) => d.id),
      ['api', 'db'],
      'a failed reload keeps the running dashboards',
    );
  });

  it('answers other methods with 405', async () => {
    const res = await fetch(`${server.url}/api/v1/dashboards`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, OPTIONS');
  });
});

describe('createDashboardsHandler', () => {
  it('answers only its own path, with the current definitions at each call', async () => {
    let current: DashboardDefinition[] = [];
    const handler = createDashboardsHandler(() => current);
    const request = (path: string, method = 'GET') => ({
      method,
      path,
      params: new URLSearchParams(),
      headers: {},
      body: Buffer.alloc(0),
      signal: new AbortController().signal,
      remoteAddress: '127.0.0.1',
    });
    assert.equal(await handler(request('/api/v1/dashboard')), undefined);
    assert.equal(await handler(request('/api/v1/query')), undefined);
    assert.equal((await handler(request('/api/v1/dashboards')))?.body, '{"status":"success","data":[]}');
    current = [{ id: 'a', title: 'A', rows: [] }];
    assert.equal(
      (await handler(request('/api/v1/dashboards')))?.body,
      '{"status":"success","data":[{"id":"a","title":"A","rows":[]}]}',
    );
  });
});
