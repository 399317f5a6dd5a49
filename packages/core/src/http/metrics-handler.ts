import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gzip as gzipCallback, gzipSync } from 'node:zlib';
import { defaultRegistry } from '../registry.js';
import { acceptsGzip } from './accept.js';
import {
  chooseFormat,
  type ExpositionBody,
  openExpositionBody,
  unknownFormatMessage,
} from './exposition-body.js';
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
import { createResetResponder } from './reset.js';

/**
 * A node:http request listener that is also express/connect middleware: requests for other
 * paths go to `next()` when there is one, else get a 404.
 */
export type MetricsHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

// On the libuv thread pool, so compressing a large body does not block the event loop.
const gzipAsync = promisify(gzipCallback);
/**
 * Bodies up to this many characters are gzipped inline: at most ~0.5 ms (measured ~110 µs for the
 * 9 KB of runtime metrics), once per scrape. Asynchronous gzip goes through a zlib stream, which
 * leaves every later request of the process dearer (see sendWhole).
 */
const GZIP_SYNC_MAX = 64 * 1024;

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
  let body: ExpositionBody;
  try {
    body = await openExpositionBody(source, choice.format);
  } catch (error) {
    return send(req, res, collectFailedResponse(error));
  }
  if (res.destroyed) return;
  if (body.text !== undefined) return sendWhole(res, headers, body.text, gzip);
  res.writeHead(200, headers);
  // pipeline applies backpressure (a slow scraper pauses the writer instead of buffering the
  // whole body) and, if the writer fails mid-body, destroys the response: the scraper sees
  // a broken transfer rather than a truncated exposition that would parse as valid.
  const stream = Readable.from(body.chunks);
  try {
    if (gzip) await pipeline(stream, createGzip(), res);
    else await pipeline(stream, res);
  } catch {
    // Client went away or the writer failed; the response is already destroyed.
  }
}

/**
 * An exposition that fitted in one chunk goes out in one `end()` with a Content-Length, as any
 * small response: no stream machinery. That is cheaper for the scrape, and it spares the
 * application's own requests too: once node:http's and node:stream's code has run for piped
 * responses, V8's inline caches there stay megamorphic and every later request of the process
 * pays for it. Over a one-route server (bench/http/server-callgrind.mjs, 'endpoint' mode), serving
 * /metrics added 3.6 k instructions per request when streamed, 2.3 k with one end() after
 * asynchronous gzip (a zlib stream still), 1.0 k with inline gzip.
 */
async function sendWhole(
  res: ServerResponse,
  headers: Record<string, string>,
  text: string,
  gzip: boolean,
): Promise<void> {
  const bytes = !gzip
    ? Buffer.from(text)
    : text.length <= GZIP_SYNC_MAX
      ? gzipSync(text)
      : await gzipAsync(text);
  if (res.destroyed) return;
  res.writeHead(200, { ...headers, 'Content-Length': String(bytes.byteLength) });
  res.end(bytes);
}

/**
 * Serves `/metrics` (content-negotiated Prometheus text, OpenMetrics or JSON, optionally
 * gzipped; large expositions streamed), `/health` and `/ready`, and with `reset: { token }` the
 * admin endpoint `POST /metrics/reset`.
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
  const reset = resolved.reset === undefined ? null : createResetResponder(registry, resolved.reset);
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
    if (route === 'reset') return send(req, res, reset!(req.method ?? '', req.headers.authorization));
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
