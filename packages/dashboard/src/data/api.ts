// The REST client of /api/v1 (docs/api.md). Times are milliseconds on this side, as everywhere
// in the dashboard, and unix seconds on the wire. Values arrive as Go-formatted strings
// ("+Inf", "NaN", "1e-07") and are turned into numbers here, once.
import type { ActiveTarget, DroppedTarget } from '@telemeter/server';
import type { DashboardDefinition } from '../dashboards/definition.js';

/** Labels of one series, `__name__` included when the result keeps it. */
export type Labels = Readonly<Record<string, string>>;
/** `[timestamp in ms, value]`. */
export type Sample = readonly [number, number];

export interface InstantSeries {
  readonly metric: Labels;
  readonly value: Sample;
}
export interface RangeSeries {
  readonly metric: Labels;
  readonly values: readonly Sample[];
}

export type InstantResult =
  | { readonly resultType: 'vector'; readonly result: readonly InstantSeries[] }
  | { readonly resultType: 'matrix'; readonly result: readonly RangeSeries[] }
  | { readonly resultType: 'scalar'; readonly result: Sample }
  | { readonly resultType: 'string'; readonly result: readonly [number, string] };

/** PromQL annotations the server sent along with a result. */
export interface Annotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

export type QueryResult = InstantResult & Annotations;
export interface RangeQueryResult extends Annotations {
  readonly result: readonly RangeSeries[];
}

export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

export interface TargetsResult {
  readonly activeTargets: readonly ActiveTarget[];
  readonly droppedTargets: readonly DroppedTarget[];
}

/** Where a parse error starts (and, when the server says, ends): 1-based, columns in code points. */
export interface ErrorPosition {
  readonly line: number;
  readonly column: number;
  readonly end?: { readonly line: number; readonly column: number };
}

/** Stable codes: the server's for its error types, two more for failures before an answer. */
export type ApiRequestErrorCode =
  | 'TM_API_BAD_DATA'
  | 'TM_API_EXECUTION'
  | 'TM_API_TIMEOUT'
  | 'TM_API_CANCELED'
  | 'TM_API_INTERNAL'
  | 'TM_API_UNAVAILABLE'
  | 'TM_API_BAD_RESPONSE';

/**
 * A request the server refused or could not answer. `errorType` is Prometheus's (`bad_data`,
 * `execution`, `timeout`, `canceled`, `internal`), or `unavailable` (no answer: network down,
 * server stopped) or `bad_response` (an answer that is not the API's JSON).
 */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly code: ApiRequestErrorCode;
  readonly errorType: string;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  /** Set for PromQL parse errors: where in the query the parser stopped. */
  readonly position?: ErrorPosition;
  /** The message without the `invalid parameter "query": 1:5: parse error: ` prefix. */
  readonly detail: string;

  constructor(errorType: string, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.errorType = errorType;
    this.status = status;
    this.code = codeOf(errorType);
    const parsed = parseErrorPosition(message);
    this.detail = parsed?.detail ?? message;
    if (parsed !== undefined) this.position = parsed.position;
  }
}

function codeOf(errorType: string): ApiRequestErrorCode {
  switch (errorType) {
    case 'bad_data':
      return 'TM_API_BAD_DATA';
    case 'execution':
      return 'TM_API_EXECUTION';
    case 'timeout':
      return 'TM_API_TIMEOUT';
    case 'canceled':
      return 'TM_API_CANCELED';
    case 'unavailable':
      return 'TM_API_UNAVAILABLE';
    case 'bad_response':
      return 'TM_API_BAD_RESPONSE';
    default:
      return 'TM_API_INTERNAL';
  }
}

// Prometheus's ParseErr: "<line>:<col>: parse error: <detail>", possibly behind
// `invalid parameter "query": `. A range "<line>:<col>-<line>:<col>" is accepted as well.
const PARSE_ERROR = /(?:^|:\s)(\d+):(\d+)(?:-(\d+):(\d+))?: parse error: ([\s\S]*)$/;

/** The position and bare message of a PromQL parse error, or undefined for any other message. */
export function parseErrorPosition(message: string): { position: ErrorPosition; detail: string } | undefined {
  const m = PARSE_ERROR.exec(message);
  if (m === null) return undefined;
  const position: ErrorPosition = {
    line: Number(m[1]),
    column: Number(m[2]),
    ...(m[3] !== undefined && m[4] !== undefined
      ? { end: { line: Number(m[3]), column: Number(m[4]) } }
      : {}),
  };
  return { position, detail: m[5] ?? '' };
}

/** A value as Prometheus writes it: Go's FormatFloat, with `+Inf`, `-Inf` and `NaN`. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** ms → the API's unix seconds with up to millisecond decimals. */
export function toApiTime(ms: number): string {
  return (Math.round(ms) / 1000).toString();
}

export type ParamValue = string | number | readonly string[] | undefined;

/** `base + /api/v1 + path` with the parameters as a query string; arrays repeat the key. */
export function buildApiUrl(
  baseUrl: string,
  path: string,
  params: Readonly<Record<string, ParamValue>> = {},
): string {
  const query = encodeParams(params);
  return `${baseUrl.replace(/\/+$/, '')}/api/v1${path}${query === '' ? '' : `?${query}`}`;
}

export function encodeParams(params: Readonly<Record<string, ParamValue>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  return search.toString();
}

// Past this, a query goes in a POST body: proxies and servers cap URL length (often 8 KB).
const MAX_GET_QUERY_CHARS = 4000;

export interface ApiClientOptions {
  /** Origin (and path prefix) of the server; '' means the page's own origin. */
  readonly baseUrl?: string;
}

/** Per-call options. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/** Same-origin client of telemeter's Prometheus-compatible API. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
  }

  /** Instant query at `timeMs` (default: the server's now). */
  async query(expr: string, timeMs?: number, options?: RequestOptions): Promise<QueryResult> {
    const params = { query: expr, time: timeMs === undefined ? undefined : toApiTime(timeMs) };
    const body = await this.request<RawInstant>('/query', params, options, true);
    return { ...toInstantResult(body.data), ...annotationsOf(body) };
  }

  /** Range query from `startMs` to `endMs` (inclusive) every `stepMs`. */
  async queryRange(
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options?: RequestOptions,
  ): Promise<RangeQueryResult> {
    const params = { query: expr, start: toApiTime(startMs), end: toApiTime(endMs), step: toApiTime(stepMs) };
    const body = await this.request<{ result: RawRange[] }>('/query_range', params, options, true);
    return { result: body.data.result.map(toRangeSeries), ...annotationsOf(body) };
  }

  /** Label names, of the series matching any of `match` when given. */
  async labels(match?: readonly string[], options?: RequestOptions): Promise<string[]> {
    return (await this.request<string[]>('/labels', { 'match[]': match }, options, true)).data;
  }

  /** Values of label `name` (`__name__`: metric names), of the series matching `match` when given. */
  async labelValues(name: string, match?: readonly string[], options?: RequestOptions): Promise<string[]> {
    const path = `/label/${encodeURIComponent(name)}/values`;
    return (await this.request<string[]>(path, { 'match[]': match }, options, false)).data;
  }

  async series(
    match: readonly string[],
    startMs?: number,
    endMs?: number,
    options?: RequestOptions,
  ): Promise<Labels[]> {
    const params = {
      'match[]': match,
      start: startMs === undefined ? undefined : toApiTime(startMs),
      end: endMs === undefined ? undefined : toApiTime(endMs),
    };
    return (await this.request<Labels[]>('/series', params, options, true)).data;
  }

  /** Type, help and unit per metric family (counters under their name without `_total`). */
  async metadata(metric?: string, options?: RequestOptions): Promise<Record<string, MetricMetadata[]>> {
    return (await this.request<Record<string, MetricMetadata[]>>('/metadata', { metric }, options, false))
      .data;
  }

  async targets(options?: RequestOptions): Promise<TargetsResult> {
    return (await this.request<TargetsResult>('/targets', {}, options, false)).data;
  }

  async dashboards(options?: RequestOptions): Promise<DashboardDefinition[]> {
    return (await this.request<DashboardDefinition[]>('/dashboards', {}, options, false)).data;
  }

  /**
   * Where the server sends a user dashboard, or one of its panels (0-based, in reading order), as
   * a Grafana dashboard JSON file (`Content-Disposition: attachment`): a link target to download.
   */
  grafanaExportUrl(dashboardId: string, panelIndex?: number): string {
    return buildApiUrl(this.baseUrl, `/dashboards/${encodeURIComponent(dashboardId)}/grafana`, {
      panel: panelIndex,
    });
  }

  /** The query in canonical form; a parse error is an ApiRequestError with `position`. */
  async formatQuery(expr: string, options?: RequestOptions): Promise<string> {
    return (await this.request<string>('/format_query', { query: expr }, options, true)).data;
  }

  private async request<T>(
    path: string,
    params: Readonly<Record<string, ParamValue>>,
    options: RequestOptions | undefined,
    postAllowed: boolean,
  ): Promise<SuccessBody<T>> {
    const encoded = encodeParams(params);
    const usePost = postAllowed && encoded.length > MAX_GET_QUERY_CHARS;
    const url = usePost ? buildApiUrl(this.baseUrl, path) : buildApiUrl(this.baseUrl, path, params);
    const init: RequestInit = usePost
      ? {
          method: 'POST',
          body: encoded,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          signal: options?.signal ?? null,
        }
      : { signal: options?.signal ?? null };
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (err) {
      if (options?.signal?.aborted) throw err;
      throw new ApiRequestError('unavailable', 0, `cannot reach the server at ${url}: ${messageOf(err)}`, {
        cause: err,
      });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      const what = res.ok ? 'an answer that is not JSON' : `HTTP ${res.status} ${res.statusText}`;
      throw new ApiRequestError('bad_response', res.status, `${path}: the server sent ${what}`, {
        cause: err,
      });
    }
    if (isErrorBody(body)) throw new ApiRequestError(body.errorType, res.status, body.error);
    if (!res.ok || !isSuccessBody(body)) {
      throw new ApiRequestError('bad_response', res.status, `${path}: HTTP ${res.status}, not an API answer`);
    }
    return body as SuccessBody<T>;
  }
}

interface SuccessBody<T> {
  status: 'success';
  data: T;
  warnings?: string[];
  infos?: string[];
}
type RawSample = [number, string];
interface RawRange {
  metric: Record<string, string>;
  values: RawSample[];
}
type RawInstant =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: RawSample }[] }
  | { resultType: 'matrix'; result: RawRange[] }
  | { resultType: 'scalar'; result: RawSample }
  | { resultType: 'string'; result: [number, string] };

function isErrorBody(body: unknown): body is { errorType: string; error: string } {
  const b = body as { status?: unknown; errorType?: unknown; error?: unknown } | null;
  return typeof b === 'object' && b !== null && b.status === 'error' && typeof b.error === 'string';
}
function isSuccessBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'success';
}

function annotationsOf(body: SuccessBody<unknown>): Annotations {
  return { warnings: body.warnings ?? [], infos: body.infos ?? [] };
}

function toSample(raw: RawSample): Sample {
  return [Math.round(raw[0] * 1000), parseSampleValue(raw[1])];
}

function toRangeSeries(raw: RawRange): RangeSeries {
  return { metric: raw.metric, values: raw.values.map(toSample) };
}

function toInstantResult(raw: RawInstant): InstantResult {
  switch (raw.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: raw.result.map((s) => ({ metric: s.metric, value: toSample(s.value) })),
      };
    case 'matrix':
      return { resultType: 'matrix', result: raw.result.map(toRangeSeries) };
    case 'scalar':
      return { resultType: 'scalar', result: toSample(raw.result) };
    case 'string':
      return { resultType: 'string', result: [Math.round(raw.result[0] * 1000), raw.result[1]] };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
