import { defaultRegistry } from '../registry.js';
import { acceptsGzip } from './accept.js';
import { chooseFormat, openExposition, unknownFormatMessage } from './exposition-body.js';
import { type MetricsHandlerOptions, type MetricsSource, resolveHandlerOptions, routeOf } from './options.js';
import {
  collectFailedResponse,
  metricsHeaders,
  type RenderedResponse,
  renderHealth,
  renderReadiness,
  textResponse,
} from './render.js';
import { createResetResponder } from './reset.js';

/** A web-standard handler (`Request` in, `Response` out), as hono, Bun and Deno expect. */
export type FetchHandler = (request: Request) => Promise<Response>;

function toResponse(request: Request, rendered: RenderedResponse): Response {
  const body = request.method === 'HEAD' ? null : rendered.body;
  return new Response(body, { status: rendered.status, headers: rendered.headers });
}

function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  // Pull-based: the next chunk is produced only when the consumer is ready for it. A writer
  // failure mid-body errors the stream, so the client sees a broken transfer, not a short body.
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Serves `/metrics`, `/health`, `/ready` (and the reset endpoint) like `createMetricsHandler`, for runtimes and
 * frameworks built on the Fetch API. Any other path gets a 404 (route only the paths you want
 * to it). The body is streamed, and gzipped with `CompressionStream` when accepted.
 *
 * ```ts
 * const metrics = createFetchHandler(registry);
 * app.on(['GET', 'HEAD'], ['/metrics', '/health', '/ready'], (c) => metrics(c.req.raw)); // hono
 * ```
 */
export function createFetchHandler(
  registry: MetricsSource = defaultRegistry,
  options: MetricsHandlerOptions = {},
): FetchHandler {
  const resolved = resolveHandlerOptions(options);
  const reset = resolved.reset === undefined ? null : createResetResponder(registry, resolved.reset);

  async function metrics(request: Request, url: URL): Promise<Response> {
    const formatParam = url.searchParams.get('format');
    const choice = chooseFormat(request.headers.get('accept') ?? undefined, formatParam);
    if (choice === undefined)
      return toResponse(request, textResponse(400, unknownFormatMessage(formatParam ?? '')));
    const gzip = resolved.gzip && acceptsGzip(request.headers.get('accept-encoding') ?? undefined);
    const headers = metricsHeaders(choice.contentType, gzip);
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    let chunks: AsyncIterable<string>;
    try {
      chunks = await openExposition(registry, choice.format);
    } catch (error) {
      return toResponse(request, collectFailedResponse(error));
    }
    let body: ReadableStream<Uint8Array> = streamOf(chunks);
    if (gzip) body = body.pipeThrough(new CompressionStream('gzip'));
    return new Response(body, { status: 200, headers });
  }

  return async function fetchHandler(request) {
    const url = new URL(request.url);
    const route = routeOf(url.pathname, resolved);
    if (route === undefined) {
      return toResponse(request, textResponse(404, `Not found. Metrics are served at ${resolved.path}\n`));
    }
    if (route === 'reset') {
      return toResponse(request, reset!(request.method, request.headers.get('authorization') ?? undefined));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return toResponse(
        request,
        textResponse(405, 'Method not allowed: use GET or HEAD.\n', { Allow: 'GET, HEAD' }),
      );
    }
    if (route === 'health') return toResponse(request, renderHealth());
    if (route === 'ready') {
      const rendered = await renderReadiness(resolved.readiness, { timeoutMs: resolved.readinessTimeoutMs });
      return toResponse(request, rendered);
    }
    return metrics(request, url);
  };
}
