/**
 * Hono 4 middleware: `app.use(honoHttpMetrics())`, registered before the routes.
 *
 * On node:http (@hono/node-server passes `{ incoming, outgoing }` as `c.env`) it follows the raw
 * response like the node:http adapter: duration until the body is sent, aborted requests
 * recorded. Elsewhere (Bun, Deno, workers) it times `await next()`: until the handler returns its
 * Response, sizes from the Content-Length headers.
 *
 * The route is the path of the handler that produced the response (`c.req.matchedRoutes` at
 * `c.req.routeIndex`, what hono/route's `routePath(c)` reads). When that is this middleware itself,
 * nothing after it matched: `unmatched`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidConfigError, isEnabled } from '@telemeter/core';
import { headerSize, requestHeaderSize } from './body-size.js';
import { HttpServerMetrics } from './http-server-metrics.js';
import type { HttpServerMetricsOptions } from './options.js';
import { ResponseTracker } from './response-tracker.js';

/** The fields of a Hono context used here (no runtime dependency on hono). */
export interface HonoContextLike {
  req: {
    method: string;
    raw: { headers: { get(name: string): string | null } };
    routeIndex: number;
    readonly matchedRoutes: readonly { path: string; handler: unknown }[];
  };
  res: { status: number; headers: { get(name: string): string | null } };
  env?: unknown;
}

export interface HonoHttpMetricsOptions<C extends HonoContextLike = HonoContextLike>
  extends HttpServerMetricsOptions {
  /**
   * Overrides the route template (read when the response ends): a string, `undefined` for the
   * default (the responding handler's path), or `null` to leave the request out of the histograms.
   */
  route?: (c: C) => string | null | undefined;
}

export interface HonoHttpMiddleware {
  (c: HonoContextLike, next: () => Promise<void>): Promise<void>;
  readonly metrics: HttpServerMetrics;
}

const clock = globalThis.performance;

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * Hono middleware recording `http_server_request_duration_seconds`, body sizes and in-flight
 * requests. Errors thrown by handlers are turned into responses by Hono before this middleware
 * sees them, so they count with the status `app.onError` gave them.
 */
export function honoHttpMetrics<C extends HonoContextLike = HonoContextLike>(
  options: HonoHttpMetricsOptions<C> = {},
): HonoHttpMiddleware {
  const custom = options?.route;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new InvalidConfigError('route', 'route must be a function (c) => route template');
  }
  const metrics = new HttpServerMetrics(options);
  const defaultRoute = (c: HonoContextLike): string | undefined => {
    const matched = c.req.matchedRoutes[c.req.routeIndex];
    return matched === undefined || matched.handler === middleware ? undefined : matched.path;
  };
  const routeOf =
    custom === undefined
      ? defaultRoute
      : (c: HonoContextLike) => {
          const found = custom(c as C);
          return found === undefined ? defaultRoute(c) : found;
        };
  const tracker = new ResponseTracker<HonoContextLike>(metrics, (_res, c) => routeOf(c));

  const fetchStyle = async (c: HonoContextLike, next: () => Promise<void>): Promise<void> => {
    const start = clock.now();
    const method = c.req.method;
    const entry = metrics.method(method);
    entry.inFlight++;
    let completed = false;
    try {
      await next();
      completed = true;
    } finally {
      try {
        entry.inFlight--;
        const route = routeOf(c);
        if (route !== null) {
          const status = completed ? c.res.status : 500;
          metrics.record(
            entry,
            typeof route === 'string' && route !== '' ? route : metrics.unmatchedRoute,
            status,
            false,
            (clock.now() - start) / 1000,
            metrics.requestBodySize === null ? -1 : requestHeaderSize(c.req.raw.headers),
            metrics.responseBodySize === null || !completed ? -1 : headerSize(c.res.headers, method, status),
          );
        }
      } catch (error) {
        tracker.warn(error);
      }
    }
  };

  const middleware = (c: HonoContextLike, next: () => Promise<void>): Promise<void> => {
    if (!isEnabled()) return next();
    const env = c.env as NodeBindings | undefined;
    const outgoing = env?.outgoing;
    if (env?.incoming !== undefined && outgoing !== undefined && typeof outgoing.on === 'function') {
      tracker.track(env.incoming, outgoing, c);
      return next();
    }
    return fetchStyle(c, next);
  };
  return Object.assign(middleware, { metrics });
}
