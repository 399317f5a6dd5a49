import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { defaultRegistry } from '../registry.js';
import { acceptsGzip } from './accept.js';
import { chooseFormat, openExposition, unknownFormatMessage } from './exposition-body.js';
import {
  type MetricsHandlerOptions,
  type MetricsSource,
  type ResolvedHandlerOptions,
  type Route,
  resolveHandlerOptions,
  routeOf,
} from './options.js';
import { errorMessage } from './readiness.js';
import {
  collectFailedResponse,
  metricsHeaders,
  type RenderedResponse,
  renderHealth,
  renderReadiness,
  textResponse,
} from './render.js';

/**
 * A node:http request listener that is also express/connect middleware: requests for other
 * paths go to `next()` when there is one, else get a 404.
 */
export type MetricsHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

function send(req: IncomingMessage, res: ServerResponse, response: RenderedResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.byteLength) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function serveExposition(
  source: MetricsSource,
  options: ResolvedHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  formatParam: string | null,
): Promise<void> {
  const choice = chooseFormat(req.headers.accept, formatParam);
  if (choice === undefined) return send(req, res, textResponse(400, unknownFormatMessage(formatParam ?? '')));
  const gzip = options.gzip && acceptsGzip(req.headers['accept-encoding']);
  const headers = metricsHeaders(choice.contentType, gzip);
  // HEAD answers with the headers a GET would get, without paying for a collect.
  if (req.method === 'HEAD') {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  let chunks: AsyncIterable<string>;
  try {
    chunks = await openExposition(source, choice.format);
  } catch (error) {
    return send(req, res, collectFailedResponse(error));
  }
  if (res.destroyed) return;
  res.writeHead(200, headers);
  // pipeline applies backpressure (a slow scraper pauses the writer instead of buffering the
  // whole body) and, if the writer fails mid-body, destroys the response: the scraper sees
  // a broken transfer rather than a truncated exposition that would parse as valid.
  const body = Readable.from(chunks);
  try {
    if (gzip) await pipeline(body, createGzip(), res);
    else await pipeline(body, res);
  } catch {
    // Client went away or the writer failed; the response is already destroyed.
  }
}

/**
 * Serves `/metrics` (content-negotiated Prometheus text, OpenMetrics or JSON, optionally
 * gzipped, streamed), `/health` and `/ready`.
 *
 * ```ts
 * http.createServer(createMetricsHandler(registry)).listen(9464, '127.0.0.1');
 * app.use(createMetricsHandler(registry)); // express / connect
 * ```
 */
export function createMetricsHandler(
  registry: MetricsSource = defaultRegistry,
  options: MetricsHandlerOptions = {},
): MetricsHandler {
  const resolved = resolveHandlerOptions(options);
  async function dispatch(
    route: Route,
    req: IncomingMessage,
    res: ServerResponse,
    formatParam: string | null,
  ): Promise<void> {
    if (route === 'health') return send(req, res, renderHealth());
    if (route === 'ready') {
      return send(
        req,
        res,
        await renderReadiness(resolved.readiness, { timeoutMs: resolved.readinessTimeoutMs }),
      );
    }
    return serveExposition(registry, resolved, req, res, formatParam);
  }
  return function metricsHandler(req, res, next) {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const route = routeOf(pathname, resolved);
    if (route === undefined) {
      if (next) return next();
      return send(req, res, textResponse(404, `Not found. Metrics are served at ${resolved.path}\n`));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(
        req,
        res,
        textResponse(405, 'Method not allowed: use GET or HEAD.\n', { Allow: 'GET, HEAD' }),
      );
    }
    const formatParam =
      queryStart === -1 ? null : new URLSearchParams(url.slice(queryStart + 1)).get('format');
    // Last line of defence: whatever happens, a request never crashes the application.
    dispatch(route, req, res, formatParam).catch((error: unknown) => {
      if (!res.headersSent)
        send(req, res, textResponse(500, `Failed to serve ${pathname}: ${errorMessage(error)}\n`));
      else res.destroy();
    });
  };
}
