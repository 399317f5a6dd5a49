// The /api/v1 router: which path answers which methods, and one place that turns a thrown error
// into Prometheus's error body.
import type { ApiRequest, ApiResponse, RouteHandler } from '../http/types.js';
import { toApiError } from './errors.js';
import { handleMetadata, handleTargetMetadata, handleTargets } from './metadata-handlers.js';
import { handleFormatQuery, handleQuery, handleQueryExemplars, handleQueryRange } from './query-handlers.js';
import { errorResponse } from './response.js';
import { handleLabels, handleLabelValues, handleSeries } from './series-handlers.js';
import {
  handleAlertmanagers,
  handleAlerts,
  handleBuildInfo,
  handleConfig,
  handleFlags,
  handleRules,
  handleRuntimeInfo,
} from './status-handlers.js';
import { handleTsdbStatus } from './tsdb-status.js';
import type { ApiDeps } from './types.js';

const PREFIX = '/api/v1/';
const GET = ['GET'] as const;
/** Endpoints Prometheus also serves for urlencoded POSTs (long queries, many match[]). */
const GET_POST = ['GET', 'POST'] as const;

interface Route {
  readonly methods: readonly string[];
  readonly handle: (req: ApiRequest, deps: ApiDeps) => ApiResponse | Promise<ApiResponse>;
}

const ROUTES: Readonly<Record<string, Route>> = {
  query: { methods: GET_POST, handle: handleQuery },
  query_range: { methods: GET_POST, handle: handleQueryRange },
  query_exemplars: { methods: GET_POST, handle: (req) => handleQueryExemplars(req) },
  format_query: { methods: GET_POST, handle: (req) => handleFormatQuery(req) },
  series: { methods: GET_POST, handle: handleSeries },
  labels: { methods: GET_POST, handle: handleLabels },
  metadata: { methods: GET, handle: handleMetadata },
  targets: { methods: GET, handle: handleTargets },
  'targets/metadata': { methods: GET, handle: handleTargetMetadata },
  alertmanagers: { methods: GET, handle: () => handleAlertmanagers() },
  rules: { methods: GET, handle: (req) => handleRules(req) },
  alerts: { methods: GET, handle: () => handleAlerts() },
  'status/buildinfo': { methods: GET, handle: (_req, deps) => handleBuildInfo(deps) },
  'status/config': { methods: GET, handle: (_req, deps) => handleConfig(deps) },
  'status/flags': { methods: GET, handle: (_req, deps) => handleFlags(deps) },
  'status/runtimeinfo': { methods: GET, handle: (_req, deps) => handleRuntimeInfo(deps) },
  'status/tsdb': { methods: GET, handle: (req, deps) => handleTsdbStatus(req, deps.db) },
};

const LABEL_VALUES = /^label\/([^/]+)\/values$/;

/**
 * The Prometheus-compatible query API over `deps`. Answers the paths above (and
 * `/api/v1/label/<name>/values`); returns undefined for any other path so the server's other
 * handlers (remote write, import, admin) get their turn.
 */
export function createApiHandler(deps: ApiDeps): RouteHandler {
  return async (req) => {
    if (!req.path.startsWith(PREFIX)) return undefined;
    const sub = req.path.slice(PREFIX.length);
    let route = Object.hasOwn(ROUTES, sub) ? ROUTES[sub] : undefined;
    if (route === undefined) {
      const m = LABEL_VALUES.exec(sub);
      if (m === null) return undefined;
      const rawName = m[1] as string;
      route = { methods: GET, handle: (r, d) => handleLabelValues(r, d, rawName) };
    }
    if (req.method === 'OPTIONS')
      return { status: 204, headers: { allow: [...route.methods, 'OPTIONS'].join(', ') } };
    if (!route.methods.includes(req.method)) {
      return {
        status: 405,
        headers: {
          allow: [...route.methods, 'OPTIONS'].join(', '),
          'content-type': 'text/plain; charset=utf-8',
        },
        body: `Method Not Allowed: ${req.path} answers ${route.methods.join(' and ')}\n`,
      };
    }
    try {
      return await route.handle(req, deps);
    } catch (err) {
      return errorResponse(toApiError(err));
    }
  };
}
