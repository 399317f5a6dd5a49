// GET /api/v1/dashboards/{id}/grafana[?panel=<index or title>]: a dashboard, or one of its
// panels, as a Grafana dashboard JSON file to import (grafana-export.ts).
import { type ApiResponse, jsonResponse, type RouteHandler } from '../http/types.js';
import type { DashboardDefinition } from './definition.js';
import { dashboardPanels, toGrafanaDashboard, toGrafanaPanelDashboard } from './grafana-export.js';

const GRAFANA_PATH = /^\/api\/v1\/dashboards\/([^/]+)\/grafana\/?$/;

const apiError = (status: number, errorType: string, error: string): ApiResponse =>
  jsonResponse(status, { status: 'error', errorType, error });

/**
 * `panel` is a 0-based index over the dashboard's panels in reading order (rows top to bottom,
 * each left to right), or a panel title (exact, and only when one panel has it).
 */
function findPanel(definition: DashboardDefinition, ref: string): number | string {
  const panels = dashboardPanels(definition);
  if (/^\d+$/.test(ref)) {
    const index = Number(ref);
    return index < panels.length
      ? index
      : `dashboard "${definition.id}" has ${panels.length} panels (0 to ${panels.length - 1}); no panel ${index}`;
  }
  const matches = panels.flatMap((p, i) => (p.title === ref ? [i] : []));
  if (matches.length === 1) return matches[0] as number;
  return matches.length === 0
    ? `dashboard "${definition.id}" has no panel titled ${JSON.stringify(ref)}`
    : `dashboard "${definition.id}" has ${matches.length} panels titled ${JSON.stringify(ref)} (at ${matches.join(', ')}); pass the index`;
}

/** Answers the export route over the dashboards `current()` returns at each request. */
export function createGrafanaExportHandler(current: () => readonly DashboardDefinition[]): RouteHandler {
  return (req) => {
    const match = GRAFANA_PATH.exec(req.path);
    if (match === null) return undefined;
    if (req.method === 'OPTIONS') return { status: 204, headers: { allow: 'GET, OPTIONS' } };
    if (req.method !== 'GET') {
      return {
        status: 405,
        headers: { allow: 'GET, OPTIONS', 'content-type': 'text/plain; charset=utf-8' },
        body: `Method Not Allowed: ${req.path} answers GET\n`,
      };
    }
    let id: string;
    try {
      id = decodeURIComponent(match[1] as string);
    } catch {
      return apiError(400, 'bad_data', `invalid dashboard id ${JSON.stringify(match[1])} in the path`);
    }
    const definition = current().find((d) => d.id === id);
    if (definition === undefined) {
      return apiError(404, 'not_found', `no dashboard with id ${JSON.stringify(id)}`);
    }
    const panelRef = req.params.get('panel');
    let body: unknown;
    let filename = `${definition.id}.grafana.json`;
    if (panelRef === null || panelRef === '') {
      body = toGrafanaDashboard(definition);
    } else {
      const found = findPanel(definition, panelRef);
      if (typeof found === 'string') return apiError(404, 'not_found', found);
      body = toGrafanaPanelDashboard(definition, found);
      filename = `${definition.id}-panel-${found}.grafana.json`;
    }
    return {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-cache',
      },
      body: `${JSON.stringify(body, null, 2)}\n`,
    };
  };
}
