/** Content type of the Prometheus text format 0.0.4 (as client_golang and prom-client send it). */
export const CONTENT_TYPE_PROMETHEUS = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of OpenMetrics 1.0.0 text. */
export const CONTENT_TYPE_OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
/** Content type of the JSON exposition (docs/format/json-exposition.md). */
export const CONTENT_TYPE_JSON = 'application/json; charset=utf-8';

export interface NegotiatedFormat {
  format: 'prometheus' | 'openmetrics';
  contentType: string;
}

const PROMETHEUS: NegotiatedFormat = Object.freeze({
  format: 'prometheus',
  contentType: CONTENT_TYPE_PROMETHEUS,
});
const OPENMETRICS: NegotiatedFormat = Object.freeze({
  format: 'openmetrics',
  contentType: CONTENT_TYPE_OPENMETRICS,
});

interface AcceptEntry {
  type: string;
  subtype: string;
  q: number;
  version: string;
}

/**
 * Picks the exposition format for an HTTP `Accept` header the way client_golang's
 * `expfmt.NegotiateIncludingOpenMetrics` does: media ranges sorted by q (most specific first on
 * ties, otherwise in header order), the first `text/plain` (version 0.0.4 or none) or
 * `application/openmetrics-text` (version 1.0.0 or none) wins, and anything else, including no
 * header, gets the Prometheus text format. Unlike client_golang, a range with `q=0` is skipped, as
 * RFC 9110 defines q=0 as "not acceptable"; and OpenMetrics 0.0.1 is not offered (only 1.0.0 is written).
 */
export function negotiate(acceptHeader?: string): NegotiatedFormat {
  if (acceptHeader === undefined || acceptHeader === '') return PROMETHEUS;
  for (const entry of parseAccept(acceptHeader)) {
    if (entry.q <= 0) continue;
    if (
      entry.type === 'text' &&
      entry.subtype === 'plain' &&
      (entry.version === '0.0.4' || entry.version === '')
    ) {
      return PROMETHEUS;
    }
    if (
      entry.type === 'application' &&
      entry.subtype === 'openmetrics-text' &&
      (entry.version === '1.0.0' || entry.version === '')
    ) {
      return OPENMETRICS;
    }
  }
  return PROMETHEUS;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function parseAccept(header: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.split(';');
    const slash = range.indexOf('/');
    if (slash < 0) continue;
    const entry: AcceptEntry = {
      type: range.slice(0, slash).trim().toLowerCase(),
      subtype: range
        .slice(slash + 1)
        .trim()
        .toLowerCase(),
      q: 1,
      version: '',
    };
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const key = param.slice(0, eq).trim().toLowerCase();
      const value = unquote(param.slice(eq + 1).trim());
      if (key === 'q') {
        // goautoneg ignores the parse error and keeps the zero value, so a malformed q means "not acceptable".
        const q = value === '' ? Number.NaN : Number(value);
        entry.q = Number.isFinite(q) ? q : 0;
      } else if (key === 'version') {
        entry.version = value;
      }
    }
    entries.push(entry);
  }
  // Array.prototype.sort is stable, so equal entries keep header order (as goautoneg's small-slice sort does).
  return entries.sort((a, b) => {
    if (a.q !== b.q) return b.q - a.q;
    return specificity(b) - specificity(a);
  });
}

function specificity(entry: AcceptEntry): number {
  return (entry.type === '*' ? 0 : 2) + (entry.subtype === '*' ? 0 : 1);
}
