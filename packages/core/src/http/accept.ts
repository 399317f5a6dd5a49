/**
 * Lenient parsing of the `Accept` and `Accept-Encoding` request headers (RFC 9110 §12.5).
 * Scrapers and browsers send well-formed headers; anything odd is ignored rather than
 * rejected, because a metrics endpoint must keep answering whatever it is asked.
 */

export interface MediaRange {
  /** Lower-cased `type/subtype`, e.g. `application/openmetrics-text` or `*\/*`. */
  readonly type: string;
  /** Quality in [0, 1]; 1 when absent. */
  readonly q: number;
}

/** Parses `Accept` (or `Accept-Encoding`) into its entries, in header order. */
export function parseAcceptHeader(header: string | undefined): MediaRange[] {
  if (!header) return [];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const params = part.split(';');
    const type = params[0]!.trim().toLowerCase();
    if (type === '') continue;
    let q = 1;
    for (let i = 1; i < params.length; i++) {
      const param = params[i]!;
      const eq = param.indexOf('=');
      if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      // As Prometheus's goautoneg: an unparsable q counts as 0 (not acceptable).
      const value = Number.parseFloat(param.slice(eq + 1).trim());
      q = Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
    }
    ranges.push({ type, q });
  }
  return ranges;
}

function highestQ(ranges: readonly MediaRange[], type: string): number {
  let best = -1;
  for (const range of ranges) if (range.type === type && range.q > best) best = range.q;
  return best;
}

/**
 * True when the client explicitly asks for `application/json` at least as strongly as for
 * either text exposition format. Wildcards never select JSON, so Prometheus, curl (`*\/*`)
 * and browsers keep getting the text format.
 */
export function prefersJson(accept: string | undefined): boolean {
  const ranges = parseAcceptHeader(accept);
  const json = highestQ(ranges, 'application/json');
  if (json <= 0) return false;
  return json >= highestQ(ranges, 'application/openmetrics-text') && json >= highestQ(ranges, 'text/plain');
}

/** True when `Accept-Encoding` allows gzip (`gzip`, `x-gzip`, or `*`, with q > 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  const ranges = parseAcceptHeader(acceptEncoding);
  const gzip = Math.max(highestQ(ranges, 'gzip'), highestQ(ranges, 'x-gzip'));
  if (gzip >= 0) return gzip > 0;
  return highestQ(ranges, '*') > 0;
}
