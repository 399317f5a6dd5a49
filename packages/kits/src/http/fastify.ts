/**
 * Fastify 5 plugin: `await app.register(fastifyHttpMetrics())`. It adds an `onRequest` hook (the
 * earliest one, after routing) and follows the raw response like the node:http adapter, so aborted
 * requests are recorded too. It carries Fastify's `skip-override` mark (what `fastify-plugin` sets),
 * so its hook applies to the whole application, not only to routes inside its own encapsulation
 * context; no runtime dependency on fastify or fastify-plugin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidConfigError } from '@telemeter/core';
import { HttpServerMetrics } from './http-server-metrics.js';
import type { HttpServerMetricsOptions } from './options.js';
import { ResponseTracker } from './response-tracker.js';

/** The fields of a Fastify request and reply used here. */
export interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions: { url?: string | undefined };
}
export interface FastifyReplyLike {
  raw: ServerResponse;
}

export interface FastifyHttpMetricsOptions<Req extends FastifyRequestLike = FastifyRequestLike>
  extends HttpServerMetricsOptions {
  /**
   * Overrides the route template (read when the response ends): a string, `undefined` for the
   * default (`request.routeOptions.url`, prefix included), or `null` to leave the request out of
   * the histograms.
   */
  route?: (request: Req) => string | null | undefined;
}

type OnRequestHook = (request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void) => void;

/** A Fastify plugin (callback style); `metrics` holds the metric set. */
export interface FastifyHttpPlugin {
  // biome-ignore lint/suspicious/noExplicitAny: Fastify's FastifyInstance.addHook is a large overload set; accept it structurally
  (instance: any, options: unknown, done: (error?: Error) => void): void;
  readonly metrics: HttpServerMetrics;
}

/**
 * A Fastify plugin recording `http_server_request_duration_seconds`, body sizes and in-flight
 * requests. Unknown routes (Fastify's 404 handler) count as `unmatched`.
 */
export function fastifyHttpMetrics<Req extends FastifyRequestLike = FastifyRequestLike>(
  options: FastifyHttpMetricsOptions<Req> = {},
): FastifyHttpPlugin {
  const custom = options?.route;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new InvalidConfigError('route', 'route must be a function (request) => route template');
  }
  const metrics = new HttpServerMetrics(options);
  const tracker = new ResponseTracker<FastifyRequestLike>(
    metrics,
    custom === undefined
      ? (_res, request) => request.routeOptions.url
      : (_res, request) => {
          const found = custom(request as Req);
          return found === undefined ? request.routeOptions.url : found;
        },
  );
  const onRequest: OnRequestHook = (request, reply, done) => {
    tracker.track(request.raw, reply.raw, request);
    done();
  };
  const plugin = (
    instance: { addHook(name: 'onRequest', hook: OnRequestHook): unknown },
    _options: unknown,
    done: (error?: Error) => void,
  ): void => {
    instance.addHook('onRequest', onRequest);
    done();
  };
  return Object.assign(plugin, {
    metrics,
    // What fastify-plugin sets: no encapsulation, a display name, and the supported Fastify major.
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@telemeter/kits/http',
    [Symbol.for('plugin-meta')]: { name: '@telemeter/kits/http', fastify: '>=4' },
  });
}
