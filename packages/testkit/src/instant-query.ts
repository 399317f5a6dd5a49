import { TestkitError } from './errors.js';

/** One series of a Prometheus-API query result (`value` for instant, `values` for range queries). */
export interface QueryResult {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

/**
 * Instant query through `/api/v1/query` of a Prometheus-compatible API (Prometheus,
 * VictoriaMetrics). Throws TM_TESTKIT_PEER_REQUEST_FAILED with the API's own error text.
 */
export async function instantQuery(
  peerName: string,
  baseUrl: string,
  expr: string,
  time?: number,
): Promise<QueryResult[]> {
  const params = new URLSearchParams({ query: expr });
  if (time !== undefined) params.set('time', String(time));
  const url = `${baseUrl}/api/v1/query?${params}`;
  let text: string;
  let status: number;
  try {
    const res = await fetch(url);
    status = res.status;
    text = await res.text();
  } catch (error) {
    throw new TestkitError('TM_TESTKIT_PEER_REQUEST_FAILED', `${peerName} query ${expr}: GET ${url} failed`, {
      cause: error,
    });
  }
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  if (body.status !== 'success') {
    throw new TestkitError(
      'TM_TESTKIT_PEER_REQUEST_FAILED',
      `${peerName} query ${expr} failed (HTTP ${status}): ${body.error ?? text.slice(0, 2_000)}`,
    );
  }
  // A scalar or string result is one [time, value] pair, not a list of series.
  const { resultType, result } = body.data ?? {};
  if (resultType === 'scalar' || resultType === 'string') {
    return [{ metric: {}, value: result as [number, string] }];
  }
  return (result as QueryResult[] | undefined) ?? [];
}
