/**
 * `@telemeter/kits/http-client` — outgoing HTTP requests (global fetch / undici, node:http and
 * node:https) measured from Node's diagnostics channels, without patching anything.
 */
export type { StatusLabelKind } from './classify.js';
export type { HttpClientInstrumentation, InstrumentHttpClientOptions } from './instrument-http-client.js';
export { instrumentHttpClient } from './instrument-http-client.js';
export type {
  FailurePhase,
  HttpClientMetrics,
  HttpClientMetricsOptions,
  RequestOutcome,
} from './metrics.js';
export {
  DEFAULT_HTTP_CLIENT_CONNECT_BUCKETS,
  DEFAULT_HTTP_CLIENT_DURATION_BUCKETS,
  httpClientMetrics,
} from './metrics.js';
export { originAddress } from './server-address.js';
export type { HttpClientFilter, HttpClientRequestInfo } from './undici-channels.js';
