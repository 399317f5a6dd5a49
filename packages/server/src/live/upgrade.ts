// Deciding whether an HTTP upgrade request may become a live connection, and answering the ones
// that may not with a plain HTTP response (browsers show WebSocket failures without the body, but
// curl and logs do not).
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export interface Rejection {
  readonly status: number;
  readonly message: string;
}

/** The request's path without its query string, or undefined when the target cannot be read. */
export function requestPath(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Browsers send `Origin` with every WebSocket handshake and do not apply CORS to it, so without
 * this check any web page could read the stream through a visitor's browser. Clients without
 * `Origin` (curl, the CLI, other servers) and pages served by this server itself are always let in;
 * other origins only when listed, or when the list holds "*".
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*')) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  if (allowedOrigins.some((o) => normalizeOrigin(o) === normalized)) return true;
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && new URL(normalized).host === host;
}

function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined; // "null" from sandboxed frames and file:// pages
  }
}

/** Answers the upgrade with an HTTP error and a JSON body, then closes the socket. */
export function rejectUpgrade(socket: Duplex, rejection: Rejection): void {
  const body = JSON.stringify({
    status: 'error',
    errorType: errorTypeOf(rejection.status),
    error: rejection.message,
  });
  const head = [
    `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(rejection.status === 401 ? ['WWW-Authenticate: Bearer'] : []),
  ];
  socket.on('error', () => socket.destroy());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function errorTypeOf(status: number): string {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 503:
      return 'unavailable';
    default:
      return 'internal';
  }
}
