// host:port addresses (listen, scrape targets) and CORS origins.
import { isIPv4, isIPv6 } from 'node:net';
import type { ListenAddress } from './types.js';

// RFC 1123 host names, plus `_` which container and service-discovery names often carry.
const HOST_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  return labels.every((label) => HOST_LABEL.test(label));
}

interface SplitAddress {
  readonly host: string;
  readonly port?: string;
  readonly bracketed: boolean;
}

/** Splits `host`, `host:port`, `[v6]` or `[v6]:port` without judging the parts. */
function splitHostPort(text: string): SplitAddress | string {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return 'missing "]" after the IPv6 address';
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return 'unexpected text after "]"';
    return rest === ''
      ? { host: text.slice(1, close), bracketed: true }
      : { host: text.slice(1, close), port: rest.slice(1), bracketed: true };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, bracketed: false };
  if (text.indexOf(':') !== colon) return 'an IPv6 address needs brackets, e.g. [::1]:9464';
  return { host: text.slice(0, colon), port: text.slice(colon + 1), bracketed: false };
}

function hostProblem(host: string, bracketed: boolean): string | undefined {
  if (bracketed) return isIPv6(host) ? undefined : `"${host}" is not an IPv6 address`;
  if (host === '') return 'the host is missing';
  if (/^[\d.]+$/.test(host)) return isIPv4(host) ? undefined : `"${host}" is not an IPv4 address`;
  return isHostName(host) ? undefined : `"${host}" is not a valid host name`;
}

function portProblem(port: string, minimum: number): string | undefined {
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535 || Number(port) < minimum) {
    return `port "${port}" must be a number from ${minimum} to 65535`;
  }
  return undefined;
}

/** `127.0.0.1:9464` or `[::1]:9464` as `{ host, port }`; port 0 asks the OS for a free one. */
export function parseListenAddress(text: string): ListenAddress | string {
  const split = splitHostPort(text);
  const bad = (why: string) => `invalid host:port "${text}": ${why} (e.g. 127.0.0.1:9464 or [::1]:9464)`;
  if (typeof split === 'string') return bad(split);
  if (split.port === undefined)
    return bad(/^\d+$/.test(text) ? 'the host is missing' : 'the port is missing');
  const problem = hostProblem(split.host, split.bracketed) ?? portProblem(split.port, 0);
  if (problem !== undefined) return bad(problem);
  return { host: split.host, port: Number(split.port) };
}

export function formatListenAddress(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * A scrape target as Prometheus accepts it in `static_configs`: `host:port`, or a bare host that
 * takes the scheme's default port. No scheme and no path: those go in `scheme` and `metrics_path`.
 */
export function checkTarget(text: string): string | undefined {
  const bad = (why: string) => `invalid host:port "${text}": ${why}`;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text)) {
    return bad('a target has no scheme; set the job\'s "scheme" instead (e.g. "localhost:9100")');
  }
  if (text.includes('/')) return bad('a target has no path; set the job\'s "metrics_path" instead');
  const split = splitHostPort(text);
  if (typeof split === 'string') return bad(split);
  const problem =
    hostProblem(split.host, split.bracketed) ??
    (split.port === undefined ? undefined : portProblem(split.port, 1));
  return problem === undefined ? undefined : bad(problem);
}

/** `*`, or an origin as browsers send it: `scheme://host[:port]`, no path, no trailing slash. */
export function checkOrigin(text: string): string | undefined {
  if (text === '*') return undefined;
  const bad = `invalid origin "${text}": expected scheme://host[:port] with no path (e.g. "http://localhost:3000") or "*"`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad;
  return url.origin === text ? undefined : `${bad}; did you mean "${url.origin}"?`;
}
