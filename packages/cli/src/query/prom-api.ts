import { ApiError, FetchError } from '../errors.js';
import { bodySnippet, fetchText } from '../fetch-url.js';

export type SampleValue = [number, string];

export interface InstantSeries {
  metric: Record<string, string>;
  value: SampleValue;
}

export interface RangeSeries {
  metric: Record<string, string>;
  values: SampleValue[];
}

/** The `data` of a successful /api/v1/query or /api/v1/query_range answer. */
export type QueryData =
  | { resultType: 'vector'; result: InstantSeries[] }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar'; result: SampleValue }
  | { resultType: 'string'; result: SampleValue };

export interface QueryAnswer {
  data: QueryData;
  warnings: string[];
}

export const QUERY_TIMEOUT_MS = 60_000;

interface ApiBody {
  status?: string;
  data?: QueryData;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

/**
 * POSTs a query to a Prometheus-compatible API (form-encoded, as Prometheus's UI does: a long
 * query does not hit URL length limits) and returns its data; an `{status:"error"}` answer
 * becomes an ApiError with Prometheus's errorType.
 */
export async function queryApi(
  root: string,
  endpoint: 'query' | 'query_range',
  params: Record<string, string>,
): Promise<QueryAnswer> {
  const url = `${root}/api/v1/${endpoint}`;
  const fetched = await fetchText(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(params).toString(),
    timeoutMs: QUERY_TIMEOUT_MS,
  });
  let body: ApiBody;
  try {
    body = JSON.parse(fetched.body) as ApiBody;
  } catch {
    const snippet = bodySnippet(fetched.body);
    throw new FetchError(
      url,
      `${url} answered ${fetched.status} ${fetched.statusText} without a Prometheus API JSON body${snippet ? `: ${snippet}` : ''} (is --server a Prometheus-compatible API?)`,
      fetched.status,
    );
  }
  if (body.status === 'error') {
    throw new ApiError(body.errorType ?? 'unknown', body.error ?? `HTTP ${fetched.status}`, fetched.status);
  }
  if (body.status !== 'success' || !body.data) {
    throw new FetchError(
      url,
      `${url} answered ${fetched.status} with an unexpected body: ${bodySnippet(fetched.body)}`,
      fetched.status,
    );
  }
  return { data: body.data, warnings: body.warnings ?? [] };
}
