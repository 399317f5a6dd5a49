// /api/v1/query, /query_range, /query_exemplars and /format_query.
import {
  type Expr,
  format,
  PromQLError,
  PromQLParseError,
  parse,
  type QueryResult,
  walkExpr,
} from '@telemeter/promql';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { ApiError, badData, invalidParam } from './errors.js';
import { limitParam } from './int-params.js';
import { noContent, success, successJson } from './response.js';
import { queryResultJson } from './result-json.js';
import {
  durationParam,
  MAX_TIME_MS,
  MIN_TIME_MS,
  parseDuration,
  requiredTimeParam,
  timeParam,
} from './time-params.js';
import type { ApiDeps } from './types.js';

const TIMED_OUT = 'query timed out in expression evaluation';
const BAD_STEP = 'zero or negative query resolution step widths are not accepted. Try a positive integer';

export async function handleQuery(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const params = req.params;
  const limit = limitParam(params);
  const timeMs = timeParam(params, 'time', Date.now());
  const timeoutMs = durationParam(params, 'timeout');
  const lookbackDeltaMs = lookbackParam(params);
  const text = params.get('query') ?? '';
  let result: QueryResult;
  try {
    result = await withDeadline(req.signal, deps, timeoutMs, (signal) =>
      deps.engine.instantQuery(deps.db, text, timeMs, { signal, lookbackDeltaMs }),
    );
  } catch (err) {
    // An instant query that cannot be built is a bad `query` parameter, as in Prometheus.
    if (
      err instanceof PromQLParseError ||
      (err instanceof PromQLError && err.code === 'TM_PROMQL_BAD_QUERY')
    ) {
      throw invalidParam('query', err.message, err);
    }
    throw err;
  }
  return answer(result, limit);
}

export async function handleQueryRange(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const params = req.params;
  const limit = limitParam(params);
  const startMs = requiredTimeParam(params, 'start');
  const endMs = requiredTimeParam(params, 'end');
  if (endMs < startMs) throw invalidParam('end', 'end timestamp must not be before start time');
  let step: number;
  try {
    step = parseDuration(params.get('step') ?? '');
  } catch (err) {
    throw invalidParam('step', (err as Error).message, err);
  }
  if (!(step > 0)) throw invalidParam('step', BAD_STEP);
  const max = deps.limits.maxPointsPerSeries;
  // Prometheus divides the range by the step in whole steps before comparing.
  if (Math.floor((endMs - startMs) / step) > max) {
    throw badData(
      `exceeded maximum resolution of ${thousands(max)} points per timeseries. Try decreasing the query resolution (?step=XX)`,
    );
  }
  const timeoutMs = durationParam(params, 'timeout');
  const lookbackDeltaMs = lookbackParam(params);
  // The engine steps in whole milliseconds, as Prometheus's does once the query runs.
  const stepMs = Math.trunc(step);
  if (stepMs <= 0) throw invalidParam('step', BAD_STEP);
  const text = params.get('query') ?? '';
  const result = await withDeadline(req.signal, deps, timeoutMs, (signal) =>
    deps.engine.rangeQuery(deps.db, text, startMs, endMs, stepMs, { signal, lookbackDeltaMs }),
  );
  return answer(result, limit);
}

/** We keep no exemplars: a valid request gets `[]` (or 204 when the query has no selector, as Prometheus). */
export function handleQueryExemplars(req: ApiRequest): ApiResponse {
  const params = req.params;
  const startMs = timeParam(params, 'start', MIN_TIME_MS);
  const endMs = timeParam(params, 'end', MAX_TIME_MS);
  if (endMs < startMs) throw badData('end timestamp must not be before start timestamp');
  const expr = parseOrThrow(params.get('query') ?? '', (err) => badData(err.message));
  let selectors = 0;
  walkExpr(expr, (node) => {
    if (node.type === 'VectorSelector') selectors++;
  });
  return selectors === 0 ? noContent() : success([]);
}

export function handleFormatQuery(req: ApiRequest): ApiResponse {
  const expr = parseOrThrow(req.params.get('query') ?? '', (err) => invalidParam('query', err.message, err));
  return success(format(expr));
}

function parseOrThrow(text: string, wrap: (err: PromQLParseError) => ApiError): Expr {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof PromQLParseError) throw wrap(err);
    throw err;
  }
}

function answer(result: QueryResult, limit: number): ApiResponse {
  const { json, truncated } = queryResultJson(result, limit);
  const warnings = truncated ? [...result.warnings, 'results truncated due to limit'] : result.warnings;
  return successJson(json, { warnings, infos: result.infos });
}

/** Prometheus's `lookback_delta` override; zero or negative keeps the engine's default. */
function lookbackParam(params: URLSearchParams): number | undefined {
  const text = params.get('lookback_delta');
  if (text === null || text === '') return undefined;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (err) {
    throw badData(`error parsing lookback delta duration: ${(err as Error).message}`);
  }
  return ms > 0 ? ms : undefined;
}

/**
 * Runs a query under the request's signal and a deadline: the `timeout` parameter, never longer
 * than the server's limit. A deadline that passes cancels the query, which then reports a timeout
 * (503 "timeout"), while a client that goes away reports a cancellation (503 "canceled").
 */
async function withDeadline<T>(
  requestSignal: AbortSignal,
  deps: ApiDeps,
  timeoutMs: number | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const serverLimit = deps.limits.defaultTimeoutMs;
  let deadline = timeoutMs;
  if (serverLimit > 0) deadline = deadline === undefined ? serverLimit : Math.min(deadline, serverLimit);
  if (deadline !== undefined && deadline <= 0) throw new ApiError('timeout', TIMED_OUT);
  const controller = new AbortController();
  const forward = (): void => controller.abort(requestSignal.reason);
  if (requestSignal.aborted) forward();
  else requestSignal.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, deadline);
  try {
    return await run(controller.signal);
  } catch (err) {
    if (timedOut && err instanceof PromQLError && err.code === 'TM_PROMQL_CANCELLED') {
      throw new ApiError('timeout', TIMED_OUT, { cause: err });
    }
    throw err;
  } finally {
    clearTimeout(timer);
    requestSignal.removeEventListener('abort', forward);
  }
}

/** 11000 → "11,000", as Prometheus's message spells its limit. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
