// toGrafanaDashboard / toGrafanaPanel against what Grafana's documentation says its dashboard
// JSON is:
// - JSON model (fields, panels, gridPos `w` 1-24 of a 24-column grid, `h` in 30 px units):
//   https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
// - Export for sharing externally and import (`__inputs` of type datasource with pluginId,
//   panels using `${DS_…}`, the import asking for the data source):
//   https://grafana.com/docs/grafana/v7.4/dashboards/export-import/ and
//   https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/import-dashboards/
//   (the exporter itself: grafana/grafana public/app/features/dashboard/components/DashExportModal/DashboardExporter.ts)
// - Unit ids: grafana/grafana packages/grafana-data/src/valueFormats/categories.ts
//   (`percent` "Percent (0-100)", `percentunit` "Percent (0.0-1.0)", `binBps` "bytes/sec(IEC)",
//   `Bps` "bytes/sec(SI)", `ops` "ops/sec", `reqps` "requests/sec", `short`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PanelDefinition, PanelUnit } from './definition.js';
import {
  legendFormat,
  refId,
  thresholdSteps,
  toGrafanaDashboard,
  toGrafanaPanel,
  toGrafanaPanelDashboard,
} from './grafana-export.js';
import type { GrafanaPanel } from './grafana-model.js';
import { parseDashboard } from './parse.js';
import { PANEL_UNITS } from './schema.js';
import { arbitraryDashboard } from './testing/arbitrary-dashboard.js';
import { grafanaShapeProblems } from './testing/grafana-shape.js';

// The example of docs/dashboards.md.
const API = parseDashboard(
  `id: api
title: API
description: The public HTTP API
rows:
  - title: Traffic
    panels:
      - title: Requests per second by route
        unit: per_second
        stacked: true
        width: 8
        queries:
          - expr: sum by (http_route) (rate(http_server_request_duration_seconds_count{job="api"}[$__rate_interval]))
            legend: "{{ http_route }}"
      - title: Errors
        type: stat
        unit: ratio
        width: 4
        thresholds: [{ value: 0.05, color: red }, { value: 0, color: green }, { value: 0.01, color: orange }]
        queries: [{ expr: 'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))' }]
  - title: Latency
    panels:
      - title: p50 and p99
        unit: seconds
        thresholds: [{ value: 0.5, color: red }]
        queries:
          - { expr: 'histogram_quantile(0.5, sum by (le) (rate(x_bucket[5m])))', legend: p50 }
          - { expr: 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))', legend: p99 }
      - title: In flight
        unit: count
        queries: [{ expr: 'sum(http_server_active_requests{job="api"})' }]
`,
  'api.yml',
);

/** How a panel names an import input: `${DS_PROMETHEUS}`. */
const inputRef = (name: string) => `\${${name}}`;

const panelsOf = (d: ReturnType<typeof toGrafanaDashboard>) =>
  d.panels.filter((p): p is GrafanaPanel => p.type !== 'row');

describe('toGrafanaDashboard', () => {
  const exported = toGrafanaDashboard(API);

  it('asks for a Prometheus data source at import, as "Export for sharing externally" does', () => {
    assert.deepEqual(grafanaShapeProblems(exported), []);
    assert.equal(exported.__inputs.length, 1);
    assert.deepEqual(
      { ...exported.__inputs[0], description: undefined },
      {
        name: 'DS_PROMETHEUS',
        label: 'Prometheus',
        description: undefined,
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    );
    for (const panel of panelsOf(exported)) {
      assert.deepEqual(panel.datasource, { type: 'prometheus', uid: inputRef('DS_PROMETHEUS') });
      for (const t of panel.targets) assert.deepEqual(t.datasource, panel.datasource);
    }
    assert.deepEqual(
      exported.__requires.map((r) => `${r.type}:${r.id}`),
      ['grafana:grafana', 'datasource:prometheus', 'panel:stat', 'panel:timeseries'],
    );
    assert.equal(exported.id, null);
    assert.equal(exported.uid, 'telemeter-api');
    assert.equal(exported.title, 'API');
    assert.equal(exported.description, 'The public HTTP API');
    assert.equal(exported.schemaVersion, 39);
  });

  it('lays rows out as row panels and twelfths as twenty-fourths, left to right', () => {
    assert.deepEqual(
      exported.panels.map((p) => [p.id, p.type, p.title, p.gridPos]),
      [
        [1, 'row', 'Traffic', { x: 0, y: 0, w: 24, h: 1 }],
        [2, 'timeseries', 'Requests per second by route', { x: 0, y: 1, w: 16, h: 8 }],
        [3, 'stat', 'Errors', { x: 16, y: 1, w: 8, h: 8 }],
        [4, 'row', 'Latency', { x: 0, y: 9, w: 24, h: 1 }],
        [5, 'timeseries', 'p50 and p99', { x: 0, y: 10, w: 12, h: 8 }],
        [6, 'timeseries', 'In flight', { x: 12, y: 10, w: 12, h: 8 }],
      ],
    );
  });

  it('writes each query as a target with refId A, B, … and the legend in Grafana syntax', () => {
    const [requests, errors, latency] = panelsOf(exported);
    assert.deepEqual(
      latency?.targets.map((t) => [t.refId, t.expr, t.legendFormat, t.range, t.instant]),
      [
        ['A', 'histogram_quantile(0.5, sum by (le) (rate(x_bucket[5m])))', 'p50', true, false],
        ['B', 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))', 'p99', true, false],
      ],
    );
    // $__rate_interval is Grafana's own placeholder: it stays.
    assert.match(requests?.targets[0]?.expr ?? '', /\[\$__rate_interval\]\)\)$/);
    assert.equal(requests?.targets[0]?.legendFormat, '{{http_route}}');
    assert.equal(errors?.targets[0]?.legendFormat, '__auto');
    assert.equal(errors?.targets[0]?.instant, true, 'a stat shows the newest value');
  });

  it('maps units, stacking and thresholds into fieldConfig', () => {
    const [requests, errors, latency, inFlight] = panelsOf(exported);
    assert.deepEqual(
      [requests, errors, latency, inFlight].map((p) => p?.fieldConfig.defaults.unit),
      ['ops', 'percentunit', 's', 'short'],
    );
    assert.deepEqual(requests?.fieldConfig.defaults.custom?.stacking, { mode: 'normal', group: 'A' });
    assert.deepEqual(errors?.fieldConfig.defaults.thresholds, {
      mode: 'absolute',
      steps: [
        { value: null, color: 'text' },
        { value: 0, color: 'green' },
        { value: 0.01, color: 'orange' },
        { value: 0.05, color: 'red' },
      ],
    });
    assert.deepEqual(latency?.fieldConfig.defaults.custom?.thresholdsStyle, { mode: 'line' });
    assert.deepEqual(inFlight?.fieldConfig.defaults.custom?.thresholdsStyle, { mode: 'off' });
  });

  it('wraps a row wider than twelve columns and gives a line the height of its tallest panel', () => {
    const panel = (title: string, type: PanelDefinition['type'], width?: number): PanelDefinition => ({
      title,
      type,
      queries: [{ expr: 'up' }],
      ...(width !== undefined ? { width } : {}),
    });
    const d = toGrafanaDashboard({
      id: 'wrap',
      title: 'Wrap',
      rows: [
        { panels: [panel('a', 'stat', 8), panel('b', 'stat', 8), panel('c', 'table', 4)] },
        { panels: [panel('d', 'stat'), panel('e', 'stat')] },
        { title: 'Titled', panels: [panel('f', 'bar', 12)] },
        { panels: [panel('g', 'timeseries', 12)] },
      ],
    });
    assert.deepEqual(grafanaShapeProblems(d), []);
    assert.deepEqual(
      d.panels.map((p) => [p.type, p.title, p.gridPos]),
      [
        ['stat', 'a', { x: 0, y: 0, w: 16, h: 4 }],
        ['stat', 'b', { x: 0, y: 4, w: 16, h: 8 }],
        ['table', 'c', { x: 16, y: 4, w: 8, h: 8 }],
        ['stat', 'd', { x: 0, y: 12, w: 12, h: 4 }],
        ['stat', 'e', { x: 12, y: 12, w: 12, h: 4 }],
        ['row', 'Titled', { x: 0, y: 16, w: 24, h: 1 }],
        ['barchart', 'f', { x: 0, y: 17, w: 24, h: 8 }],
        // An untitled row after a titled one gets its own (untitled) row, not the one above.
        ['row', '', { x: 0, y: 25, w: 24, h: 1 }],
        ['timeseries', 'g', { x: 0, y: 26, w: 24, h: 8 }],
      ],
    );
  });

  it('gives every valid dashboard a structurally valid Grafana dashboard (property)', () => {
    fc.assert(
      fc.property(arbitraryDashboard(), (value) => {
        const definition = parseDashboard(JSON.stringify(value));
        const d = toGrafanaDashboard(definition);
        assert.deepEqual(grafanaShapeProblems(d), []);
        const count = definition.rows.reduce((n, r) => n + r.panels.length, 0);
        assert.equal(panelsOf(d).length, count);
        assert.deepEqual(JSON.parse(JSON.stringify(d)), d, 'plain JSON');
      }),
      { numRuns: 150 },
    );
  });
});

describe('toGrafanaPanel', () => {
  const base: PanelDefinition = { title: 'P', type: 'timeseries', queries: [{ expr: 'up' }] };

  it('maps every telemeter unit to the Grafana unit that prints it the same way', () => {
    const expected: Record<PanelUnit, string> = {
      seconds: 's',
      milliseconds: 'ms',
      bytes: 'bytes',
      bytes_per_second: 'binBps',
      percent: 'percent',
      ratio: 'percentunit',
      per_second: 'ops',
      count: 'short',
      none: 'short',
    };
    for (const unit of PANEL_UNITS) {
      assert.equal(toGrafanaPanel({ ...base, unit }).fieldConfig.defaults.unit, expected[unit], unit);
    }
    assert.equal(toGrafanaPanel(base).fieldConfig.defaults.unit, undefined, 'no unit: Grafana picks');
  });

  it('maps the panel types, bar to barchart with one bar per series', () => {
    const types = (['timeseries', 'stat', 'table', 'bar'] as const).map((type) =>
      toGrafanaPanel({ ...base, type }),
    );
    assert.deepEqual(
      types.map((p) => p.type),
      ['timeseries', 'stat', 'table', 'barchart'],
    );
    const [, stat, table, bar] = types;
    assert.deepEqual(stat?.options.reduceOptions, { calcs: ['lastNotNull'], fields: '', values: false });
    assert.equal(table?.targets[0]?.format, 'table');
    assert.deepEqual(bar?.transformations, [
      { id: 'reduce', options: { mode: 'seriesToRows', reducers: ['lastNotNull'] } },
    ]);
    assert.equal(bar?.options.xField, 'Field');
  });

  it('keeps description and empty text, uses the id and place it is given, and another data source input', () => {
    const p = toGrafanaPanel(
      { ...base, description: 'Why', emptyText: 'Add the job', width: 6 },
      { id: 7, gridPos: { x: 12, y: 3, w: 12, h: 8 }, datasourceInput: 'DS_TELEMETER' },
    );
    assert.equal(p.id, 7);
    assert.equal(p.description, 'Why');
    assert.equal(p.fieldConfig.defaults.noValue, 'Add the job');
    assert.deepEqual(p.gridPos, { x: 12, y: 3, w: 12, h: 8 });
    assert.deepEqual(p.datasource, { type: 'prometheus', uid: inputRef('DS_TELEMETER') });
    assert.deepEqual(toGrafanaPanel({ ...base, width: 6 }).gridPos, { x: 0, y: 0, w: 12, h: 8 });
  });
});

describe('toGrafanaPanelDashboard', () => {
  it('wraps one panel, by reading-order index, full width in a dashboard of its own', () => {
    const d = toGrafanaPanelDashboard(API, 2);
    assert.deepEqual(grafanaShapeProblems(d), []);
    assert.equal(d.title, 'API: p50 and p99');
    assert.equal(d.uid, 'telemeter-api-2');
    assert.deepEqual(
      d.panels.map((p) => [p.id, p.type, p.title, p.gridPos]),
      [[1, 'timeseries', 'p50 and p99', { x: 0, y: 0, w: 24, h: 8 }]],
    );
    assert.throws(() => toGrafanaPanelDashboard(API, 4), /dashboard "api" has no panel 4/);
  });
});

describe('the pieces', () => {
  it('names queries A…Z, then AA, AB, … as Grafana does', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(refId), [
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it("writes legends in Grafana's {{label}} syntax", () => {
    assert.equal(legendFormat('{{ job }}/{{instance}} x'), '{{job}}/{{instance}} x');
    assert.equal(legendFormat(undefined), '__auto');
    assert.equal(legendFormat('  '), '__auto');
    assert.equal(legendFormat('p99'), 'p99');
  });

  it('puts a base step under the thresholds, in order', () => {
    assert.deepEqual(thresholdSteps(undefined), [{ value: null, color: 'text' }]);
    assert.deepEqual(
      thresholdSteps([
        { value: 1, color: 'red' },
        { value: -1, color: 'blue' },
      ]),
      [
        { value: null, color: 'text' },
        { value: -1, color: 'blue' },
        { value: 1, color: 'red' },
      ],
    );
  });

  it('has a shape check that finds what it looks for', () => {
    const d = JSON.parse(JSON.stringify(toGrafanaDashboard(API))) as { panels: Record<string, unknown>[] };
    const [row, first, second] = d.panels;
    (second as { id: unknown }).id = (first as { id: unknown }).id;
    (first as { gridPos: unknown }).gridPos = { x: 20, y: 1, w: 8, h: 8 };
    (row as { gridPos: unknown }).gridPos = { x: 0, y: 0, w: 24, h: 2 };
    assert.deepEqual(grafanaShapeProblems(d), [
      '$.panels[1].gridPos: x 20 w 8 leaves the 24 columns',
      '$.panels[1].gridPos: overlaps $.panels[0]',
      '$.panels[2].id: 2 is used by another panel',
      '$.panels[2].gridPos: overlaps $.panels[0]',
      '$.panels[2].gridPos: overlaps $.panels[1]',
    ]);
  });
});
