/** node:http (and https) servers: one `request` listener, nothing patched. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidConfigError, isEnabled } from '@telemeter/core';
import { HttpServerMetrics } from './http-server-metrics.js';
import type { HttpServerMetricsOptions } from './options.js';
import { ResponseTracker } from './response-tracker.js';
import { createRouteMatcher, type RouteMatcher } from './route-matcher.js';

export interface InstrumentHttpServerOptions extends HttpServerMetricsOptions {
  /**
   * The route template of a request, read when the response ends (so a router may have annotated
   * `req` by then): a string such as `/users/:id`; `undefined` for "no route" (then `routes` is
   * tried, else the request counts as `unmatched`); `null` to leave the request out of the
   * duration and size histograms (e.g. the `/metrics` endpoint). Never return the raw path.
   */
  route?: (req: IncomingMessage) => string | null | undefined;
  /**
   * Route templates matched against the request path as the request arrives: `/users/:id`,
   * `/static/*` (see createRouteMatcher). With `route` too, `route(req)` is asked first.
   */
  routes?: readonly string[];
}

/** What instrumentHttpServer returns. */
export interface HttpServerInstrumentation {
  readonly metrics: HttpServerMetrics;
  /** Stops timing new requests (those in flight are still recorded). Safe to call twice. */
  stop(): void;
}

/** The part of a node:http / https Server used here. */
export interface RequestEmitter {
  prependListener(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown;
  removeListener(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown;
}

/**
 * Instruments a node:http or node:https server: `http_server_request_duration_seconds`, body
 * sizes and in-flight requests. The listener is prepended, so it runs before the application's
 * own `request` handler whenever it is called.
 *
 * ```ts
 * const server = http.createServer(app);
 * instrumentHttpServer(server, { routes: ['/users/:id', '/orders/:id/items'] });
 * ```
 */
export function instrumentHttpServer(
  server: RequestEmitter,
  options: InstrumentHttpServerOptions = {},
): HttpServerInstrumentation {
  if (server === null || typeof server !== 'object' || typeof server.prependListener !== 'function') {
    throw new InvalidConfigError('server', 'instrumentHttpServer() expects a node:http or node:https Server');
  }
  const { route, routes } = options ?? {};
  if (route !== undefined && typeof route !== 'function') {
    throw new InvalidConfigError('route', 'route must be a function (req) => route template');
  }
  const match: RouteMatcher | undefined = routes === undefined ? undefined : createRouteMatcher(routes);
  const metrics = new HttpServerMetrics(options);
  // The path is matched when the request arrives (what the client asked for, before a router may
  // rewrite req.url) and handed to the end as the tracker's source. Matching there also keeps the
  // matcher out of the response-end code, whose inlining budget in V8 goes to the histograms.
  const tracker = new ResponseTracker<string | undefined>(metrics, routeResolver(route), false);
  const listener =
    match === undefined
      ? (req: IncomingMessage, res: ServerResponse): void => tracker.track(req, res, undefined)
      : (req: IncomingMessage, res: ServerResponse): void => {
          if (isEnabled()) tracker.track(req, res, match(req.url as string));
        };
  server.prependListener('request', listener);
  let stopped = false;
  return {
    metrics,
    stop() {
      if (stopped) return;
      stopped = true;
      server.removeListener('request', listener);
    },
  };
}

/** The route of a finished request: `route(req)`, else the template the path matched on arrival. */
function routeResolver(
  route: ((req: IncomingMessage) => string | null | undefined) | undefined,
): (res: ServerResponse, matched: string | undefined) => unknown {
  if (route === undefined) return (_res, matched) => matched;
  return (res, matched) => {
    const found = route(res.req);
    return found === undefined ? matched : found;
  };
}
