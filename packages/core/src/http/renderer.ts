import { defaultRegistry } from '../registry.js';
import { type MetricsHandlerOptions, type MetricsSource, resolveHandlerOptions, routeOf } from './options.js';
import {
  type RenderedResponse,
  renderHealth,
  renderMetrics,
  renderReadiness,
  textResponse,
} from './render.js';
import { createResetResponder } from './reset.js';

/**
 * The parts of a request the renderer reads. A node `IncomingMessage` fits as is, so in
 * fastify pass `request.raw` and in koa `ctx.req`.
 */
export interface RenderableRequest {
  readonly method?: string | undefined;
  /** Path and query, e.g. `/metrics?format=json`. */
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Resolves to the response for `/metrics`, `/health`, `/ready` or the reset endpoint, or `undefined` for any other path. */
export type MetricsRenderer = (request: RenderableRequest) => Promise<RenderedResponse | undefined>;

function header(request: RenderableRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.join(', ');
}

/**
 * The framework-neutral form of `createMetricsHandler`: routes and renders, and leaves
 * sending to the framework (status, headers and a whole body). Use it where a framework
 * owns the response object (fastify, koa); never rejects.
 *
 * ```ts
 * const render = createMetricsRenderer(registry, { readiness });
 * app.use(async (ctx, next) => {           // koa
 *   const r = await render(ctx.req);
 *   if (!r) return next();
 *   ctx.status = r.status; ctx.set(r.headers); ctx.body = r.body;
 * });
 * ```
 */
export function createMetricsRenderer(
  registry: MetricsSource = defaultRegistry,
  options: MetricsHandlerOptions = {},
): MetricsRenderer {
  const resolved = resolveHandlerOptions(options);
  const reset = resolved.reset === undefined ? null : createResetResponder(registry, resolved.reset);
  return async function render(request) {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const route = routeOf(queryStart === -1 ? url : url.slice(0, queryStart), resolved);
    if (route === undefined) return undefined;
    const method = request.method ?? 'GET';
    if (route === 'reset') return reset!(method, header(request, 'authorization'));
    if (method !== 'GET' && method !== 'HEAD') {
      return textResponse(405, 'Method not allowed: use GET or HEAD.\n', { Allow: 'GET, HEAD' });
    }
    if (route === 'health') return renderHealth();
    if (route === 'ready')
      return renderReadiness(resolved.readiness, { timeoutMs: resolved.readinessTimeoutMs });
    return renderMetrics(registry, {
      accept: header(request, 'accept'),
      acceptEncoding: header(request, 'accept-encoding'),
      format: queryStart === -1 ? null : new URLSearchParams(url.slice(queryStart + 1)).get('format'),
      gzip: resolved.gzip,
    });
  };
}
