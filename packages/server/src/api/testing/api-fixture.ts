// A real store in a temp dir with a small known data set, the API handler over it, and a way to
// call the handler directly as the HTTP layer would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@telemeter/promql';
import { DB, labelsFromRecord } from '@telemeter/storage';
import type { ApiRequest, ApiResponse, RouteHandler } from '../../http/types.js';
import { createApiHandler } from '../handler.js';
import type { ApiDeps } from '../types.js';

/** 2023-11-14T22:13:20Z: the first sample of every series. */
export const T0 = 1_700_000_000_000;
export const STEP_MS = 15_000;
/** Samples per series: T0, T0+15s, ..., T0+10m. */
export const POINTS = 41;
export const LAST = T0 + (POINTS - 1) * STEP_MS;

/** The series written, and the value of sample i of each. */
export const SERIES: readonly { labels: Record<string, string>; value: (i: number) => number }[] = [
  {
    labels: { __name__: 'http_requests_total', job: 'api', instance: 'a', code: '200' },
    value: (i) => 10 * i,
  },
  { labels: { __name__: 'http_requests_total', job: 'api', instance: 'b', code: '500' }, value: (i) => i },
  { labels: { __name__: 'up', job: 'api', instance: 'a' }, value: () => 1 },
  { labels: { __name__: 'up', job: 'db', instance: 'c' }, value: () => 0 },
  { labels: { __name__: 'temperature_celsius', room: 'lab' }, value: (i) => 20 + i / 8 },
];

export interface ApiFixture {
  readonly db: DB;
  readonly deps: ApiDeps;
  readonly handler: RouteHandler;
  /** Calls the handler as the HTTP layer would; `params` may repeat keys (match[]). */
  call(path: string, params?: Record<string, string | string[]>, init?: CallInit): Promise<ApiResult>;
  close(): Promise<void>;
}

export interface CallInit {
  readonly method?: string;
  readonly signal?: AbortSignal;
}

export interface ApiResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body (undefined unless it is JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests walk answers of many shapes and assert on them.
  readonly json: any;
}

export async function openApiFixture(overrides: Partial<ApiDeps> = {}): Promise<ApiFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-api-'));
  const db = DB.open(dir, { compactionIntervalMs: 0, fsync: 'none', retentionMs: 15 * 24 * 3_600_000 });
  const app = db.appender();
  for (const s of SERIES) {
    const labels = labelsFromRecord(s.labels);
    for (let i = 0; i < POINTS; i++) app.append(labels, T0 + i * STEP_MS, s.value(i));
  }
  app.setMetadata('http_requests_total', { type: 'counter', help: 'Requests served.', unit: '' });
  app.setMetadata('temperature_celsius', { type: 'gauge', help: 'Room temperature.', unit: 'celsius' });
  app.setMetadata('up', { type: 'gauge', help: 'Target is up.', unit: '' });
  await app.commit();
  const deps: ApiDeps = {
    db,
    engine: new Engine(),
    targets: (state) => ({
      activeTargets:
        state === 'dropped' ? [] : [{ scrapePool: 'api', labels: { job: 'api', instance: 'a' } }],
      droppedTargets: state === 'active' ? [] : [{ scrapePool: 'db', discoveredLabels: { job: 'db' } }],
    }),
    targetMetadata: () => [
      { target: { job: 'api', instance: 'a' }, metric: 'up', type: 'gauge', help: 'Target is up.', unit: '' },
      {
        target: { job: 'api', instance: 'a' },
        metric: 'http_requests_total',
        type: 'counter',
        help: 'Requests served.',
        unit: '',
      },
      { target: { job: 'db', instance: 'c' }, metric: 'up', type: 'gauge', help: 'Target is up.', unit: '' },
    ],
    config: () => 'global:\n  scrape_interval: 15s\n',
    flags: () => ({ 'storage.path': dir, listen: '127.0.0.1:9464' }),
    buildInfo: {
      version: '0.1.0',
      revision: 'abc123',
      branch: 'main',
      buildUser: 'test',
      buildDate: '20240101-00:00:00',
      goVersion: process.version,
    },
    startTime: new Date(T0),
    reloadInfo: () => ({ lastConfigTime: new Date(T0 + 1500), reloadConfigSuccess: true }),
    limits: { maxPointsPerSeries: 11_000, defaultTimeoutMs: 120_000 },
    ...overrides,
  };
  const handler = createApiHandler(deps);
  return {
    db,
    deps,
    handler,
    call: (path, params = {}, init = {}) => callHandler(handler, path, params, init),
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function callHandler(
  handler: RouteHandler,
  path: string,
  params: Record<string, string | string[]> = {},
  init: CallInit = {},
): Promise<ApiResult> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
  const request: ApiRequest = {
    method: init.method ?? 'GET',
    path,
    params: search,
    headers: {},
    body: Buffer.alloc(0),
    signal: init.signal ?? new AbortController().signal,
    remoteAddress: '127.0.0.1',
  };
  const response = await handler(request);
  if (response === undefined) throw new Error(`the API handler does not serve ${path}`);
  return toResult(response);
}

function toResult(response: ApiResponse): ApiResult {
  const text = response.body === undefined ? '' : Buffer.from(response.body).toString('utf8');
  const headers = response.headers ?? {};
  const isJson = (headers['content-type'] ?? '').startsWith('application/json');
  return { status: response.status, headers, text, json: isJson ? JSON.parse(text) : undefined };
}

/** Unix seconds of a ms timestamp, as the API's `time`/`start`/`end` take them. */
export function seconds(ms: number): string {
  return String(ms / 1000);
}
