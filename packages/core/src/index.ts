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
export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './buckets.js';
export type { TelemeterConfig } from './config.js';
export { configFromEnv, configure, getConfig, isEnabled, setEnabled } from './config.js';
export type { CounterOptions } from './counter.js';
export { Counter, CounterChild } from './counter.js';
export type { GaugeOptions } from './gauge.js';
export { Gauge, GaugeChild } from './gauge.js';
export type { HistogramOptions, HistogramValue } from './histogram.js';
export { Histogram, HistogramChild } from './histogram.js';
export type { LabelValues } from './labels.js';
export { OVERFLOW_LABEL_VALUE } from './labels.js';
export type { AnyMetric, MetricOptions } from './metric.js';
export { DEFAULT_CARDINALITY_LIMIT, Metric, MetricChild } from './metric.js';
export type { RegistryOptions } from './registry.js';
export { defaultRegistry, Registry } from './registry.js';
export type { DropReason } from './self-metrics.js';
export { CARDINALITY_OVERFLOW_METRIC, DROPPED_SAMPLES_METRIC, SelfMetrics } from './self-metrics.js';
export type { WarningCode, WarningKind } from './warnings.js';
export { WARNING_CODES } from './warnings.js';
export type { LabelledTimerEnd, TimeOptions } from './timer.js';

// --- quantile sketch and summary ---
export { InvalidSketchError } from './errors.js';
export type { CoarseClockOptions } from './sketch/coarse-clock.js';
export { CoarseClock } from './sketch/coarse-clock.js';
export type { DDSketchOptions } from './sketch/ddsketch.js';
export {
  DDSketch,
  DEFAULT_MAX_BUCKET_COUNT,
  DEFAULT_RELATIVE_ACCURACY,
  mergeSketchSnapshots,
} from './sketch/ddsketch.js';
export type { SlidingWindowOptions } from './sketch/sliding-window.js';
export {
  DEFAULT_AGE_BUCKETS,
  DEFAULT_MAX_AGE_SECONDS,
  SlidingWindowSketch,
} from './sketch/sliding-window.js';
export type { SummaryOptions, SummaryValue } from './summary.js';
export { DEFAULT_QUANTILES, Summary, SummaryChild } from './summary.js';

// --- exposition ---
export { gzipStream } from './exposition/gzip.js';
export { histogramQuantile } from './exposition/histogram-quantile.js';
export type {
  JsonCounterFamily,
  JsonCounterSeries,
  JsonExemplar,
  JsonExposition,
  JsonFamily,
  JsonGaugeFamily,
  JsonGaugeSeries,
  JsonHistogramBucket,
  JsonHistogramFamily,
  JsonHistogramSeries,
  JsonNumber,
  JsonSummaryFamily,
  JsonSummaryQuantile,
  JsonSummarySeries,
} from './exposition/json.js';
export { formatJson } from './exposition/json.js';
export type { NegotiatedFormat } from './exposition/negotiate.js';
export {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_OPENMETRICS,
  CONTENT_TYPE_PROMETHEUS,
  negotiate,
} from './exposition/negotiate.js';
export { formatOpenMetrics } from './exposition/openmetrics.js';
export { formatPrometheusText } from './exposition/prometheus-text.js';
export type { ExpositionFormat, StreamExpositionOptions } from './exposition/stream.js';
export { streamExposition } from './exposition/stream.js';
export type { SummaryTableOptions } from './exposition/summary-table.js';
export { formatSummaryTable } from './exposition/summary-table.js';

// --- parser ---
export { createExpositionParser, parseExposition } from './parser/parse-exposition.js';
export type { ExpositionStreamParser } from './parser/parse-exposition.js';
export type {
  ParsedFamily,
  ParsedFamilyInfo,
  ParsedFamilyType,
  ParsedSample,
  ParseFormat,
  ParseOptions,
  StreamParseOptions,
} from './parser/types.js';

// --- http ---
export { ServerListenError } from './errors.js';
export type { FetchHandler } from './http/fetch-handler.js';
export { createFetchHandler } from './http/fetch-handler.js';
export type { MetricsHandler } from './http/metrics-handler.js';
export { createMetricsHandler } from './http/metrics-handler.js';
export type { MetricsHandlerOptions, MetricsResetOptions, MetricsSource } from './http/options.js';
export type {
  ReadinessCheck,
  ReadinessCheckResult,
  ReadinessChecks,
  ReadinessReport,
} from './http/readiness.js';
export type { RenderedResponse, RenderMetricsOptions } from './http/render.js';
export { renderMetrics } from './http/render.js';
export type { MetricsRenderer, RenderableRequest } from './http/renderer.js';
export { createMetricsRenderer } from './http/renderer.js';
export type { MetricsServer, ServeMetricsOptions } from './http/serve-metrics.js';
export { DEFAULT_METRICS_HOST, DEFAULT_METRICS_PORT, serveMetrics } from './http/serve-metrics.js';

// --- runtime metrics ---
export { collectRuntimeMetrics, DEFAULT_GC_DURATION_BUCKETS } from './runtime/collect-runtime-metrics.js';
export type { RuntimeMetricsCollector, RuntimeMetricsOptions } from './runtime/collect-runtime-metrics.js';

// --- workers and cluster ---
export type { ClusterAggregatorOptions, ClusterMetricsExposure } from './aggregate/cluster.js';
export { aggregateCluster, ClusterMetricsAggregator, exposeClusterMetrics } from './aggregate/cluster.js';
export type { MergeInput, MergeResult } from './aggregate/merge-families.js';
export { mergeFamilies } from './aggregate/merge-families.js';
export type { AggregatorOptions, AggregatorSource } from './aggregate/peer-aggregator.js';
export {
  AGGREGATION_TIMEOUTS_METRIC,
  AGGREGATION_WORKERS_METRIC,
  DEFAULT_AGGREGATION_TIMEOUT_MS,
  EXITED_WORKERS_SOURCE,
} from './aggregate/peer-aggregator.js';
export type { AggregationOptions, AggregationPolicy } from './aggregate/policy.js';
export { AGGREGATION_POLICIES } from './aggregate/policy.js';
export type { AggregationWarning, AggregationWarningCode } from './aggregate/warnings.js';
export { AGGREGATION_WARNING_CODES } from './aggregate/warnings.js';
export type { WorkerAggregatorOptions, WorkerMetricsExposure } from './aggregate/worker-threads.js';
export {
  aggregateWorkers,
  exposeWorkerMetrics,
  WorkerMetricsAggregator,
} from './aggregate/worker-threads.js';
