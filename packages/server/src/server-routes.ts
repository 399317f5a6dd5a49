/**
 * Route templates of the server's own endpoints, for the HTTP kit's `http_route` label (never the
 * raw path), and which of them write data or change state (those need the token).
 */
export const SERVER_ROUTES = [
  '/',
  '/assets/*',
  '/metrics',
  '/health',
  '/ready',
  '/-/healthy',
  '/-/ready',
  '/-/reload',
  '/api/v1/write',
  '/api/v1/import',
  '/api/v1/import/prometheus',
  '/api/v1/admin/reset',
  '/api/v1/admin/tsdb/delete_series',
  '/api/v1/query',
  '/api/v1/query_range',
  '/api/v1/query_exemplars',
  '/api/v1/format_query',
  '/api/v1/series',
  '/api/v1/labels',
  '/api/v1/label/:name/values',
  '/api/v1/metadata',
  '/api/v1/targets',
  '/api/v1/targets/metadata',
  '/api/v1/rules',
  '/api/v1/alerts',
  '/api/v1/status/:page',
  '/api/v1/stream',
  '/api/v1/dashboards',
] as const;

const PROTECTED_PATHS = new Set([
  '/-/reload',
  '/api/v1/write',
  '/api/v1/import',
  '/api/v1/import/prometheus',
  '/api/v1/admin/reset',
  '/api/v1/admin/tsdb/delete_series',
]);

export function isProtectedRoute(_method: string, path: string): boolean {
  return PROTECTED_PATHS.has(path) || path.startsWith('/api/v1/admin/');
}
