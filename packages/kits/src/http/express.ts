/**
 * Express 5 (and connect-style) middleware. Mount it first: `app.use(expressHttpMetrics())`.
 * The route is read when the response ends, from what Express's router left on the request:
 * `req.baseUrl + req.route.path` (`/api` + `/users/:id`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidConfigError } from '@telemeter/core';
import { HttpServerMetrics } from './http-server-metrics.js';
import type { HttpServerMetricsOptions } from './options.js';
import { ResponseTracker } from './response-tracker.js';

/** The fields of an Express request read here (no runtime dependency on express). */
interface ExpressRequestLike extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown } | undefined;
}

export interface ExpressHttpMetricsOptions<Req extends IncomingMessage = IncomingMessage>
  extends HttpServerMetricsOptions {
  /**
   * Overrides the route template (read when the response ends): a string, `undefined` for the
   * default (`req.baseUrl + req.route.path`), or `null` to leave the request out of the histograms.
   */
  route?: (req: Req) => string | null | undefined;
}

/** Express/connect middleware; `metrics` holds the metric set (e.g. to unregister it). */
export interface ExpressHttpMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  readonly metrics: HttpServerMetrics;
}

/**
 * The route template Express matched. `req.baseUrl` is the *matched* prefix of a mounted router,
 * so a mount path with parameters (`app.use('/users/:id/posts', router)`) puts real values in it:
 * give such apps a `route` option (or mount parameterless prefixes). Core's cardinality limit
 * bounds the damage either way.
 */
export function expressRoute(req: IncomingMessage): string | undefined {
  const route = (req as ExpressRequestLike).route;
  if (route === undefined || route === null) return undefined;
  const path = route.path;
  const template = typeof path === 'string' ? path : String(path);
  const base = (req as ExpressRequestLike).baseUrl;
  return base ? base + template : template;
}

/**
 * Express middleware recording `http_server_request_duration_seconds`, body sizes and in-flight
 * requests. 404s from Express's final handler count as `unmatched`; errors as their 5xx status.
 */
export function expressHttpMetrics<Req extends IncomingMessage = IncomingMessage>(
  options: ExpressHttpMetricsOptions<Req> = {},
): ExpressHttpMiddleware {
  const custom = options?.route;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new InvalidConfigError('route', 'route must be a function (req) => route template');
  }
  const metrics = new HttpServerMetrics(options);
  const tracker = new ResponseTracker<undefined>(
    metrics,
    custom === undefined
      ? (res) => expressRoute(res.req)
      : (res) => {
          const found = custom(res.req as Req);
          return found === undefined ? expressRoute(res.req) : found;
        },
  );
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    tracker.track(req, res, undefined);
    next();
  };
  return Object.assign(middleware, { metrics });
}
