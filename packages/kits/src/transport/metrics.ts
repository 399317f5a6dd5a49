import type { Counter, Gauge, Histogram } from '@telemeter/core';
import { type KitOptions, type ResolvedKitOptions, resolveKitOptions } from '../shared/kit-options.js';

/**
 * Message sizes from 64 B to 16 MiB by powers of 4: a JSON-RPC notification is ~100 B, a chat
 * message ~1 KiB, a state snapshot 100 KiB+, and `ws` refuses frames over 100 MiB by default.
 */
export const DEFAULT_MESSAGE_SIZE_BUCKETS: readonly number[] = [
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
];
/**
 * Gaps between messages: from a burst (1 ms) through typical keep-alive intervals (15-60 s: SSE
 * comments, WebSocket pings behind proxies that cut idle connections at 60 s) to 15 minutes.
 */
export const DEFAULT_IDLE_GAP_BUCKETS: readonly number[] = [
  0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900,
];
/** (De)serialisation of one message: 10 µs for a small JSON object up to 100 ms for a huge one. */
export const DEFAULT_SERIALIZATION_BUCKETS: readonly number[] = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
];

export interface TransportMetricsFamiliesOptions extends KitOptions {
  /** Buckets of `transport_message_size_bytes` (default DEFAULT_MESSAGE_SIZE_BUCKETS). */
  sizeBuckets?: readonly number[];
  /** Buckets of `transport_idle_gap_seconds` (default DEFAULT_IDLE_GAP_BUCKETS). */
  idleBuckets?: readonly number[];
  /** Buckets of `transport_serialization_duration_seconds` (default DEFAULT_SERIALIZATION_BUCKETS). */
  serializationBuckets?: readonly number[];
  /** Label sets each metric keeps before new ones overflow (default: the registry's). */
  cardinalityLimit?: number;
}

type Names = readonly string[];

/** The transport metric families in one registry, shared by every transport with the same options. */
export interface TransportFamilies {
  readonly messages: Counter<Names>;
  readonly bytes: Counter<Names>;
  readonly size: Histogram<Names>;
  readonly reconnections: Counter<Names>;
  readonly open: Gauge<Names>;
  readonly idle: Gauge<Names>;
  readonly idleGap: Histogram<Names>;
  readonly serialization: Histogram<Names>;
  readonly errors: Counter<Names>;
  readonly resolved: ResolvedKitOptions;
}

const KIT_LABELS = ['transport', 'name', 'direction', 'operation', 'error_type'];

/**
 * Gets or creates the families described by `options`. `onIdleCollect` becomes the idle gauge's
 * collect callback when this call creates the gauge (get-or-create keeps the first one's).
 */
export function transportFamilies(
  options: TransportMetricsFamiliesOptions,
  onIdleCollect: (gauge: Gauge<Names>) => void,
): TransportFamilies {
  const resolved = resolveKitOptions(options, KIT_LABELS, 'transportMetrics');
  const { registry, prefix, constNames } = resolved;
  const by = (...names: string[]): Names => ['transport', 'name', ...names, ...constNames];
  const cardinalityLimit = options.cardinalityLimit;
  return {
    resolved,
    messages: registry.counter({
      name: `${prefix}transport_messages_total`,
      help: 'Messages sent and received over message transports (WebSocket, SSE, stdio), by direction.',
      labelNames: by('direction'),
      cardinalityLimit,
    }),
    bytes: registry.counter({
      name: `${prefix}transport_bytes_total`,
      help: 'Payload bytes sent and received over message transports, by direction (WebSocket: message payloads; SSE and stdio: stream bytes, keep-alives included).',
      labelNames: by('direction'),
      cardinalityLimit,
    }),
    size: registry.histogram({
      name: `${prefix}transport_message_size_bytes`,
      help: 'Size of each message in bytes, by direction (framed transports: the whole frame with its delimiter).',
      labelNames: by('direction'),
      buckets: options.sizeBuckets ?? DEFAULT_MESSAGE_SIZE_BUCKETS,
      cardinalityLimit,
    }),
    reconnections: registry.counter({
      name: `${prefix}transport_reconnections_total`,
      help: 'Times a transport connected again after having been connected (client reconnects; SSE requests carrying Last-Event-ID).',
      labelNames: by(),
      cardinalityLimit,
    }),
    open: registry.gauge({
      name: `${prefix}transport_open_connections`,
      help: 'Transport connections currently open.',
      labelNames: by(),
      cardinalityLimit,
    }),
    idle: registry.gauge({
      name: `${prefix}transport_idle_seconds`,
      help: 'Seconds since the last message in either direction on any live connection of the transport (since it opened, before the first message).',
      labelNames: by(),
      cardinalityLimit,
      collect: onIdleCollect,
    }),
    idleGap: registry.histogram({
      name: `${prefix}transport_idle_gap_seconds`,
      help: 'Time between consecutive messages (either direction) on one connection.',
      labelNames: by(),
      buckets: options.idleBuckets ?? DEFAULT_IDLE_GAP_BUCKETS,
      cardinalityLimit,
    }),
    serialization: registry.histogram({
      name: `${prefix}transport_serialization_duration_seconds`,
      help: 'Time spent serializing outgoing and deserializing incoming messages.',
      labelNames: by('operation'),
      buckets: options.serializationBuckets ?? DEFAULT_SERIALIZATION_BUCKETS,
      cardinalityLimit,
    }),
    errors: registry.counter({
      name: `${prefix}transport_errors_total`,
      help: 'Transport errors by type (an error code or class name; WebSocket: abnormal close codes as ws_close_<code>).',
      labelNames: by('error_type'),
      cardinalityLimit,
    }),
  };
}
