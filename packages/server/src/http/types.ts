import type { IncomingHttpHeaders } from 'node:http';

/**
 * A request as the server's route handlers see it: the HTTP layer has already read the body
 * (within the configured limit, answering 413 beyond it), checked auth and CORS, and merged
 * `application/x-www-form-urlencoded` POST bodies into `params`, so GET and POST forms of the
 * Prometheus API are one code path.
 */
export interface ApiRequest {
  readonly method: string;
  /** The URL path without the query string, e.g. `/api/v1/query`. */
  readonly path: string;
  /** Query-string parameters, plus form-body parameters for urlencoded POSTs. */
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body (empty for GET). For urlencoded POSTs it has also been merged into `params`. */
  readonly body: Buffer;
  /** Aborted when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
  /** Remote address, for logs. */
  readonly remoteAddress: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Answers a request, or returns `undefined` when the path is not one it serves. */
export type RouteHandler = (
  request: ApiRequest,
) => Promise<ApiResponse | undefined> | ApiResponse | undefined;

/** Where the server's components write their log lines. */
export interface ServerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
