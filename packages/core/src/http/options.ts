import { isEndpointPath } from '../config.js';
import { InvalidConfigError } from '../errors.js';
import type { MetricFamily } from '../types.js';
import { DEFAULT_READINESS_TIMEOUT_MS, type ReadinessChecks } from './readiness.js';

/**
 * What the HTTP layer needs from a registry. Any `Registry` (including `Registry.merge()`)
 * satisfies it; so does a hand-written source that builds families itself.
 */
export interface MetricsSource {
  collect(): Promise<readonly MetricFamily[]>;
}

export interface MetricsHandlerOptions {
  /** Where metrics are served. Default `/metrics`. */
  path?: string;
  /** Liveness endpoint, always `200 {"status":"ok"}`; `false` to not serve it. Default `/health`. */
  healthPath?: string | false;
  /** Readiness endpoint running `readiness` checks; `false` to not serve it. Default `/ready`. */
  readyPath?: string | false;
  /** Named readiness checks; `/ready` answers 503 naming every check that failed. */
  readiness?: ReadinessChecks;
  /** A check slower than this counts as failed. Default 1000 ms. */
  readinessTimeoutMs?: number;
  /** Compress `/metrics` when the client sends `Accept-Encoding: gzip`. Default `true`. */
  gzip?: boolean;
  /**
   * An admin endpoint that sets every metric of the registry back to zero: `POST` with
   * `Authorization: Bearer <token>`. Not served unless set. Needs a `Registry` (`resetAll()`).
   */
  reset?: MetricsResetOptions;
}

export interface MetricsResetOptions {
  /** Where the endpoint answers. Default `/metrics/reset`. */
  path?: string;
  /** The secret a request must send as `Authorization: Bearer <token>`. */
  token: string;
}

export interface ResolvedHandlerOptions {
  readonly path: string;
  readonly healthPath: string | false;
  readonly readyPath: string | false;
  readonly readiness: ReadinessChecks;
  readonly readinessTimeoutMs: number;
  readonly gzip: boolean;
  /** Absent when the reset endpoint is not configured. */
  readonly reset?: ResolvedResetOptions;
}

export interface ResolvedResetOptions {
  readonly path: string;
  readonly token: string;
}

export const DEFAULT_RESET_PATH = '/metrics/reset';

function checkPath(key: string, value: unknown): void {
  if (!isEndpointPath(value)) {
    throw new InvalidConfigError(
      key,
      `${key} must be a URL path starting with "/" without query, fragment or spaces (got ${JSON.stringify(value)}), e.g. "/metrics".`,
    );
  }
}

/** Validates handler options once, at creation, so a misconfiguration fails at startup. */
export function resolveHandlerOptions(options: MetricsHandlerOptions = {}): ResolvedHandlerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidConfigError(
      'options',
      'Metrics handler options must be an object, e.g. { path: "/metrics" }.',
    );
  }
  const path = options.path ?? '/metrics';
  checkPath('path', path);
  const healthPath = options.healthPath ?? '/health';
  if (healthPath !== false) checkPath('healthPath', healthPath);
  const readyPath = options.readyPath ?? '/ready';
  if (readyPath !== false) checkPath('readyPath', readyPath);
  const reset = options.reset === undefined ? undefined : resolveReset(options.reset);
  const paths = [path, healthPath, readyPath, reset?.path ?? false].filter((p) => p !== false);
  if (new Set(paths).size !== paths.length) {
    throw new InvalidConfigError(
      'path',
      `path, healthPath, readyPath${reset ? ' and reset.path' : ''} must differ (got ${paths.map((p) => JSON.stringify(p)).join(', ')}); set healthPath or readyPath to false to not serve one.`,
    );
  }

  const readiness = options.readiness ?? {};
  if (typeof readiness !== 'object' || readiness === null) {
    throw new InvalidConfigError(
      'readiness',
      'readiness must be an object of named check functions, e.g. { db: () => pool.ping() }.',
    );
  }
  for (const [name, check] of Object.entries(readiness)) {
    if (typeof check !== 'function') {
      throw new InvalidConfigError(
        'readiness',
        `readiness check "${name}" must be a function returning boolean | Promise<boolean | void> (got ${typeof check}).`,
      );
    }
  }

  const readinessTimeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  if (
    typeof readinessTimeoutMs !== 'number' ||
    !(readinessTimeoutMs > 0) ||
    readinessTimeoutMs > 2 ** 31 - 1
  ) {
    throw new InvalidConfigError(
      'readinessTimeoutMs',
      `readinessTimeoutMs must be a positive number of milliseconds up to 2147483647 (got ${String(readinessTimeoutMs)}).`,
    );
  }

  const gzip = options.gzip ?? true;
  if (typeof gzip !== 'boolean') {
    throw new InvalidConfigError('gzip', `gzip must be true or false (got ${String(gzip)}).`);
  }
  const resolved = { path, healthPath, readyPath, readiness: { ...readiness }, readinessTimeoutMs, gzip };
  return reset === undefined ? resolved : { ...resolved, reset };
}

function resolveReset(reset: unknown): ResolvedResetOptions {
  if (typeof reset !== 'object' || reset === null) {
    throw new InvalidConfigError(
      'reset',
      `reset must be an object such as { token: process.env.METRICS_RESET_TOKEN } (got ${String(reset)}).`,
    );
  }
  const { path = DEFAULT_RESET_PATH, token } = reset as Partial<MetricsResetOptions>;
  checkPath('reset.path', path);
  if (typeof token !== 'string' || token.trim() === '') {
    throw new InvalidConfigError(
      'reset.token',
      `reset.token must be a non-empty string, the secret that POST ${path} must send as "Authorization: Bearer <token>" (got ${typeof token === 'string' ? 'an empty string' : typeof token}).`,
    );
  }
  return { path, token };
}

export type Route = 'metrics' | 'health' | 'ready' | 'reset';

/** Which endpoint a request path is for, if any (exact match, as Prometheus's own handlers). */
export function routeOf(pathname: string, options: ResolvedHandlerOptions): Route | undefined {
  if (pathname === options.path) return 'metrics';
  if (pathname === options.healthPath) return 'health';
  if (pathname === options.readyPath) return 'ready';
  if (pathname === options.reset?.path) return 'reset';
  return undefined;
}
