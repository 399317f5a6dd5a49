/** Test fixtures of the http-client kit: the metric names, and instrumentation stopped after each test. */
import { afterEach } from 'node:test';
import type { Registry } from '@telemeter/core';
import {
  type HttpClientInstrumentation,
  type InstrumentHttpClientOptions,
  instrumentHttpClient,
} from '../instrument-http-client.js';

export const DURATION = 'http_client_request_duration_seconds';
export const TTFB = 'http_client_time_to_first_byte_seconds';
export const CONNECT = 'http_client_connect_duration_seconds';
export const REQUESTS = 'http_client_requests_total';
export const ERRORS = 'http_client_errors_total';
export const CONNECTIONS = 'http_client_connections_total';
export const ACTIVE = 'http_client_active_requests';

/**
 * Returns `instrument(registry, options?)`, which instruments with `defaults` under `options`; the
 * instrumentation is stopped after each test, failed ones included, so the global diagnostics
 * channels never carry a previous test's subscribers.
 */
export function instrumentPerTest(
  defaults: Omit<InstrumentHttpClientOptions, 'registry'>,
): (registry: Registry, options?: InstrumentHttpClientOptions) => HttpClientInstrumentation {
  let current: HttpClientInstrumentation | undefined;
  afterEach(() => {
    current?.stop();
    current = undefined;
  });
  return (registry, options = {}) => {
    current = instrumentHttpClient({ registry, ...defaults, ...options });
    return current;
  };
}
