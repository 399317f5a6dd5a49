// The views that ship with the dashboard, in nav order.
import type { DashboardDefinition } from '../definition.js';
import { cachesDashboard } from './caches.js';
import { httpDashboard } from './http.js';
import { overviewDashboard } from './overview.js';
import { runtimeDashboard } from './runtime.js';
import { systemDashboard } from './system.js';

export const BUILTIN_DASHBOARDS: readonly DashboardDefinition[] = [
  overviewDashboard,
  systemDashboard,
  runtimeDashboard,
  httpDashboard,
  cachesDashboard,
];

export function builtinDashboard(id: string): DashboardDefinition | undefined {
  return BUILTIN_DASHBOARDS.find((d) => d.id === id);
}
