import { jsonResponse, type RouteHandler } from '../http/types.js';
import type { DashboardDefinition } from './definition.js';
import { createGrafanaExportHandler } from './grafana-route.js';

export const DASHBOARDS_PATH = '/api/v1/dashboards';

/**
 * `GET /api/v1/dashboards` → `{"status":"success","data":[DashboardDefinition...]}`: the users'
 * dashboards from telemeter.yml's `dashboards.files`, as loaded by the running config (so a
 * reload that changes them is seen at once). The built-in views live in the dashboard itself.
 * `GET /api/v1/dashboards/{id}/grafana` exports one of them, or a built-in view, to Grafana
 * (grafana-route.ts).
 */
/** `exportable`: what the export route serves, the user's and the built-in views (the first of an id wins). */
export function createDashboardsHandler(
  current: () => readonly DashboardDefinition[],
  exportable: () => readonly DashboardDefinition[] = current,
): RouteHandler {
  const grafana = createGrafanaExportHandler(exportable);
  return (req) => {
    if (req.path !== DASHBOARDS_PATH) return grafana(req);
    if (req.method === 'OPTIONS') return { status: 204, headers: { allow: 'GET, OPTIONS' } };
    if (req.method !== 'GET') {
      return {
        status: 405,
        headers: { allow: 'GET, OPTIONS', 'content-type': 'text/plain; charset=utf-8' },
        body: `Method Not Allowed: ${DASHBOARDS_PATH} answers GET\n`,
      };
    }
    return jsonResponse(200, { status: 'success', data: current() }, { 'cache-control': 'no-cache' });
  };
}
