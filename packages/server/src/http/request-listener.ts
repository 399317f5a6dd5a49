import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerAuthorized } from './auth.js';
import { answerPreflight, applyCors } from './cors.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import type { ApiRequest, ApiResponse, RouteHandler, ServerLogger } from './types.js';

/** What the request listener reads on every request, so a reload takes effect at once. */
export interface RequestListenerOptions {
  readonly handlers: readonly RouteHandler[];
  /** Routes that write data or change state; they need the bearer token whenever one is set. */
  isProtected(method: string, path: string): boolean;
  token(): string | undefined;
  allowedOrigins(): readonly string[];
  maxBodyBytes(): number;
  readonly logger: ServerLogger;
  /** Aborted at shutdown; in-flight queries see it through `ApiRequest.signal`. */
  readonly shutdownSignal: AbortSignal;
}

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** `curl -d` sends data as a form; an ingestion body is data, never parameters. */
function isIngestPath(path: string): boolean {
  return path === '/api/v1/write' || path.startsWith('/api/v1/import');
}

/**
 * The node:http `request` listener: parses the URL, applies CORS and the token, reads the body
 * within the limit, merges form bodies into the parameters, and asks each handler in turn.
 */
export function createRequestListener(options: RequestListenerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, options).catch((error: unknown) => {
      options.logger.error(
        `${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!res.headersSent) send(res, internalError('internal server error'));
      else res.destroy();
    });
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestListenerOptions,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    send(res, { status: 400, headers: plainText, body: 'malformed request URL\n' });
    return;
  }
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const corsAllowed = applyCors(req, res, options.allowedOrigins());
  if (method === 'OPTIONS') {
    if (corsAllowed) answerPreflight(res);
    else send(res, { status: 403, headers: plainText, body: 'origin not allowed (cors.allowed_origins)\n' });
    return;
  }
  const token = options.token();
  if (
    token !== undefined &&
    options.isProtected(method, url.pathname) &&
    !bearerAuthorized(req.headers, token)
  ) {
    send(res, {
      status: 401,
      headers: { ...jsonType, 'www-authenticate': 'Bearer realm="telemeter"' },
      body: JSON.stringify({
        status: 'error',
        errorType: 'unauthorized',
        error: `${url.pathname} needs "Authorization: Bearer <token>" with the token from auth.token`,
      }),
    });
    return;
  }
  let body: Buffer = Buffer.alloc(0);
  if (method === 'POST' || method === 'PUT') {
    try {
      body = await readBody(req, options.maxBodyBytes());
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      send(res, { status: 413, headers: jsonType, body: errorBody('bad_data', error.message) }, true);
      return;
    }
  }
  // Body parameters come first so they win over the query string, as in Go's FormValue.
  const params =
    body.length > 0 &&
    FORM_CONTENT_TYPE.test(req.headers['content-type'] ?? '') &&
    !isIngestPath(url.pathname)
      ? new URLSearchParams(body.toString('utf8'))
      : new URLSearchParams();
  for (const [key, value] of url.searchParams) params.append(key, value);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  res.once('close', abort);
  options.shutdownSignal.addEventListener('abort', abort, { once: true });
  try {
    const request: ApiRequest = {
      method,
      path: url.pathname,
      params,
      headers: req.headers,
      body,
      signal: controller.signal,
      remoteAddress: req.socket.remoteAddress ?? '',
    };
    for (const handler of options.handlers) {
      const response = await handler(request);
      if (response !== undefined) {
        send(res, response);
        return;
      }
    }
    send(res, { status: 404, headers: plainText, body: '404 page not found\n' });
  } finally {
    res.off('close', abort);
    options.shutdownSignal.removeEventListener('abort', abort);
  }
}

const plainText = { 'content-type': 'text/plain; charset=utf-8' };
const jsonType = { 'content-type': 'application/json; charset=utf-8' };

function errorBody(errorType: string, message: string): string {
  return JSON.stringify({ status: 'error', errorType, error: message });
}

function internalError(message: string): ApiResponse {
  return { status: 500, headers: jsonType, body: errorBody('internal', message) };
}

function send(res: ServerResponse, response: ApiResponse, closeConnection = false): void {
  if (res.writableEnded || res.destroyed) return;
  res.statusCode = response.status;
  if (response.headers !== undefined) {
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  }
  // An unread oversized body would otherwise be parsed as the next request on a kept-alive socket.
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(response.body);
}
