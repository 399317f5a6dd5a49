/**
 * The metric families an OperationTracker records into. They are created through the registry's
 * get-or-create, so trackers with the same registry, names and options share them (and a tracker
 * with other constant label values adds its own series to the same families).
 */
import type { Counter, Gauge, Histogram, Registry, Summary } from '@telemeter/core';

/**
 * Default duration buckets, 1 ms to 5 min. Prometheus's defaults stop at 10 s, but tool calls and
 * workflow steps that wait on a model, a build or a network routinely take 10 s - 5 min, and those
 * are exactly the calls worth seeing. Roughly x2-x2.5 apart, so histogram_quantile() stays within
 * about one bucket's width of the truth; 16 bounds = 18 series per (operation, outcome).
 */
export const DEFAULT_OPERATION_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
]);

/** Window quantiles kept by the summary: what a tool dashboard or `stats()` shows. */
export const OPERATION_QUANTILES: readonly number[] = Object.freeze([0.5, 0.95, 0.99]);

export interface OperationMetricNames {
  /** Counter `{operation, outcome}`. */
  calls: string;
  /** Counter `{operation, error_type}`. */
  errors: string;
  /** Gauge `{operation}`. */
  inFlight: string;
  /** Histogram `{operation, outcome}`, seconds. */
  duration: string;
  /** Summary `{operation}`, seconds, sliding-window quantiles. */
  window: string;
}

/** The metric names for a prefix and namespace: `${prefix}${namespace}_calls_total` and so on. */
export function operationMetricNames(prefix = '', namespace = 'operation'): OperationMetricNames {
  const stem = `${prefix}${namespace}`;
  return {
    calls: `${stem}_calls_total`,
    errors: `${stem}_errors_total`,
    inFlight: `${stem}_in_flight`,
    duration: `${stem}_duration_seconds`,
    window: `${stem}_duration_window_seconds`,
  };
}

type Labelled = readonly string[];

export interface OperationMetrics {
  readonly names: OperationMetricNames;
  readonly calls: Counter<Labelled>;
  readonly errors: Counter<Labelled>;
  readonly inFlight: Gauge<Labelled>;
  readonly duration: Histogram<Labelled>;
  readonly window: Summary<Labelled>;
}

export interface OperationMetricsConfig {
  registry: Registry;
  names: OperationMetricNames;
  /** The label naming the operation (`operation`, or e.g. `tool`). */
  operationLabel: string;
  /** Names of the tracker's constant labels, appended to every family's label names. */
  constantLabelNames: readonly string[];
  buckets: readonly number[];
  maxAgeSeconds: number;
  ageBuckets: number;
}

/**
 * Gets or creates the five families; throws core's DuplicateMetricError if a name is taken by another
 * definition, or InvalidMetricError for bad buckets/window options — leaving nothing of its own registered.
 */
export function createOperationMetrics(config: OperationMetricsConfig): OperationMetrics {
  const existing = new Set(
    Object.values(config.names).filter((name) => config.registry.get(name) !== undefined),
  );
  try {
    return createFamilies(config);
  } catch (error) {
    for (const name of Object.values(config.names)) {
      if (!existing.has(name)) config.registry.unregister(name);
    }
    throw error;
  }
}

function createFamilies(config: OperationMetricsConfig): OperationMetrics {
  const { registry, names, operationLabel: op, constantLabelNames: extra } = config;
  return {
    names,
    calls: registry.counter({
      name: names.calls,
      help: 'Operations that finished, by outcome (success, error, timeout, cancelled).',
      labelNames: [op, 'outcome', ...extra],
    }),
    errors: registry.counter({
      name: names.errors,
      help: 'Operations that ended with outcome "error", by error type (error code or class name).',
      labelNames: [op, 'error_type', ...extra],
    }),
    inFlight: registry.gauge({
      name: names.inFlight,
      help: 'Operations started and not yet finished.',
      labelNames: [op, ...extra],
    }),
    duration: registry.histogram({
      name: names.duration,
      help: 'Duration of operations that finished, by outcome.',
      labelNames: [op, 'outcome', ...extra],
      unit: 'seconds',
      buckets: config.buckets,
    }),
    window: registry.summary({
      name: names.window,
      help: `Duration of operations that finished, all outcomes, quantiles over the last ${config.maxAgeSeconds} s.`,
      labelNames: [op, ...extra],
      unit: 'seconds',
      quantiles: OPERATION_QUANTILES,
      maxAgeSeconds: config.maxAgeSeconds,
      ageBuckets: config.ageBuckets,
    }),
  };
}
