import { InvalidConfigError } from '@telemeter/core';
import { type HttpClientMetrics, type HttpClientMetricsOptions, httpClientMetrics } from './metrics.js';
import { subscribeNodeHttp } from './node-http-channels.js';
import { HttpClientRecorder } from './recorder.js';
import { ServerAddresses } from './server-address.js';
import { type HttpClientFilter, subscribeUndici } from './undici-channels.js';

export interface InstrumentHttpClientOptions extends HttpClientMetricsOptions {
  /**
   * Maps an origin (`https://api.example.com`) to the `server_address` label, e.g. to group a
   * sharded service's hosts. Called once per origin and cached: it must be deterministic and return
   * few distinct values. Default: `host:port`.
   */
  hostLabel?: (origin: string) => string;
  /** Return false to leave a request out (e.g. calls to a metrics push gateway). */
  filter?: HttpClientFilter;
  /** Instrument undici: global fetch and the `undici` package. Default true. */
  undici?: boolean;
  /** Instrument node:http / node:https clients (`http.request`, `http.get`, axios, got ...). Default true. */
  nodeHttp?: boolean;
}

/** What instrumentHttpClient() returns. */
export interface HttpClientInstrumentation {
  /** The metric families written to (shared with other instrumentations of the same options). */
  readonly metrics: HttpClientMetrics;
  /**
   * Unsubscribes from the channels. Requests in flight are taken out of the active gauge and not
   * recorded further. The metrics stay registered: they may be shared; unregister them by name if needed.
   */
  stop(): void;
}

/**
 * Records outgoing HTTP requests — global fetch / undici and node:http(s) — from Node's diagnostics
 * channels: duration, time to first byte, connect time, connection reuse, errors and requests in
 * flight. Nothing is patched, so the instrumented code behaves exactly as before. Instrument once
 * per registry: two active instrumentations with the same options count every request twice.
 * @throws InvalidConfigError on invalid options; DuplicateMetricError when a metric name is taken by another definition.
 */
export function instrumentHttpClient(options: InstrumentHttpClientOptions = {}): HttpClientInstrumentation {
  const { hostLabel, filter, undici = true, nodeHttp = true } = options;
  if (hostLabel !== undefined && typeof hostLabel !== 'function') {
    throw new InvalidConfigError(
      'hostLabel',
      'instrumentHttpClient: hostLabel must be a function (origin) => string',
    );
  }
  if (filter !== undefined && typeof filter !== 'function') {
    throw new InvalidConfigError(
      'filter',
      'instrumentHttpClient: filter must be a function (request) => boolean',
    );
  }
  if (
    options.statusLabel !== undefined &&
    options.statusLabel !== 'class' &&
    options.statusLabel !== 'code'
  ) {
    throw new InvalidConfigError(
      'statusLabel',
      'instrumentHttpClient: statusLabel must be "class" or "code"',
    );
  }
  const metrics = httpClientMetrics(options);
  const recorder = new HttpClientRecorder(metrics);
  const addresses = new ServerAddresses(hostLabel);
  const safeFilter: HttpClientFilter | undefined =
    filter === undefined
      ? undefined
      : (request) => {
          try {
            return filter(request) !== false;
          } catch {
            return true;
          }
        };
  const unsubscribers: (() => void)[] = [];
  if (undici) unsubscribers.push(subscribeUndici(recorder, addresses, safeFilter));
  if (nodeHttp) unsubscribers.push(subscribeNodeHttp(recorder, addresses, safeFilter));
  return {
    metrics,
    stop() {
      if (recorder.stopped) return;
      for (const unsubscribe of unsubscribers) unsubscribe();
      recorder.stop();
    },
  };
}
