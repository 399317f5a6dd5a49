/**
 * A dashboard is data: rows of panels, each a PromQL query with a unit and a chart type. The
 * built-in views use this format, and users add their own through `dashboards:` in telemeter.yml
 * (YAML or JSON files). Format reference: docs/dashboards.md.
 */

/** How a value is formatted: seconds → "120 ms", bytes → "1.5 MiB", percent (0–100), ratio (0–1 shown as %). */
export type PanelUnit =
  | 'seconds'
  | 'milliseconds'
  | 'bytes'
  | 'bytes_per_second'
  | 'percent'
  | 'ratio'
  | 'per_second'
  | 'count'
  | 'none';

export type PanelType = 'timeseries' | 'stat' | 'table' | 'bar';

export interface PanelThreshold {
  /** At or above this value the panel shows `color`. */
  readonly value: number;
  readonly color: 'green' | 'yellow' | 'orange' | 'red' | 'blue';
}

export interface PanelQuery {
  readonly expr: string;
  /**
   * Series name in the legend: `{{label}}` placeholders as in Grafana, e.g. `{{http_route}} {{method}}`;
   * default: the series' labels.
   */
  readonly legend?: string;
}

export interface PanelDefinition {
  readonly title: string;
  readonly type: PanelType;
  readonly queries: readonly PanelQuery[];
  readonly unit?: PanelUnit;
  readonly description?: string;
  readonly thresholds?: readonly PanelThreshold[];
  /** Width in twelfths of the row (default: the row's width shared equally). */
  readonly width?: number;
  /** timeseries only: stack the series. */
  readonly stacked?: boolean;
  /** What to tell the user when the queries return nothing, e.g. how to add a scrape target. */
  readonly emptyText?: string;
}

export interface RowDefinition {
  readonly title?: string;
  readonly panels: readonly PanelDefinition[];
}

export interface DashboardDefinition {
  /** URL-safe id: `[a-z0-9-]+`; the dashboard is at `#/d/<id>`. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Template variables later; the rows now. */
  readonly rows: readonly RowDefinition[];
}
