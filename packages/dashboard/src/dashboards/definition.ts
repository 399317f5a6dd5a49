// The dashboard format is owned by the server (packages/server/src/dashboards/definition.ts), which
// validates user dashboards; the browser needs only its types.
export type {
  DashboardDefinition,
  PanelDefinition,
  PanelQuery,
  PanelThreshold,
  PanelType,
  PanelUnit,
  RowDefinition,
} from '@telemeter/server';
