import { InvalidConfigError } from '@telemeter/core';
import { TransportMetrics, type TransportMetricsOptions } from './transport-metrics.js';

/** Options of the adapters (instrumentWebSocket, instrumentSse, instrumentStdio ...). */
export interface TransportAdapterOptions extends Omit<TransportMetricsOptions, 'transport' | 'name'> {
  /**
   * Record into this instance instead of a new one. Pass the same instance for each new connection
   * of a reconnecting client: its second opening counts a reconnection. Other options are then ignored.
   */
  metrics?: TransportMetrics;
  /** The `transport` label (default: the adapter's kind, e.g. `'websocket'`). */
  transport?: string;
  /** The `name` label (default: the transport kind). A fixed name, never a connection id. */
  name?: string;
}

/** What the adapters return. */
export interface TransportInstrumentation {
  readonly metrics: TransportMetrics;
  /**
   * Detaches from the connection (wrapped methods restored, listeners removed). A metrics instance
   * the adapter created is stopped too; one passed in stays live. Idempotent; adapters also do it
   * by themselves when the connection closes.
   */
  stop(): void;
}

/** The instance to record into, and whether the adapter created it (and so stops it with the connection). */
export function adapterMetrics(
  options: TransportAdapterOptions,
  transport: string,
  where: string,
): { metrics: TransportMetrics; owned: boolean } {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConfigError('options', `${where}: options must be an object`);
  }
  if (options.metrics !== undefined) {
    if (!(options.metrics instanceof TransportMetrics)) {
      throw new InvalidConfigError('metrics', `${where}: metrics must come from transportMetrics()`);
    }
    return { metrics: options.metrics, owned: false };
  }
  const kind = options.transport ?? transport;
  return {
    metrics: new TransportMetrics({ ...options, transport: kind, name: options.name ?? kind }),
    owned: true,
  };
}

/** Builds the handle: `detach` runs once, then an owned instance is stopped. */
export function instrumentation(
  metrics: TransportMetrics,
  owned: boolean,
  detach: () => void,
): TransportInstrumentation {
  let stopped = false;
  return {
    metrics,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        detach();
      } finally {
        if (owned) metrics.stop();
      }
    },
  };
}
