/**
 * @telemeter/core — zero-dependency metrics instrumentation for Node.js.
 *
 * ```ts
 * import { Counter, defaultRegistry } from '@telemeter/core';
 * const requests = new Counter({ name: 'http_requests_total', help: 'Requests served', labelNames: ['method'] as const });
 * requests.labels({ method: 'GET' }).inc();
 * console.log(await defaultRegistry.metrics());
 * ```
 */

// --- errors ---
export {
  DuplicateMetricError,
  ExpositionParseError,
  InvalidConfigError,
  InvalidLabelsError,
  InvalidMetricError,
  TelemeterError,
} from './errors.js';

// --- snapshot data model ---
export type {
  CounterFamily,
  CounterPoint,
  Exemplar,
  GaugeFamily,
  GaugePoint,
  HistogramFamily,
  HistogramPoint,
  Labels,
  MetricFamily,
  MetricType,
  SketchSnapshot,
  SummaryFamily,
  SummaryPoint,
  UnknownFamily,
} from './types.js';

// --- instruments, labels, registry, config ---

// --- quantile sketch and summary ---

// --- exposition ---

// --- parser ---

// --- http ---

// --- runtime metrics ---

// --- workers and cluster ---
