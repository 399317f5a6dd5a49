/**
 * Body sizes from what node:http already knows, never by counting bytes: counting would mean
 * wrapping `write`/`end` of every response (monkey-patching, and a closure or two per request).
 * A request's size comes from its `Content-Length`: requests without one (most GETs, and chunked
 * uploads) are not observed, as in OpenTelemetry's instrumentations, so the histogram describes
 * the bodies that were sent rather than drowning them in zeros. A response's size comes from the
 * length node:http framed it with; chunked responses have no length up front and are not observed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Returned when the size is not known (chunked transfer, or the connection was aborted). */
export const UNKNOWN_SIZE = -1;

/** `name` case-insensitively equals `lower` (already lower case, ASCII letters and `-`). */
function equalsLower(name: string, lower: string): boolean {
  const n = lower.length;
  if (name.length !== n) return false;
  // | 0x20 lower-cases ASCII letters and leaves '-' (0x2d) alone; header names are ASCII.
  for (let i = 0; i < n; i++) if ((name.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

function toSize(value: unknown): number {
  const size = typeof value === 'number' ? value : Number(value);
  return Number.isSafeInteger(size) && size >= 0 ? size : UNKNOWN_SIZE;
}

/**
 * Scans `rawHeaders` rather than reading `req.headers`: node:http builds the `headers` object
 * lazily, on first access, and an application that never reads it should not pay for it here.
 */
export function requestBodySize(req: IncomingMessage): number {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (equalsLower(raw[i]!, 'content-length')) return toSize(raw[i + 1]);
  }
  return UNKNOWN_SIZE;
}

interface FramedResponse {
  /** node:http's framing length: set from `Content-Length` or computed by `end(body)`; null when chunked. */
  _contentLength?: unknown;
}

/** Bytes of body sent, for a response that finished. */
export function responseBodySize(res: ServerResponse, method: string): number {
  const status = res.statusCode;
  if (method === 'HEAD' || status === 204 || status === 304) return 0;
  const framed = (res as FramedResponse)._contentLength;
  if (typeof framed === 'number') return toSize(framed);
  // Another implementation of the response (or a future node:http) without the field.
  const header = res.getHeader('content-length');
  return header === undefined ? UNKNOWN_SIZE : toSize(header);
}

/** For a Fetch API message (hono outside node:http). */
export function headerSize(
  headers: { get(name: string): string | null },
  method: string,
  status: number,
): number {
  if (method === 'HEAD' || status === 204 || status === 304) return 0;
  const value = headers.get('content-length');
  return value === null ? UNKNOWN_SIZE : toSize(value);
}

/** Request body size from Fetch API headers (Content-Length, else unknown). */
export function requestHeaderSize(headers: { get(name: string): string | null }): number {
  const value = headers.get('content-length');
  return value === null ? UNKNOWN_SIZE : toSize(value);
}
