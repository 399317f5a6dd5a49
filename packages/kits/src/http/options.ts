/** Options shared by every HTTP server adapter, and their validation (at creation: never per request). */
import { InvalidConfigError, type Labels, type Registry } from '@telemeter/core';
import { KNOWN_HTTP_METHODS } from './method.js';
import type { StatusLabelKind } from './status.js';

/**
 * OpenTelemetry's advisory buckets for `http.server.request.duration`, in seconds
 * (semantic-conventions `docs/http/http-metrics.md`).
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** Body-size buckets in bytes: powers of 4 from 64 B to 16 MiB (OTel gives no advice for sizes). */
export const HTTP_BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
]);

export const DEFAULT_UNMATCHED_ROUTE = 'unmatched';

export interface HttpServerMetricsOptions {
  /** Where the metrics go. Default: core's `defaultRegistry`. */
  registry?: Registry;
  /** Prepended to every metric name, e.g. `myapp_`. Default ''. */
  prefix?: string;
  /** Constant labels added to every series, e.g. `{ server: 'public' }`. */
  labels?: Labels;
  /** Buckets of `http_server_request_duration_seconds`. Default: OTel's (HTTP_DURATION_BUCKETS). */
  durationBuckets?: readonly number[];
  /** Buckets of the two body-size histograms. Default HTTP_BODY_SIZE_BUCKETS. */
  sizeBuckets?: readonly number[];
  /** Observe request and response body sizes. Default true. */
  bodySizes?: boolean;
  /**
   * `'class'` (default): label `http_response_status_class` = `1xx`…`5xx`; `'code'`: label
   * `http_response_status_code` = `200`, `404`, … (OTel's attribute; more series).
   */
  statusLabel?: StatusLabelKind;
  /** `http_route` of a request no route matched (404s, scanners). Default `unmatched`. */
  unmatchedRoute?: string;
  /** Methods kept as label values; others become `_OTHER`. Default KNOWN_HTTP_METHODS. */
  knownMethods?: readonly string[];
  /** Label sets each metric keeps before new ones go to the `__overflow__` series. Default: the registry's. */
  cardinalityLimit?: number;
}

export interface ResolvedHttpOptions {
  registry: Registry | undefined;
  prefix: string;
  labels: Labels;
  durationBuckets: readonly number[];
  sizeBuckets: readonly number[];
  bodySizes: boolean;
  statusLabel: StatusLabelKind;
  unmatchedRoute: string;
  knownMethods: readonly string[];
  cardinalityLimit: number | undefined;
}

/** The label names the kit uses itself, so constant labels cannot take them. */
export const OWN_LABELS: readonly string[] = [
  'http_request_method',
  'http_route',
  'http_response_status_class',
  'http_response_status_code',
  'le',
];

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function invalid(key: string, message: string): never {
  throw new InvalidConfigError(key, `http server metrics: ${message}`);
}

export function resolveHttpOptions(options: HttpServerMetricsOptions | undefined): ResolvedHttpOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') invalid('options', 'expected an options object');
  const {
    registry,
    prefix = '',
    labels = {},
    durationBuckets = HTTP_DURATION_BUCKETS,
    sizeBuckets = HTTP_BODY_SIZE_BUCKETS,
    bodySizes = true,
    statusLabel = 'class',
    unmatchedRoute = DEFAULT_UNMATCHED_ROUTE,
    knownMethods = KNOWN_HTTP_METHODS,
    cardinalityLimit,
  } = options;
  if (registry !== undefined && (registry === null || typeof registry.histogram !== 'function')) {
    invalid('registry', 'registry must be a Registry from @telemeter/core');
  }
  if (typeof prefix !== 'string' || (prefix !== '' && !NAME_RE.test(prefix))) {
    invalid('prefix', `prefix ${JSON.stringify(prefix)} would make invalid metric names (e.g. use "myapp_")`);
  }
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    invalid('labels', 'labels must be an object of label name to string value');
  }
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_RE.test(name) || name.startsWith('__')) {
      invalid('labels', `label name ${JSON.stringify(name)} is invalid; use [a-zA-Z_][a-zA-Z0-9_]*`);
    }
    if (OWN_LABELS.includes(name)) invalid('labels', `label "${name}" is set by the kit itself`);
    if (typeof value !== 'string') invalid('labels', `label "${name}" must have a string value`);
  }
  if (typeof bodySizes !== 'boolean') invalid('bodySizes', 'bodySizes must be true or false');
  if (statusLabel !== 'class' && statusLabel !== 'code') {
    invalid('statusLabel', `statusLabel must be "class" or "code", got ${JSON.stringify(statusLabel)}`);
  }
  if (typeof unmatchedRoute !== 'string' || unmatchedRoute === '') {
    invalid('unmatchedRoute', 'unmatchedRoute must be a non-empty string');
  }
  if (!Array.isArray(knownMethods) || knownMethods.some((m) => typeof m !== 'string' || m === '')) {
    invalid('knownMethods', 'knownMethods must be an array of method names like "GET"');
  }
  return {
    registry,
    prefix,
    labels: { ...labels },
    durationBuckets,
    sizeBuckets,
    bodySizes,
    statusLabel,
    unmatchedRoute,
    knownMethods: [...knownMethods],
    cardinalityLimit,
  };
}
