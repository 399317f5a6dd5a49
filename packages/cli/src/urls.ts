import { UsageError } from './errors.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:9464';

/** Parses a URL argument; `host:port/...` without a scheme gets `http://`. */
export function parseUrlArg(text: string, command: string, what = 'URL'): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(
      `${what} ${JSON.stringify(text)} is not a URL (e.g. http://127.0.0.1:9464/metrics)`,
      command,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${what} ${JSON.stringify(text)} must be http:// or https://`, command);
  }
  return url;
}

/** A base URL (`http://host:port` or `.../`) means its `/metrics`; any other path is used as is. */
export function metricsUrlOf(url: URL): URL {
  const out = new URL(url);
  if (out.pathname === '' || out.pathname === '/') out.pathname = '/metrics';
  return out;
}

/** The API root of a Prometheus-compatible server: a trailing `/` or `/api/v1/...` is dropped. */
export function apiRootOf(url: URL): string {
  const out = new URL(url);
  out.search = '';
  out.hash = '';
  out.pathname = out.pathname.replace(/\/api\/v1(\/.*)?$/, '').replace(/\/+$/, '');
  return out.toString().replace(/\/+$/, '');
}

/**
 * Where `reset` POSTs, in the order to try: a URL ending in `/reset` is used as is; a `/metrics`
 * URL (an app served by @telemeter/core's handler) gets `/reset`; a base URL is a telemeter server
 * (`/api/v1/admin/reset`) or else an app (`/metrics/reset`), tried in that order.
 */
export function resetUrlsOf(url: URL): string[] {
  const base = new URL(url);
  base.hash = '';
  const path = base.pathname.replace(/\/+$/, '');
  const at = (pathname: string) => {
    const out = new URL(base);
    out.pathname = pathname;
    return out.toString();
  };
  if (path.endsWith('/reset')) return [at(path)];
  if (path.endsWith('/metrics')) return [at(`${path}/reset`)];
  return [at(`${path}/api/v1/admin/reset`), at(`${path}/metrics/reset`)];
}
