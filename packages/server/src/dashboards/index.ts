// User dashboards: the file format (definition.ts), its checker, the files telemeter.yml lists
// and GET /api/v1/dashboards. Format reference: docs/dashboards.md.

export type {
  DashboardDefinition,
  PanelDefinition,
  PanelQuery,
  PanelThreshold,
  PanelType,
  PanelUnit,
  RowDefinition,
} from './definition.js';
export { DashboardError, type DashboardIssue } from './errors.js';
export {
  type DashboardFileIssue,
  type DashboardFiles,
  loadDashboardFiles,
  readDashboardFiles,
} from './files.js';
export {
  type GrafanaExportOptions,
  type GrafanaPanelOptions,
  toGrafanaDashboard,
  toGrafanaPanel,
  toGrafanaPanelDashboard,
} from './grafana-export.js';
export type { GrafanaDashboard, GrafanaPanel } from './grafana-model.js';
export { parseDashboard } from './parse.js';
export { createDashboardsHandler, DASHBOARDS_PATH } from './route.js';
export { PANEL_TYPES, PANEL_UNITS, THRESHOLD_COLORS } from './schema.js';
