import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { defaultRegistry } from '../registry.js';
import { acceptsGzip } from './accept.js';
import { chooseFormat, openExposition, readAll, unknownFormatMessage } from './exposition-body.js';
import type { MetricsSource } from './options.js';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  errorMessage,
  type ReadinessChecks,
  runReadinessChecks,
} from './readiness.js';

// Runs on the libuv thread pool, so compressing a large body does not block the event loop.
const gzipAsync = promisify(gzipCallback);

/** A framework-neutral HTTP response: set the status and headers, send the body. */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface RenderMetricsOptions {
  /** The request's `Accept` header. */
  accept?: string | null;
  /** The request's `Accept-Encoding` header. */
  acceptEncoding?: string | null;
  /** The request's `?format=` query value: `prometheus`, `openmetrics` or `json`. */
  format?: string | null;
  /** Compress when `acceptEncoding` allows gzip. Default `true`. */
  gzip?: boolean;
}

const TEXT_PLAIN = 'text/plain; charset=utf-8';
const APPLICATION_JSON = 'application/json; charset=utf-8';

export function textResponse(
  status: number,
  text: string,
  extraHeaders?: Record<string, string>,
): RenderedResponse {
  return {
    status,
    headers: { 'Content-Type': TEXT_PLAIN, 'Cache-Control': 'no-store', ...extraHeaders },
    body: text,
  };
}

export function jsonResponse(status: number, value: unknown): RenderedResponse {
  return {
    status,
    headers: { 'Content-Type': APPLICATION_JSON, 'Cache-Control': 'no-store' },
    body: `${JSON.stringify(value)}\n`,
  };
}

/** Headers of a successful `/metrics` answer; shared by every handler so they cannot drift. */
export function metricsHeaders(contentType: string, gzip: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    Vary: 'Accept, Accept-Encoding',
  };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return headers;
}

export function collectFailedResponse(error: unknown): RenderedResponse {
  return textResponse(500, `Failed to collect metrics: ${errorMessage(error)}\n`);
}

/**
 * Renders the metrics exposition for one request, for frameworks that want a whole body
 * (fastify, koa, hono...). Never rejects: a failing collect becomes a 500 with its message.
 *
 * ```ts
 * const r = await renderMetrics(registry, { accept: req.headers.accept, acceptEncoding: req.headers['accept-encoding'] });
 * reply.code(r.status).headers(r.headers).send(r.body);
 * ```
 */
export async function renderMetrics(
  registry: MetricsSource = defaultRegistry,
  options: RenderMetricsOptions = {},
): Promise<RenderedResponse> {
  const choice = chooseFormat(options.accept ?? undefined, options.format);
  if (choice === undefined) return textResponse(400, unknownFormatMessage(options.format ?? ''));
  const gzip = (options.gzip ?? true) && acceptsGzip(options.acceptEncoding ?? undefined);
  try {
    const text = await readAll(await openExposition(registry, choice.format));
    const body = gzip ? await gzipAsync(text) : text;
    return { status: 200, headers: metricsHeaders(choice.contentType, gzip), body };
  } catch (error) {
    return collectFailedResponse(error);
  }
}

/** The liveness answer: the process is up and its event loop turns. */
export function renderHealth(): RenderedResponse {
  return jsonResponse(200, { status: 'ok' });
}

/** Runs the readiness checks: 200 when all pass, else 503 naming the failed checks and why. */
export async function renderReadiness(
  checks: ReadinessChecks,
  options: { timeoutMs?: number } = {},
): Promise<RenderedResponse> {
  const report = await runReadinessChecks(checks, options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS);
  return jsonResponse(report.status === 'ok' ? 200 : 503, report);
}
