/** Helpers for telemeter's own tests: start real peers (Debian packages) on 127.0.0.1. */
export {
  type AlertmanagerOptions,
  DEFAULT_ALERTMANAGER_CONFIG,
  type RunningAlertmanager,
  startAlertmanager,
} from './alertmanager.js';
export { binaryPath, findBinary, requireBinary } from './binaries.js';
export { PromtoolError, TestkitError, type TestkitErrorCode } from './errors.js';
export { freePort } from './free-port.js';
export { type HttpPeer, type HttpPeerSpec, peerRequest, startHttpPeer } from './http-peer.js';
export { instantQuery, type QueryResult } from './instant-query.js';
export { type PeerProcess, startPeerProcess } from './peer-process.js';
export { type PrometheusOptions, type RunningPrometheus, startPrometheus } from './prometheus.js';
export { type PromtoolCheckResult, promtoolCheckMetrics } from './promtool.js';
export {
  type PromtoolQueryArgs,
  type PromtoolQueryKind,
  type PromtoolQueryOutput,
  type PromtoolTime,
  promtoolQuery,
} from './promtool-query.js';
export { type PushgatewayOptions, type RunningPushgateway, startPushgateway } from './pushgateway.js';
export {
  type RunningVictoriaMetrics,
  startVictoriaMetrics,
  type VictoriaMetricsOptions,
} from './victoria-metrics.js';
export { waitFor } from './wait.js';
