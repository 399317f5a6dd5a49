// The part of Grafana's dashboard JSON model (the "classic" model, schemaVersion 39: Grafana
// 10.4 and 11) that the export writes, and the unit ids it maps telemeter's units to.
// Reference: https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
import type { PanelType, PanelUnit } from './definition.js';

/** What Grafana 10.4 and 11.0 write; a newer Grafana migrates a dashboard up from it on import. */
export const GRAFANA_SCHEMA_VERSION = 39;
/** The oldest Grafana whose own export writes schemaVersion 39. */
export const GRAFANA_MIN_VERSION = '10.4.0';
/** The import input a data source is picked for, as Grafana's "Export for sharing externally" names a data source called "Prometheus". */
export const DATASOURCE_INPUT = 'DS_PROMETHEUS';
/** Grafana's dashboard grid is 24 columns wide; telemeter's rows are 12. */
export const GRAFANA_COLUMNS = 24;

export interface GrafanaDatasourceRef {
  readonly type: 'prometheus';
  readonly uid: string;
}

export interface GrafanaGridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface GrafanaTarget {
  readonly refId: string;
  readonly datasource: GrafanaDatasourceRef;
  readonly expr: string;
  readonly legendFormat: string;
  readonly range: boolean;
  readonly instant: boolean;
  readonly format?: 'time_series' | 'table';
  readonly editorMode: 'code';
}

export interface GrafanaThresholdStep {
  /** null for the base step: the colour below every threshold. */
  readonly value: number | null;
  readonly color: string;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat' | 'table' | 'barchart';
  readonly title: string;
  readonly description?: string;
  readonly datasource: GrafanaDatasourceRef;
  readonly gridPos: GrafanaGridPos;
  readonly targets: readonly GrafanaTarget[];
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit?: string;
      readonly color: { readonly mode: string };
      readonly thresholds: { readonly mode: 'absolute'; readonly steps: readonly GrafanaThresholdStep[] };
      readonly custom?: Readonly<Record<string, unknown>>;
      readonly noValue?: string;
    };
    readonly overrides: readonly unknown[];
  };
  readonly options: Readonly<Record<string, unknown>>;
  readonly transformations?: readonly unknown[];
}

export interface GrafanaRowPanel {
  readonly id: number;
  readonly type: 'row';
  readonly title: string;
  readonly collapsed: false;
  readonly gridPos: GrafanaGridPos;
  readonly panels: readonly [];
}

export interface GrafanaInput {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly type: 'datasource';
  readonly pluginId: 'prometheus';
  readonly pluginName: 'Prometheus';
}

export interface GrafanaRequirement {
  readonly type: 'grafana' | 'datasource' | 'panel';
  readonly id: string;
  readonly name: string;
  readonly version: string;
}

export interface GrafanaDashboard {
  readonly __inputs: readonly GrafanaInput[];
  readonly __elements: Readonly<Record<string, never>>;
  readonly __requires: readonly GrafanaRequirement[];
  readonly id: null;
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly timezone: 'browser';
  readonly editable: true;
  readonly graphTooltip: 0 | 1 | 2;
  readonly time: { readonly from: string; readonly to: string };
  readonly timepicker: Readonly<Record<string, never>>;
  readonly refresh: string;
  readonly templating: { readonly list: readonly [] };
  readonly annotations: { readonly list: readonly [] };
  readonly links: readonly [];
  readonly panels: readonly (GrafanaPanel | GrafanaRowPanel)[];
  readonly schemaVersion: number;
  readonly version: number;
}

/** Grafana's panel plugin id and display name for each telemeter panel type. */
export const GRAFANA_PANEL_TYPES: Readonly<
  Record<PanelType, { readonly id: GrafanaPanel['type']; readonly name: string }>
> = {
  timeseries: { id: 'timeseries', name: 'Time series' },
  stat: { id: 'stat', name: 'Stat' },
  table: { id: 'table', name: 'Table' },
  bar: { id: 'barchart', name: 'Bar chart' },
};

/**
 * Grafana unit ids (packages/grafana-data/src/valueFormats/categories.ts) that print values as
 * telemeter prints them (docs/dashboards.md, "Units"):
 * - `bytes` is Grafana's "bytes(IEC)" (KiB, MiB), as telemeter's; `bytes_per_second` is
 *   `binBps`, "bytes/sec(IEC)", because Grafana's `Bps` is the SI one (kB/s, 1000-based).
 * - `percent` takes 0–100 (`percent`), `ratio` 0–1 (`percentunit`): both print "%".
 * - `per_second` is `ops` ("ops/s"), not `reqps` ("req/s"): telemeter's unit is any rate
 *   (requests, cache hits, GC runs), and "ops" is Grafana's unit for a rate of anything.
 * - `count` and `none` are `short`: telemeter prints both as plain numbers with SI prefixes,
 *   which Grafana's `short` does and its `none` (no scaling) does not.
 */
export const GRAFANA_UNITS: Readonly<Record<PanelUnit, string>> = {
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
