/** A `--listen` address: `HOST:PORT`, `[::1]:PORT`, `:PORT` or `PORT` (host 127.0.0.1). */
export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_HOST = '127.0.0.1';

/** The address, or a message saying what is wrong with `text`. */
export function parseListen(text: string): ListenAddress | string {
  const trimmed = text.trim();
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(trimmed);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
  } else if (/^\d+$/.test(trimmed)) {
    host = DEFAULT_HOST;
    portText = trimmed;
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon < 0 || trimmed.indexOf(':') !== colon) {
      return `expected HOST:PORT (e.g. 127.0.0.1:9464, [::1]:9464 or :9464), got ${JSON.stringify(text)}`;
    }
    host = trimmed.slice(0, colon) || DEFAULT_HOST;
    portText = trimmed.slice(colon + 1);
  }
  if (!/^\d+$/.test(portText)) return `port must be a number, got ${JSON.stringify(portText)}`;
  const port = Number(portText);
  if (port > 65_535) return `port must be from 0 to 65535, got ${port}`;
  return { host, port };
}

/** Whether `host` is a loopback address: nothing without a token may listen beyond it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
