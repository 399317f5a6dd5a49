import {
  type CounterChild,
  type Gauge,
  type GaugeChild,
  type HistogramChild,
  InvalidConfigError,
} from '@telemeter/core';
import { errorTypeOf } from '../shared/error-type.js';
import {
  type TransportFamilies,
  type TransportMetricsFamiliesOptions,
  transportFamilies,
} from './metrics.js';

export type Direction = 'sent' | 'received';

export interface TransportMetricsOptions extends TransportMetricsFamiliesOptions {
  /** The `transport` label: `'websocket'`, `'sse'`, `'stdio'`, or another fixed kind (`'tcp'`, `'ipc'`). */
  transport: string;
  /** The `name` label: which channel this is (`'chat'`, `'mcp-github'`). A fixed name, never a connection id. */
  name: string;
  /** Monotonic clock in milliseconds for idle time and gaps (default `performance.now`); inject in tests. */
  now?: () => number;
}

/** Idle state of one (transport, name, constant labels) series, shared by its live connections. */
interface IdleSeries {
  readonly labels: Record<string, string>;
  readonly now: () => number;
  /** Clock reading of the latest message on any connection (or of the first connection's creation). */
  last: number;
  /** Live TransportMetrics instances of this series; at 0 the series is removed from the gauge. */
  refs: number;
}

type Names = readonly string[];

// Keyed by the gauge (one per registry and prefix), so nothing outlives the registry that holds it.
const idleSeriesByGauge = new WeakMap<Gauge<Names>, Map<string, IdleSeries>>();

/** The idle gauge's collect callback: idle time is computed at scrape time, costing nothing per message. */
function refreshIdle(gauge: Gauge<Names>): void {
  const series = idleSeriesByGauge.get(gauge);
  if (series === undefined) return;
  for (const entry of series.values())
    gauge.labels(entry.labels).set(Math.max(0, entry.now() - entry.last) / 1000);
}

const MAX_LABEL_LENGTH = 128;

/** A size is a finite number >= 0; anything else is dropped (and counted) rather than recorded as a message. */
function validSize(size: number): boolean {
  return typeof size === 'number' && size >= 0 && size !== Number.POSITIVE_INFINITY;
}

function checkLabel(option: 'transport' | 'name', value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_LABEL_LENGTH) {
    throw new InvalidConfigError(
      option,
      `transportMetrics: ${option} must be a non-empty string of at most ${MAX_LABEL_LENGTH} characters (a fixed name, not a connection id)`,
    );
  }
  return value;
}

interface DirectionSeries {
  readonly messages: CounterChild;
  readonly bytes: CounterChild;
  readonly size: HistogramChild;
}

/**
 * The metrics of one logical connection of a message transport. Create one per connection (they
 * share series through `transport` and `name`): adapters do it for you. Reusing one instance for
 * the next connection of a reconnecting client is what makes `opened()` count reconnections.
 *
 * Recording never throws; an invalid size (negative, NaN, infinite) is not a message: it is
 * dropped and counted in the registry's `telemeter_dropped_samples_total`.
 */
export class TransportMetrics {
  readonly transport: string;
  readonly name: string;
  readonly families: TransportFamilies;
  // Bound on first use: a one-way transport (SSE) shows no empty series for the other direction,
  // and one that never times serialization shows no empty histogram.
  private sentSeries: DirectionSeries | undefined;
  private receivedSeries: DirectionSeries | undefined;
  private idleGap: HistogramChild | undefined;
  private serializeSeries: HistogramChild | undefined;
  private deserializeSeries: HistogramChild | undefined;
  private readonly reconnections: CounterChild;
  private readonly openGauge: GaugeChild;
  private readonly labels: Readonly<Record<string, string>>;
  private readonly now: () => number;
  private readonly idle: IdleSeries;
  private readonly idleKey: string;
  /** Clock reading of this connection's previous message; -1 before the first. */
  private last = -1;
  private isOpen = false;
  private everOpened = false;
  private stopped = false;

  constructor(options: TransportMetricsOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidConfigError('options', 'transportMetrics: pass { transport, name }');
    }
    this.transport = checkLabel('transport', options.transport);
    this.name = checkLabel('name', options.name);
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new InvalidConfigError('now', 'transportMetrics: now must be a function returning milliseconds');
    }
    this.now = options.now ?? (() => performance.now());
    const families = transportFamilies(options, refreshIdle);
    this.families = families;
    const labels = { transport: this.transport, name: this.name, ...families.resolved.constLabels };
    this.labels = labels;
    this.reconnections = families.reconnections.labels(labels);
    this.openGauge = families.open.labels(labels);

    let bySeries = idleSeriesByGauge.get(families.idle);
    if (bySeries === undefined) idleSeriesByGauge.set(families.idle, (bySeries = new Map()));
    this.idleKey = JSON.stringify(labels);
    let idle = bySeries.get(this.idleKey);
    if (idle === undefined) {
      idle = { labels, now: this.now, last: this.now(), refs: 0 };
      bySeries.set(this.idleKey, idle);
    }
    idle.refs++;
    this.idle = idle;
  }

  /** One message of `bytes` bytes was sent. */
  sent(bytes: number): void {
    const series = (this.sentSeries ??= this.direction('sent'));
    series.bytes.inc(bytes);
    if (validSize(bytes)) this.recordMessage(series, bytes);
  }

  /** One message of `bytes` bytes was received. */
  received(bytes: number): void {
    const series = (this.receivedSeries ??= this.direction('received'));
    series.bytes.inc(bytes);
    if (validSize(bytes)) this.recordMessage(series, bytes);
  }

  /**
   * Stream bytes with no message boundary yet (framed transports count bytes as they flow and
   * messages as frames complete, with message()).
   */
  bytes(direction: Direction, bytes: number): void {
    if (bytes !== 0) this.series(direction).bytes.inc(bytes);
  }

  /** A message boundary whose `size` bytes were already counted with bytes(). */
  message(direction: Direction, size: number): void {
    const series = this.series(direction);
    // An invalid size goes to the byte counter, which drops it and counts the drop in the registry.
    if (validSize(size)) this.recordMessage(series, size);
    else series.bytes.inc(size);
  }

  /** Counts a reconnection explicitly (opened() counts one by itself when this instance opens again). */
  reconnect(): void {
    this.reconnections.inc();
  }

  /** The connection is open; if this instance was open before, that is a reconnection. Idempotent. */
  opened(): void {
    if (this.isOpen || this.stopped) return;
    this.isOpen = true;
    this.openGauge.inc();
    if (this.everOpened) this.reconnections.inc();
    this.everOpened = true;
  }

  /** The connection closed. Idempotent. */
  closed(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.openGauge.dec();
  }

  /** Counts an error: an Error (by code or class name) or a short type string of your own. */
  error(error: unknown): void {
    const type = typeof error === 'string' && error !== '' ? error.slice(0, 64) : errorTypeOf(error);
    this.families.errors.labels({ ...this.labels, error_type: type }).inc();
  }

  /** Calls `fn` (e.g. `() => JSON.stringify(message)`), records its duration, returns its result unchanged. */
  timeSerialize<T>(fn: () => T): T {
    this.serializeSeries ??= this.families.serialization.labels({ ...this.labels, operation: 'serialize' });
    return this.serializeSeries.time(fn);
  }

  /** Calls `fn` (e.g. `() => JSON.parse(text)`), records its duration, returns its result unchanged. */
  timeDeserialize<T>(fn: () => T): T {
    this.deserializeSeries ??= this.families.serialization.labels({
      ...this.labels,
      operation: 'deserialize',
    });
    return this.deserializeSeries.time(fn);
  }

  /** Seconds since the last message on any live connection of this transport and name. */
  get idleSeconds(): number {
    return Math.max(0, this.now() - this.idle.last) / 1000;
  }

  get isOpened(): boolean {
    return this.isOpen;
  }

  /**
   * This connection is gone for good: closes it and releases its share of the idle series (removed
   * from the gauge when no live connection is left). Counters keep their totals. Idempotent.
   */
  stop(): void {
    if (this.stopped) return;
    this.closed();
    this.stopped = true;
    const idle = this.idle;
    if (--idle.refs > 0) return;
    const bySeries = idleSeriesByGauge.get(this.families.idle);
    if (bySeries?.get(this.idleKey) === idle) {
      bySeries.delete(this.idleKey);
      try {
        this.families.idle.remove(idle.labels);
      } catch {
        // Already removed (cleared by the user); nothing to do.
      }
    }
  }

  private series(direction: Direction): DirectionSeries {
    return direction === 'sent'
      ? (this.sentSeries ??= this.direction('sent'))
      : (this.receivedSeries ??= this.direction('received'));
  }

  private direction(direction: Direction): DirectionSeries {
    const labels = { ...this.labels, direction };
    const { families } = this;
    return {
      messages: families.messages.labels(labels),
      bytes: families.bytes.labels(labels),
      size: families.size.labels(labels),
    };
  }

  private recordMessage(series: DirectionSeries, size: number): void {
    series.messages.inc();
    series.size.observe(size);
    const now = this.now();
    if (this.last >= 0) {
      this.idleGap ??= this.families.idleGap.labels(this.labels);
      this.idleGap.observe((now - this.last) / 1000);
    }
    this.last = now;
    if (now > this.idle.last) this.idle.last = now;
  }
}

/** Creates the metrics of one connection; see TransportMetrics. */
export function transportMetrics(options: TransportMetricsOptions): TransportMetrics {
  return new TransportMetrics(options);
}
