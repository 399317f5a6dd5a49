// GET /api/v1/dashboards/{id}/grafana on a real server (127.0.0.1, port 0) holding a user dashboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTempServer, type TempServer } from '../testing/temp-server.js';
import type { DashboardDefinition } from './definition.js';
import { grafanaShapeProblems } from './testing/grafana-shape.js';

const API: DashboardDefinition = {
  id: 'api',
  title: 'API',
  rows: [
    {
      title: 'Traffic',
      panels: [
        {
          title: 'Requests',
          type: 'timeseries',
          unit: 'per_second',
          queries: [{ expr: 'sum by (job) (rate(up[5m]))', legend: '{{job}}' }],
        },
        { title: 'Up', type: 'stat', queries: [{ expr: 'sum(up)' }] },
      ],
    },
    { panels: [{ title: 'Up', type: 'table', queries: [{ expr: 'up' }] }] },
  ],
};

interface Exported {
  title: string;
  uid: string;
  __inputs: { name: string; type: string; pluginId: string }[];
  panels: { type: string; title: string }[];
}

describe('GET /api/v1/dashboards/{id}/grafana', () => {
  let server: TempServer;
  before(async () => {
    server = await startTempServer((c) => ({ ...c, dashboards: { ...c.dashboards, definitions: [API] } }));
  });
  after(() => server.dispose());

  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  it('downloads the dashboard as a Grafana JSON file', async () => {
    const res = await get('/api/v1/dashboards/api/grafana');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="api.grafana.json"');
    const body = (await res.json()) as Exported;
    assert.deepEqual(grafanaShapeProblems(body), []);
    assert.equal(body.title, 'API');
    assert.deepEqual(
      body.__inputs.map((i) => [i.name, i.type, i.pluginId]),
      [['DS_PROMETHEUS', 'datasource', 'prometheus']],
    );
    assert.deepEqual(
      body.panels.map((p) => [p.type, p.title]),
      [
        ['row', 'Traffic'],
        ['timeseries', 'Requests'],
        ['stat', 'Up'],
        ['row', ''],
        ['table', 'Up'],
      ],
    );
  });

  it('exports the built-in views the dashboard build ships (Overview here)', async () => {
    const res = await get('/api/v1/dashboards/overview/grafana');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Exported;
    assert.deepEqual(grafanaShapeProblems(body), []);
    assert.equal(body.title, 'Overview');
    assert.ok(body.panels.some((p) => p.title === 'Requests'));
    const list = (await (await get('/api/v1/dashboards')).json()) as { data: { id: string }[] };
    assert.deepEqual(
      list.data.map((d) => d.id),
      ['api'],
      'the list stays the user dashboards: the UI has its built-in views already',
    );
  });

  it('downloads one panel, by index or by a title only one panel has', async () => {
    const byIndex = await get('/api/v1/dashboards/api/grafana?panel=1');
    assert.equal(byIndex.status, 200);
    assert.equal(
      byIndex.headers.get('content-disposition'),
      'attachment; filename="api-panel-1.grafana.json"',
    );
    const one = (await byIndex.json()) as Exported;
    assert.deepEqual(grafanaShapeProblems(one), []);
    assert.equal(one.title, 'API: Up');
    assert.deepEqual(
      one.panels.map((p) => [p.type, p.title]),
      [['stat', 'Up']],
    );

    const byTitle = (await (await get('/api/v1/dashboards/api/grafana?panel=Requests')).json()) as Exported;
    assert.deepEqual(
      byTitle.panels.map((p) => [p.type, p.title]),
      [['timeseries', 'Requests']],
    );
  });

  it('answers 404 in Prometheus error JSON for an unknown dashboard or panel', async () => {
    const cases: [string, string][] = [
      ['/api/v1/dashboards/nope/grafana', 'no dashboard with id "nope"'],
      ['/api/v1/dashboards/api/grafana?panel=3', 'dashboard "api" has 3 panels (0 to 2); no panel 3'],
      ['/api/v1/dashboards/api/grafana?panel=Latency', 'dashboard "api" has no panel titled "Latency"'],
      [
        '/api/v1/dashboards/api/grafana?panel=Up',
        'dashboard "api" has 2 panels titled "Up" (at 1, 2); pass the index',
      ],
    ];
    for (const [path, error] of cases) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await res.json(), { status: 'error', errorType: 'not_found', error }, path);
    }
  });

  it('answers other methods with 405 and leaves other paths to the rest of the server', async () => {
    const res = await get('/api/v1/dashboards/api/grafana', { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, OPTIONS');
    await res.text();
    const list = (await (await get('/api/v1/dashboards')).json()) as { data: DashboardDefinition[] };
    assert.deepEqual(
      list.data.map((d) => d.id),
      ['api'],
    );
    assert.equal((await get('/api/v1/dashboards/api/grafana/x')).status, 404);
  });
});
