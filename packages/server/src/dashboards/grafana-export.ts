// A telemeter dashboard as Grafana dashboard JSON, shaped as Grafana's own "Export for sharing
// externally" writes it: the data source is an `__inputs` entry (`${DS_PROMETHEUS}`), so the
// import asks which Prometheus data source to use (point it at telemeter's /api/v1). Pure: the
// same definition gives the same JSON. Format reference: docs/dashboards.md, "Export to Grafana".
import type { DashboardDefinition, PanelDefinition, PanelQuery, PanelThreshold } from './definition.js';
import {
  DATASOURCE_INPUT,
  GRAFANA_COLUMNS,
  GRAFANA_MIN_VERSION,
  GRAFANA_PANEL_TYPES,
  GRAFANA_SCHEMA_VERSION,
  GRAFANA_UNITS,
  type GrafanaDashboard,
  type GrafanaDatasourceRef,
  type GrafanaGridPos,
  type GrafanaPanel,
  type GrafanaRequirement,
  type GrafanaRowPanel,
  type GrafanaTarget,
  type GrafanaThresholdStep,
} from './grafana-model.js';
import { typeOptions } from './grafana-panel-types.js';

export interface GrafanaExportOptions {
  /** The `__inputs` name the data source is picked for at import; default `DS_PROMETHEUS`. */
  readonly datasourceInput?: string;
}

export interface GrafanaPanelOptions extends GrafanaExportOptions {
  /** Unique within the dashboard; default 1. */
  readonly id?: number;
  /** Default: top left, the panel's width, its type's height. */
  readonly gridPos?: GrafanaGridPos;
}

/** Grid rows (30 px each) per panel type: a stat is a number, the rest draw ~200 px of chart. */
const HEIGHTS: Readonly<Record<PanelDefinition['type'], number>> = {
  timeseries: 8,
  stat: 4,
  table: 8,
  bar: 8,
};
/** Grafana's uid is at most 40 characters. */
const UID_MAX = 40;
const UID_PREFIX = 'telemeter-';

const datasourceRef = (options: GrafanaExportOptions | undefined): GrafanaDatasourceRef => ({
  type: 'prometheus',
  uid: `\${${options?.datasourceInput ?? DATASOURCE_INPUT}}`,
});

/** A, B, …, Z, then AA, AB, … as Grafana names further queries. */
export function refId(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : refId(Math.floor(index / 26) - 1) + letter;
}

/**
 * Telemeter's legend templates are Grafana's (`{{label}}`); spaces inside the braces, which
 * telemeter allows, are dropped so every Grafana version reads them. No legend is Grafana's
 * `__auto` (the series' labels), as telemeter shows the labels.
 */
export function legendFormat(legend: string | undefined): string {
  if (legend === undefined || legend.trim() === '') return '__auto';
  return legend.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, '{{$1}}');
}

/**
 * Telemeter colours a value at or above a threshold; below the lowest one it has no threshold
 * colour. Grafana's steps are the same shape with a base step (value null) below the others,
 * which is its `text` colour (the value drawn plainly).
 */
export function thresholdSteps(thresholds: readonly PanelThreshold[] | undefined): GrafanaThresholdStep[] {
  const sorted = [...(thresholds ?? [])].sort((a, b) => a.value - b.value);
  return [{ value: null, color: 'text' }, ...sorted.map((t) => ({ value: t.value, color: t.color }))];
}

function target(
  query: PanelQuery,
  index: number,
  panel: PanelDefinition,
  ds: GrafanaDatasourceRef,
): GrafanaTarget {
  // Stat, table and bar show the newest value of each series: an instant query in Grafana.
  const instant = panel.type !== 'timeseries';
  return {
    refId: refId(index),
    datasource: ds,
    expr: query.expr,
    legendFormat: legendFormat(query.legend),
    range: !instant,
    instant,
    ...(panel.type === 'table' ? { format: 'table' as const } : {}),
    editorMode: 'code',
  };
}

/** One telemeter panel as a Grafana panel (without its dashboard's `__inputs`). */
export function toGrafanaPanel(panel: PanelDefinition, options?: GrafanaPanelOptions): GrafanaPanel {
  const ds = datasourceRef(options);
  const { colorMode, custom, options: panelOptions, transformations } = typeOptions(panel);
  return {
    id: options?.id ?? 1,
    type: GRAFANA_PANEL_TYPES[panel.type].id,
    title: panel.title,
    ...(panel.description !== undefined ? { description: panel.description } : {}),
    datasource: ds,
    gridPos: options?.gridPos ?? { x: 0, y: 0, w: gridWidth(panel.width ?? 12), h: HEIGHTS[panel.type] },
    targets: panel.queries.map((q, i) => target(q, i, panel, ds)),
    fieldConfig: {
      defaults: {
        ...(panel.unit !== undefined ? { unit: GRAFANA_UNITS[panel.unit] } : {}),
        color: { mode: colorMode },
        thresholds: { mode: 'absolute', steps: thresholdSteps(panel.thresholds) },
        ...(custom !== undefined ? { custom } : {}),
        ...(panel.emptyText !== undefined ? { noValue: panel.emptyText } : {}),
      },
      overrides: [],
    },
    options: panelOptions,
    ...(transformations !== undefined ? { transformations } : {}),
  };
}

const gridWidth = (twelfths: number) => Math.min(GRAFANA_COLUMNS, Math.max(1, Math.round(twelfths)) * 2);

/** Telemeter's widths (dashboard panel-spans.ts): a panel's own, or an equal share of what is left. */
function spans(panels: readonly PanelDefinition[]): number[] {
  const given = panels.reduce((sum, p) => sum + (p.width ?? 0), 0);
  const free = panels.filter((p) => p.width === undefined).length;
  const share = free === 0 ? 0 : Math.max(1, Math.floor((12 - Math.min(12, given)) / free));
  return panels.map((p) => Math.min(12, Math.max(1, Math.round(p.width ?? share))));
}

/**
 * The whole dashboard. Each titled row becomes a Grafana row panel; an untitled row after a
 * titled one gets an untitled row panel, so its panels do not fold into the row above. Panels go
 * left to right, wrapping past 24 columns as telemeter's grid wraps past 12, and the panels of
 * one line share the tallest one's height, as telemeter's cells stretch.
 */
export function toGrafanaDashboard(
  definition: DashboardDefinition,
  options?: GrafanaExportOptions,
): GrafanaDashboard {
  const panels: (GrafanaPanel | GrafanaRowPanel)[] = [];
  let nextId = 1;
  let y = 0;
  let titledRowSeen = false;
  for (const row of definition.rows) {
    if (row.title !== undefined || titledRowSeen) {
      titledRowSeen = true;
      const gridPos = { x: 0, y, w: GRAFANA_COLUMNS, h: 1 };
      panels.push({
        id: nextId++,
        type: 'row',
        title: row.title ?? '',
        collapsed: false,
        gridPos,
        panels: [],
      });
      y += 1;
    }
    const widths = spans(row.panels).map(gridWidth);
    let line: { panel: PanelDefinition; x: number; w: number }[] = [];
    const flush = () => {
      const h = Math.max(...line.map((l) => HEIGHTS[l.panel.type]));
      for (const l of line) {
        panels.push(toGrafanaPanel(l.panel, { ...options, id: nextId++, gridPos: { x: l.x, y, w: l.w, h } }));
      }
      y += h;
      line = [];
    };
    let x = 0;
    row.panels.forEach((panel, i) => {
      const w = widths[i] ?? GRAFANA_COLUMNS;
      if (x + w > GRAFANA_COLUMNS) {
        flush();
        x = 0;
      }
      line.push({ panel, x, w });
      x += w;
    });
    if (line.length > 0) flush();
  }
  return {
    __inputs: [
      {
        name: options?.datasourceInput ?? DATASOURCE_INPUT,
        label: 'Prometheus',
        description: 'telemeter, e.g. a Prometheus data source at http://127.0.0.1:9464',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __elements: {},
    __requires: requirements(definition),
    id: null,
    uid: (UID_PREFIX + definition.id).slice(0, UID_MAX),
    title: definition.title,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    tags: ['telemeter'],
    timezone: 'browser',
    editable: true,
    // Telemeter's charts share one cursor; 1 is Grafana's shared crosshair.
    graphTooltip: 1,
    // Telemeter's default window (15 minutes), kept current as its live view is.
    time: { from: 'now-15m', to: 'now' },
    timepicker: {},
    refresh: '30s',
    templating: { list: [] },
    annotations: { list: [] },
    links: [],
    panels,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
  };
}

/** `__requires` as Grafana's exporter writes it, sorted by id. */
function requirements(definition: DashboardDefinition): GrafanaRequirement[] {
  const used = new Set(definition.rows.flatMap((r) => r.panels.map((p) => GRAFANA_PANEL_TYPES[p.type])));
  return [
    { type: 'grafana' as const, id: 'grafana', name: 'Grafana', version: GRAFANA_MIN_VERSION },
    { type: 'datasource' as const, id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ...[...used].map((p) => ({ type: 'panel' as const, id: p.id, name: p.name, version: '' })),
  ].sort((a, b) => a.id.localeCompare(b.id));
}

/** The panels of a dashboard in reading order (rows top to bottom, each left to right). */
export function dashboardPanels(definition: DashboardDefinition): PanelDefinition[] {
  return definition.rows.flatMap((r) => r.panels);
}

/**
 * One panel of a dashboard alone, full width in a dashboard of its own (uid and title say which
 * dashboard it came from), so it imports the same way a dashboard does.
 */
export function toGrafanaPanelDashboard(
  definition: DashboardDefinition,
  panelIndex: number,
  options?: GrafanaExportOptions,
): GrafanaDashboard {
  const panel = dashboardPanels(definition)[panelIndex];
  if (panel === undefined) {
    throw new RangeError(`dashboard "${definition.id}" has no panel ${panelIndex}`);
  }
  return toGrafanaDashboard(
    {
      id: `${definition.id}-${panelIndex}`,
      title: `${definition.title}: ${panel.title}`,
      rows: [{ panels: [{ ...panel, width: 12 }] }],
    },
    options,
  );
}
