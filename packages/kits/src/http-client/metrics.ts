import type { Counter, Gauge, Histogram } from '@telemeter/core';
import { type KitOptions, type ResolvedKitOptions, resolveKitOptions } from '../shared/kit-options.js';
import type { StatusLabelKind } from './classify.js';

/**
 * OpenTelemetry's advisory buckets for `http.client.request.duration` (semconv 1.23+), without the
 * 0 bound: a request never completes in 0 s.
 */
export const DEFAULT_HTTP_CLIENT_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
/**
 * Connects start at 250 µs: a loopback or same-host connect takes ~0.1-0.5 ms, one in the same
 * region ~1-5 ms, and a TLS handshake across a continent 100+ ms.
 */
export const DEFAULT_HTTP_CLIENT_CONNECT_BUCKETS: readonly number[] = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** How a request ended (the `outcome` label of `http_client_requests_total`). */
export type RequestOutcome = 'success' | 'http_error' | 'error' | 'aborted';

/** Where in its life a request failed (the `phase` label of `http_client_errors_total`). */
export type FailurePhase = 'connect' | 'request' | 'response';

export interface HttpClientMetricsOptions extends KitOptions {
  /** `'class'` (default): `http_response_status_class="2xx"`; `'code'`: `http_response_status_code="204"`. */
  statusLabel?: StatusLabelKind;
  /** Buckets of the request duration and time-to-first-byte histograms (default DEFAULT_HTTP_CLIENT_DURATION_BUCKETS). */
  durationBuckets?: readonly number[];
  /** Buckets of `http_client_connect_duration_seconds` (default DEFAULT_HTTP_CLIENT_CONNECT_BUCKETS). */
  connectBuckets?: readonly number[];
  /** Label sets each metric keeps before new ones overflow (default: the registry's). */
  cardinalityLimit?: number;
}

type Names = readonly string[];

/** The HTTP client metric families in one registry, shared by every instrumentation with the same options. */
export interface HttpClientMetrics {
  readonly duration: Histogram<Names>;
  readonly timeToFirstByte: Histogram<Names>;
  readonly connectDuration: Histogram<Names>;
  readonly requests: Counter<Names>;
  readonly errors: Counter<Names>;
  readonly connections: Counter<Names>;
  readonly active: Gauge<Names>;
  readonly statusName: string;
  readonly statusKind: StatusLabelKind;
  readonly resolved: ResolvedKitOptions;
}

const KIT_LABELS = [
  'http_request_method',
  'server_address',
  'http_response_status_class',
  'http_response_status_code',
  'error_type',
  'outcome',
  'phase',
  'reused',
];

/** Gets or creates the metrics described by `options` (same options, same metric objects). */
export function httpClientMetrics(options: HttpClientMetricsOptions = {}): HttpClientMetrics {
  const resolved = resolveKitOptions(options, KIT_LABELS, 'instrumentHttpClient');
  const { registry, prefix, constNames } = resolved;
  const statusKind: StatusLabelKind = options.statusLabel === 'code' ? 'code' : 'class';
  const statusName = statusKind === 'code' ? 'http_response_status_code' : 'http_response_status_class';
  const by = (...names: string[]): Names => [...names, ...constNames];
  const limit = options.cardinalityLimit;
  const durationBuckets = options.durationBuckets ?? DEFAULT_HTTP_CLIENT_DURATION_BUCKETS;
  return {
    resolved,
    statusKind,
    statusName,
    duration: registry.histogram({
      name: `${prefix}http_client_request_duration_seconds`,
      help: 'Duration of outgoing HTTP requests, from dispatch until the response body was fully received or the request failed.',
      labelNames: by('http_request_method', 'server_address', statusName, 'error_type'),
      buckets: durationBuckets,
      cardinalityLimit: limit,
    }),
    timeToFirstByte: registry.histogram({
      name: `${prefix}http_client_time_to_first_byte_seconds`,
      help: 'Time from dispatching an outgoing HTTP request until its response headers arrived (includes queueing, connect and server time).',
      labelNames: by('http_request_method', 'server_address'),
      buckets: durationBuckets,
      cardinalityLimit: limit,
    }),
    connectDuration: registry.histogram({
      name: `${prefix}http_client_connect_duration_seconds`,
      help: 'Time to establish a new connection for outgoing HTTP requests (TCP connect plus TLS handshake).',
      labelNames: by('server_address'),
      buckets: options.connectBuckets ?? DEFAULT_HTTP_CLIENT_CONNECT_BUCKETS,
      cardinalityLimit: limit,
    }),
    requests: registry.counter({
      name: `${prefix}http_client_requests_total`,
      help: 'Outgoing HTTP requests that ended, by outcome: success, http_error (status >= 400), error (no complete response) or aborted (by the caller).',
      labelNames: by('http_request_method', 'server_address', statusName, 'error_type', 'outcome'),
      cardinalityLimit: limit,
    }),
    errors: registry.counter({
      name: `${prefix}http_client_errors_total`,
      help: 'Outgoing HTTP requests that failed without a complete response, by error code or class and the phase it failed in (connect, request, response).',
      labelNames: by('server_address', 'error_type', 'phase'),
      cardinalityLimit: limit,
    }),
    connections: registry.counter({
      name: `${prefix}http_client_connections_total`,
      help: 'Outgoing HTTP requests by the connection they were sent on: reused="false" for a connection opened for this request, "true" for one reused from the pool.',
      labelNames: by('server_address', 'reused'),
      cardinalityLimit: limit,
    }),
    active: registry.gauge({
      name: `${prefix}http_client_active_requests`,
      help: 'Outgoing HTTP requests in flight (dispatched, response not yet fully received).',
      labelNames: by('http_request_method', 'server_address'),
      cardinalityLimit: limit,
    }),
  };
}
