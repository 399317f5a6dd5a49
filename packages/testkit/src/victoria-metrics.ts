import { join } from 'node:path';
import { binaryPath } from './binaries.js';
import { peerRequest, startHttpPeer } from './http-peer.js';
import { instantQuery, type QueryResult } from './instant-query.js';

export interface VictoriaMetricsOptions {
  /**
   * `-retentionPeriod`; default `100y`. VictoriaMetrics drops samples outside retention silently
   * (the import still answers 204), and its 1-month default would drop fixed fixture timestamps
   * such as 1700000000000.
   */
  retentionPeriod?: string;
  extraFlags?: readonly string[];
}

export interface RunningVictoriaMetrics {
  readonly url: string;
  /** Prometheus remote write 1.0 (snappy + protobuf); answers 204. */
  readonly remoteWriteUrl: string;
  /** Prometheus text exposition, optional ms timestamps per line, `?extra_label=k=v`; answers 204. */
  readonly importPrometheusUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  /** POSTs text exposition to `importPrometheusUrl`; call `forceFlush()` before querying it. */
  importPrometheus(text: string): Promise<void>;
  /**
   * `GET /internal/force_flush`: without it new series stay invisible to queries for ~10 s; with
   * it they show up about a second later, so poll (`waitFor`) after flushing.
   */
  forceFlush(): Promise<void>;
  /** Instant query (MetricsQL, a superset of PromQL) through `/api/v1/query`; `time` in seconds. */
  query(promql: string, time?: number): Promise<QueryResult[]>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's VictoriaMetrics 1.79 single node on 127.0.0.1 with data in a temp dir.
 * `-search.latencyOffset=0s` because the 30 s default hides the last 30 s from queries at "now";
 * `-search.disableCache` so a query repeated while polling is never answered from an older result.
 * Notes from PEERS.md: plain NaN samples are dropped on ingest, query timestamps are whole
 * seconds, and `/api/v1/export` writes bare `+Inf`, which JSON.parse rejects.
 */
export async function startVictoriaMetrics(
  options: VictoriaMetricsOptions = {},
): Promise<RunningVictoriaMetrics> {
  const peer = await startHttpPeer({
    name: 'VictoriaMetrics',
    binary: binaryPath('victoria-metrics', 'victoria-metrics'),
    tempPrefix: 'telemeter-vm-',
    readyPath: '/health',
    flags: (dir, port) => [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, 'data')}`,
      `-retentionPeriod=${options.retentionPeriod ?? '100y'}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=WARN',
      ...(options.extraFlags ?? []),
    ],
  });
  const { url } = peer;
  const importPrometheusUrl = `${url}/api/v1/import/prometheus`;
  // Bodies are read to the end, never cancelled: a cancelled fetch body left the keep-alive
  // socket in a state VictoriaMetrics' graceful shutdown waited ~4 s on (3 stops in 20, measured).
  return {
    url,
    remoteWriteUrl: `${url}/api/v1/write`,
    importPrometheusUrl,
    dataDir: peer.dir,
    pid: peer.pid,
    async importPrometheus(text) {
      const res = await peerRequest('VictoriaMetrics import', importPrometheusUrl, {
        method: 'POST',
        body: text,
      });
      await res.arrayBuffer();
    },
    async forceFlush() {
      const res = await peerRequest('VictoriaMetrics force flush', `${url}/internal/force_flush`);
      await res.arrayBuffer();
    },
    query: (promql, time) => instantQuery('VictoriaMetrics', url, promql, time),
    output: peer.output,
    stop: peer.stop,
  };
}
