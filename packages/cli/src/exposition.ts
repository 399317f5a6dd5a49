import { ExpositionParseError, type ParsedFamily, type ParseFormat, parseExposition } from '@telemeter/core';
import { CliError, FetchError } from './errors.js';
import { bodySnippet, type FetchedText, fetchText } from './fetch-url.js';

/** Prometheus 2.42's scrape Accept header: OpenMetrics preferred, text 0.0.4 next, anything last. */
export const ACCEPT_NEGOTIATE =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const ACCEPT_ONLY: Record<ParseFormat, string> = {
  openmetrics: 'application/openmetrics-text;version=1.0.0',
  prometheus: 'text/plain;version=0.0.4',
};

export function acceptHeader(format?: ParseFormat): string {
  return format ? ACCEPT_ONLY[format] : ACCEPT_NEGOTIATE;
}

/** The grammar a response is in, from its Content-Type (text 0.0.4 unless it says OpenMetrics). */
export function formatOfContentType(contentType: string | null): ParseFormat {
  return contentType?.toLowerCase().includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

export interface FetchedExposition {
  readonly fetched: FetchedText;
  readonly format: ParseFormat;
  /** When the request was sent (performance.now() milliseconds), for rates between two fetches. */
  readonly startedAt: number;
}

/** GETs an exposition; a status other than 2xx is a FetchError that quotes the body. */
export async function fetchExposition(
  url: string,
  options: { format?: ParseFormat; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<FetchedExposition> {
  const startedAt = performance.now();
  const fetched = await fetchText(url, {
    headers: { Accept: acceptHeader(options.format) },
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  if (fetched.status < 200 || fetched.status > 299) {
    const snippet = bodySnippet(fetched.body);
    throw new FetchError(
      url,
      `${url} answered ${fetched.status} ${fetched.statusText}${snippet ? `: ${snippet}` : ''}`,
      fetched.status,
    );
  }
  return { fetched, format: formatOfContentType(fetched.headers.get('content-type')), startedAt };
}

/** Parses a fetched exposition; a parse error names the URL, line and column. */
export function parseFetched(exposition: FetchedExposition): ParsedFamily[] {
  try {
    return parseExposition(exposition.fetched.body, { format: exposition.format });
  } catch (error) {
    if (error instanceof ExpositionParseError) {
      throw new CliError(
        'TM_CLI_PARSE',
        `${exposition.fetched.url} is not valid ${exposition.format === 'openmetrics' ? 'OpenMetrics' : 'Prometheus text'}: ${error.message} (run 'telemeter scrape ${exposition.fetched.url}' for details)`,
      );
    }
    throw error;
  }
}
