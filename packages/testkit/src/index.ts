/** Helpers for telemeter's own tests: start real peers (Debian packages) on 127.0.0.1. */
export { findBinary, requireBinary } from './binaries.js';
export { freePort } from './free-port.js';
export { type PeerProcess, startPeerProcess } from './peer-process.js';
export { type PromtoolCheckResult, promtoolCheckMetrics } from './promtool.js';
export {
  type PrometheusOptions,
  type QueryResult,
  type RunningPrometheus,
  startPrometheus,
} from './prometheus.js';
export { waitFor } from './wait.js';
