/**
 * `server_address` label values: `host:port` of the origin a request goes to. The number of origins
 * an application calls is small and fixed in practice, so the label is bounded by construction; the
 * metrics' cardinalityLimit is the backstop for a client that calls arbitrary hosts (a crawler, a
 * webhook sender).
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  'http:': '80',
  'https:': '443',
  'ws:': '80',
  'wss:': '443',
};

/** Origins remembered; past this each lookup parses again (correct, just slower) instead of growing. */
const MAX_CACHED_ORIGINS = 1024;

/** `http://Example.com` → `example.com:80`; `https://[::1]:8443/` → `[::1]:8443`. Never throws. */
export function originAddress(origin: string): string {
  const schemeEnd = origin.indexOf('://');
  const scheme = schemeEnd === -1 ? 'http:' : origin.slice(0, schemeEnd + 1).toLowerCase();
  let host = schemeEnd === -1 ? origin : origin.slice(schemeEnd + 3);
  const slash = host.indexOf('/');
  if (slash !== -1) host = host.slice(0, slash);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  host = host.toLowerCase();
  return hostWithPort(host, DEFAULT_PORTS[scheme] ?? '');
}

/** Appends the default port unless `host` (a Host header or URL host) carries one; IPv6 literals are bracketed. */
export function hostWithPort(host: string, defaultPort: string): string {
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  // Two or more colons outside brackets: a bare IPv6 literal (node:http's `req.host` can be `::1`).
  if (close === -1 && colon !== -1 && host.indexOf(':') !== colon) host = `[${host}]`;
  else if (colon > close) return host;
  return defaultPort === '' ? host : `${host}:${defaultPort}`;
}

/**
 * Maps an origin (`https://api.example.com`) to its `server_address` label, through the user's
 * `hostLabel` when given (called once per origin and cached, so it must be deterministic). A
 * `hostLabel` that throws or returns a non-string falls back to `host:port`.
 */
export class ServerAddresses {
  private readonly cache = new Map<string, string>();
  private readonly hostLabel: ((origin: string) => string) | undefined;

  constructor(hostLabel?: (origin: string) => string) {
    this.hostLabel = hostLabel;
  }

  of(origin: string): string {
    let label = this.cache.get(origin);
    if (label !== undefined) return label;
    label = originAddress(origin);
    if (this.hostLabel !== undefined) {
      try {
        const mapped = this.hostLabel(origin);
        if (typeof mapped === 'string') label = mapped;
      } catch {
        // A mapping bug must not lose the request's metrics; the default label still bounds cardinality.
      }
    }
    if (this.cache.size < MAX_CACHED_ORIGINS) this.cache.set(origin, label);
    return label;
  }
}
