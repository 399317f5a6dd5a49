/**
 * Koa 3 middleware. Mount it before the router: `app.use(koaHttpMetrics())`. The route template
 * is `ctx._matchedRoute`, which @koa/router (and koa-router) set to the matched layer's path,
 * prefix included; requests no route matched count as `unmatched`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidConfigError } from '@telemeter/core';
import { HttpServerMetrics } from './http-server-metrics.js';
import type { HttpServerMetricsOptions } from './options.js';
import { ResponseTracker } from './response-tracker.js';

/** The fields of a Koa context used here (no runtime dependency on koa). */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  _matchedRoute?: unknown;
}

export interface KoaHttpMetricsOptions<Ctx extends KoaContextLike = KoaContextLike>
  extends HttpServerMetricsOptions {
  /**
   * Overrides the route template (read when the response ends): a string, `undefined` for the
   * default (`ctx._matchedRoute`), or `null` to leave the request out of the histograms.
   */
  route?: (ctx: Ctx) => string | null | undefined;
}

export interface KoaHttpMiddleware {
  (ctx: KoaContextLike, next: () => Promise<unknown>): Promise<unknown>;
  readonly metrics: HttpServerMetrics;
}

/**
 * Koa middleware recording `http_server_request_duration_seconds`, body sizes and in-flight
 * requests. It returns `next()`'s promise itself: errors reach Koa's error handling unchanged.
 */
export function koaHttpMetrics<Ctx extends KoaContextLike = KoaContextLike>(
  options: KoaHttpMetricsOptions<Ctx> = {},
): KoaHttpMiddleware {
  const custom = options?.route;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new InvalidConfigError('route', 'route must be a function (ctx) => route template');
  }
  const metrics = new HttpServerMetrics(options);
  const tracker = new ResponseTracker<KoaContextLike>(
    metrics,
    custom === undefined
      ? (_res, ctx) => ctx._matchedRoute
      : (_res, ctx) => {
          const found = custom(ctx as Ctx);
          return found === undefined ? ctx._matchedRoute : found;
        },
  );
  const middleware = (ctx: KoaContextLike, next: () => Promise<unknown>): Promise<unknown> => {
    tracker.track(ctx.req, ctx.res, ctx);
    return next();
  };
  return Object.assign(middleware, { metrics });
}
