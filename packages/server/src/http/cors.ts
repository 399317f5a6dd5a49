import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for an allowlist of origins: an allowed origin gets the headers a browser needs; any other
 * origin gets none, so the browser refuses the response. `*` allows every origin.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: readonly string[],
): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !originAllowed(origin, allowedOrigins)) return false;
  res.setHeader('Access-Control-Allow-Origin', allowedOrigins.includes('*') ? '*' : origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Date');
  return true;
}

export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes('*') || allowedOrigins.includes(origin);
}

/** Answers a preflight `OPTIONS` request from an allowed origin. */
export function answerPreflight(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Content-Encoding, Accept');
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}
