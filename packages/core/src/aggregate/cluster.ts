/**
 * Metrics recorded in `node:cluster` workers, exposed merged by the primary.
 *
 * Transport: the cluster IPC channel, with messages namespaced `telemeter:*` (see protocol.ts) so
 * that the application's own `process.on('message')` / `cluster.on('message')` handlers can ignore
 * them with one check. Pull model: the primary's `collect()` sends `telemeter:collect` with a request
 * id to every worker that said hello and merges what comes back within `timeoutMs`. Families travel
 * as text (wire.ts) so that NaN and infinities survive the default JSON serialization.
 */
import type { Cluster, Worker as ClusterWorker } from 'node:cluster';
import * as clusterModule from 'node:cluster';
import { InvalidConfigError } from '../errors.js';
import type { ExpositionFormat } from '../exposition/stream.js';
import type { MetricsSource } from '../http/options.js';
import { defaultRegistry } from '../registry.js';
import type { MetricFamily } from '../types.js';
import { type ExposedSlot, errorText, existingExposure, startExposure } from './exposure.js';
import { type AggregatorOptions, type AggregatorSource, PeerAggregator } from './peer-aggregator.js';
import {
  COLLECT,
  FAILED,
  FINAL,
  HELLO,
  isProtocolMessage,
  PING,
  PROTOCOL_VERSION,
  type ProtocolMessage,
  SNAPSHOT,
} from './protocol.js';
import { AGGREGATION_WARNING_CODES, WarnOnce } from './warnings.js';
import { decodeFamilies, encodeFamilies } from './wire.js';

// The cluster object is the default export under ESM, and the module itself in the CommonJS build
// (compiled without esModuleInterop, where a default import would read an undefined `.default`).
const cluster: Cluster =
  (clusterModule as unknown as { default?: Cluster }).default ?? (clusterModule as unknown as Cluster);

export interface ClusterAggregatorOptions extends AggregatorOptions {
  /**
   * The primary's own metrics, exposed merged with the workers'. Default `defaultRegistry`; `null`
   * exposes the workers' metrics only.
   */
  registry?: AggregatorSource | null;
}

/**
 * In the cluster primary: a metrics source (`collect()`, `metrics()`, usable wherever a registry is,
 * e.g. `serveMetrics({ registry: aggregator })`) returning the merged metrics of every worker that
 * called `exposeClusterMetrics()`, plus the primary's own.
 */
export class ClusterMetricsAggregator implements MetricsSource {
  private readonly core: PeerAggregator;
  private readonly warn = new WarnOnce();
  private readonly onMessage = (worker: ClusterWorker, message: unknown): void =>
    this.receive(worker, message);
  private readonly onExit = (worker: ClusterWorker): void => this.core.exited(String(worker.id));
  private closed = false;

  constructor(options: ClusterAggregatorOptions = {}) {
    if (!cluster.isPrimary) {
      throw new InvalidConfigError(
        'cluster',
        'ClusterMetricsAggregator runs in the cluster primary; in a worker call exposeClusterMetrics(registry)',
      );
    }
    if (typeof options !== 'object' || options === null) {
      throw new InvalidConfigError('options', 'ClusterMetricsAggregator options must be an object');
    }
    const registry = options.registry === undefined ? defaultRegistry : options.registry;
    this.core = new PeerAggregator(
      registry,
      'primary',
      (id, requestId) => this.sendCollect(id, requestId),
      (id) => `cluster worker ${id}`,
      'exposeClusterMetrics',
      options,
    );
    cluster.on('message', this.onMessage);
    cluster.on('exit', this.onExit);
    // Workers forked before this aggregator existed said hello to no one: ask again.
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker === undefined) continue;
      this.core.add(String(worker.id));
      this.post(worker, { type: PING, v: PROTOCOL_VERSION });
    }
  }

  /** How long a collection waits for the workers, in ms. */
  get timeoutMs(): number {
    return this.core.timeoutMs;
  }

  /** The primary's families merged with the workers' (see mergeFamilies). Never rejects because of a worker. */
  collect(): Promise<MetricFamily[]> {
    return this.core.collect();
  }

  /** collect(), rendered in the Prometheus text format (default), OpenMetrics, or JSON. */
  metrics(format: ExpositionFormat = 'prometheus'): Promise<string> {
    return this.core.metrics(format);
  }

  /** Stops listening to the cluster and forgets what the workers reported. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    cluster.off('message', this.onMessage);
    cluster.off('exit', this.onExit);
    this.core.clear();
  }

  private post(worker: ClusterWorker, message: ProtocolMessage, onError?: (error: Error) => void): boolean {
    if (!worker.isConnected()) return false;
    try {
      // With a callback, a send on a channel that just closed reports here instead of as an 'error' event.
      worker.send(message, undefined, (error) => {
        if (error) onError?.(error);
      });
      return true;
    } catch (error) {
      onError?.(error as Error);
      return false;
    }
  }

  private sendCollect(id: string, requestId: string): boolean {
    const worker = cluster.workers?.[id];
    if (worker === undefined) return false;
    return this.post(worker, { type: COLLECT, v: PROTOCOL_VERSION, id: requestId }, (error) =>
      this.core.failed(id, requestId, errorText(error)),
    );
  }

  private receive(worker: ClusterWorker, message: unknown): void {
    if (!isProtocolMessage(message)) return;
    const id = String(worker.id);
    if (!this.core.has(id)) this.core.add(id);
    if (message.type === HELLO) {
      this.core.hello(id);
      return;
    }
    if (message.type !== SNAPSHOT && message.type !== FINAL) {
      if (message.type === FAILED && typeof message.id === 'string') {
        this.core.failed(id, message.id, String(message.message));
      }
      return;
    }
    let families: MetricFamily[];
    try {
      families = decodeFamilies(String(message.families));
    } catch (error) {
      this.warn.emit([
        {
          code: AGGREGATION_WARNING_CODES.invalid,
          subject: `worker:${id}`,
          message: `cluster worker ${id} sent metrics that could not be read (${errorText(error)}); they are left out. Is it running the same @telemeter/core version as the primary?`,
        },
      ]);
      if (typeof message.id === 'string') this.core.failed(id, message.id, 'unreadable snapshot');
      return;
    }
    if (message.type === FINAL) this.core.final(id, families);
    else if (typeof message.id === 'string') this.core.answer(id, message.id, families);
  }
}

/** In the cluster primary: the merged metrics of the workers and of `registry` (pass `null` for the workers' only). */
export function aggregateCluster(
  registry: AggregatorSource | null = defaultRegistry,
  options: AggregatorOptions = {},
): ClusterMetricsAggregator {
  return new ClusterMetricsAggregator({ ...options, registry });
}

/** What `exposeClusterMetrics()` returns. */
export interface ClusterMetricsExposure {
  /** Sends a last snapshot to the primary and stops answering (its counters stay in the primary's totals). */
  close(): Promise<void>;
}

const exposed: ExposedSlot = { current: undefined };

/**
 * In a cluster worker: answer the primary's collections with `registry`'s metrics. Like any
 * `process.on('message')` listener, it keeps the IPC channel referenced until `close()`.
 * @throws InvalidConfigError outside a cluster worker, or when this worker already exposes another registry.
 */
export function exposeClusterMetrics(registry: MetricsSource = defaultRegistry): ClusterMetricsExposure {
  if (!cluster.isWorker || typeof process.send !== 'function') {
    throw new InvalidConfigError(
      'cluster',
      'exposeClusterMetrics() runs in a cluster worker (forked by cluster.fork()); in the primary use aggregateCluster()',
    );
  }
  const existing = existingExposure(exposed, registry, 'exposeClusterMetrics()', 'process');
  if (existing !== undefined) return existing;
  let receive: ((message: unknown) => void) | undefined;
  return startExposure(exposed, registry, {
    post: (message) =>
      new Promise((resolve) => {
        if (!process.connected || process.send === undefined) return resolve();
        try {
          process.send(message, undefined, undefined, () => resolve());
        } catch {
          resolve();
        }
      }),
    // Text, so that NaN and infinities survive the IPC channel's JSON serialization.
    encode: encodeFamilies,
    listen(onMessage) {
      receive = onMessage;
      process.on('message', onMessage);
    },
    stop() {
      if (receive !== undefined) process.off('message', receive);
    },
  });
}
