import type { Counter, CounterChild, Gauge, GaugeChild, Histogram, HistogramChild } from '@telemeter/core';
import {
  type KitOptions,
  type ResolvedKitOptions,
  resolveKitOptions,
  unregisterFamilies,
} from '../shared/kit-options.js';

/**
 * Wait buckets start at 100 µs: an uncontended limiter grants in microseconds, and the interesting
 * part of the distribution is where queueing begins (ms) up to pathological waits (tens of seconds).
 */
export const DEFAULT_SEMAPHORE_WAIT_BUCKETS: readonly number[] = [
  0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
/** How long a permit is held: the duration of the limited operation itself. */
export const DEFAULT_SEMAPHORE_HOLD_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Options shared by InstrumentedSemaphore, wrapLimiter and instrumentAcquire. */
export interface ConcurrencyKitOptions extends KitOptions {
  /** Buckets of `semaphore_wait_seconds` (default DEFAULT_SEMAPHORE_WAIT_BUCKETS). */
  waitBuckets?: readonly number[];
  /** Buckets of `semaphore_hold_seconds` (default DEFAULT_SEMAPHORE_HOLD_BUCKETS). */
  holdBuckets?: readonly number[];
}

/** How an acquisition ended: granted at once, granted after waiting, refused (queue full), or given up while waiting. */
export type SemaphoreAcquireMode = 'immediate' | 'queued' | 'rejected' | 'aborted';

const KIT_LABELS = ['semaphore', 'mode', 'concurrency'] as const;
type Names = readonly string[];

/** The kit's metric families in one registry (shared by every limiter with the same options). */
export interface ConcurrencyMetrics {
  readonly wait: Histogram<Names>;
  readonly hold: Histogram<Names>;
  readonly queueDepth: Gauge<Names>;
  readonly active: Gauge<Names>;
  readonly limit: Gauge<Names>;
  readonly maxActive: Gauge<Names>;
  readonly acquisitions: Counter<Names>;
  readonly runs: Counter<Names>;
  readonly resolved: ResolvedKitOptions;
}

/** The series of one limiter name, bound once so recording is a plain method call. */
export interface LimiterSeries {
  readonly wait: HistogramChild;
  readonly hold: HistogramChild;
  readonly queueDepth: GaugeChild;
  readonly active: GaugeChild;
  readonly limit: GaugeChild;
  readonly maxActive: GaugeChild;
  readonly acquisitions: Readonly<Record<SemaphoreAcquireMode, CounterChild>>;
  readonly sequential: CounterChild;
  readonly concurrent: CounterChild;
}

/** Gets or creates the concurrency metrics described by `options`. */
export function concurrencyMetrics(options: ConcurrencyKitOptions = {}): ConcurrencyMetrics {
  const resolved = resolveKitOptions(options, KIT_LABELS, 'concurrency kit');
  const { registry, prefix, constNames } = resolved;
  const by = (...names: string[]): Names => [...names, ...constNames];
  return {
    resolved,
    wait: registry.histogram({
      name: `${prefix}semaphore_wait_seconds`,
      help: 'Time from asking a limiter for a permit until it was granted (queue wait), per granted acquisition.',
      labelNames: by('semaphore'),
      buckets: options.waitBuckets ?? DEFAULT_SEMAPHORE_WAIT_BUCKETS,
    }),
    hold: registry.histogram({
      name: `${prefix}semaphore_hold_seconds`,
      help: 'Time a permit was held: from grant to release (the duration of the limited operation).',
      labelNames: by('semaphore'),
      buckets: options.holdBuckets ?? DEFAULT_SEMAPHORE_HOLD_BUCKETS,
    }),
    queueDepth: registry.gauge({
      name: `${prefix}semaphore_queue_depth`,
      help: 'Acquisitions waiting for a permit.',
      labelNames: by('semaphore'),
    }),
    active: registry.gauge({
      name: `${prefix}semaphore_active`,
      help: 'Operations holding a permit.',
      labelNames: by('semaphore'),
    }),
    limit: registry.gauge({
      name: `${prefix}semaphore_limit`,
      help: 'Permits the limiter allows at once (its concurrency).',
      labelNames: by('semaphore'),
    }),
    maxActive: registry.gauge({
      name: `${prefix}semaphore_max_active`,
      help: 'High-water mark of semaphore_active since the limiter was created.',
      labelNames: by('semaphore'),
    }),
    acquisitions: registry.counter({
      name: `${prefix}semaphore_acquisitions_total`,
      help: 'Acquisitions by outcome: immediate (granted at once), queued (granted after waiting), rejected (queue full), aborted (given up while waiting).',
      labelNames: by('semaphore', 'mode'),
    }),
    runs: registry.counter({
      name: `${prefix}semaphore_runs_total`,
      help: 'Completed operations (permit released): sequential if no other operation of the same limiter held a permit at any moment while it held its own, else concurrent.',
      labelNames: by('semaphore', 'concurrency'),
    }),
  };
}

/** Binds the series of limiter `name`. */
export function limiterSeries(metrics: ConcurrencyMetrics, name: string): LimiterSeries {
  const base = { ...metrics.resolved.constLabels, semaphore: name };
  const mode = (m: SemaphoreAcquireMode) => metrics.acquisitions.labels({ ...base, mode: m });
  return {
    wait: metrics.wait.labels(base),
    hold: metrics.hold.labels(base),
    queueDepth: metrics.queueDepth.labels(base),
    active: metrics.active.labels(base),
    limit: metrics.limit.labels(base),
    maxActive: metrics.maxActive.labels(base),
    acquisitions: {
      immediate: mode('immediate'),
      queued: mode('queued'),
      rejected: mode('rejected'),
      aborted: mode('aborted'),
    },
    sequential: metrics.runs.labels({ ...base, concurrency: 'sequential' }),
    concurrent: metrics.runs.labels({ ...base, concurrency: 'concurrent' }),
  };
}

/** Removes the kit's metric families (those `options` describe) from their registry. */
export function unregisterConcurrencyMetrics(options: KitOptions = {}): void {
  unregisterFamilies(options, KIT_LABELS, 'unregisterConcurrencyMetrics', [
    'semaphore_wait_seconds',
    'semaphore_hold_seconds',
    'semaphore_queue_depth',
    'semaphore_active',
    'semaphore_limit',
    'semaphore_max_active',
    'semaphore_acquisitions_total',
    'semaphore_runs_total',
  ]);
}
