/**
 * Every `process.emitWarning` code of @telemeter/core, in one table. Warnings report problems that
 * must not throw (bad values at record time, a bad environment variable, a server error after
 * listening, an aggregation mismatch); docs/errors.md lists them all.
 */
import type { DropReason } from './self-metrics.js';

/** Stable warning codes by kind; never reused or renamed. */
export const WARNING_CODES = {
  // Recording: once per metric and kind (the first four are drop reasons).
  negative_increment: 'TELEMETER_W_NEGATIVE_INCREMENT',
  invalid_value: 'TELEMETER_W_INVALID_VALUE',
  invalid_labels: 'TELEMETER_W_INVALID_LABELS',
  invalid_exemplar: 'TELEMETER_W_INVALID_EXEMPLAR',
  cardinality_overflow: 'TELEMETER_W_CARDINALITY_OVERFLOW',
  collect_failed: 'TELEMETER_W_COLLECT_FAILED',
  collect_ignored: 'TELEMETER_W_COLLECT_IGNORED',
  // Configuration and the metrics server.
  invalid_env: 'TELEMETER_W_INVALID_ENV',
  metrics_server: 'TELEMETER_W_METRICS_SERVER',
  runtime_metrics_skipped: 'TELEMETER_W_RUNTIME_METRICS_SKIPPED',
  // Worker and cluster aggregation (also exported as AGGREGATION_WARNING_CODES).
  aggregation_conflict: 'TELEMETER_W_AGGREGATION_CONFLICT',
  aggregation_buckets: 'TELEMETER_W_AGGREGATION_BUCKETS',
  aggregation_sketch: 'TELEMETER_W_AGGREGATION_SKETCH',
  aggregation_policy: 'TELEMETER_W_AGGREGATION_POLICY',
  aggregation_invalid: 'TELEMETER_W_AGGREGATION_INVALID',
  worker_timeout: 'TELEMETER_W_WORKER_TIMEOUT',
} as const;

export type WarningKind = keyof typeof WARNING_CODES;
export type WarningCode = (typeof WARNING_CODES)[WarningKind];

/** The kinds a metric warns about at most once each. */
export type MetricWarningKind = DropReason | 'cardinality_overflow' | 'collect_failed' | 'collect_ignored';

/** @internal Bit per metric warning kind, so a metric remembers what it already warned about in one number. */
export const WARNING_BITS: Readonly<Record<MetricWarningKind, number>> = {
  negative_increment: 1,
  invalid_value: 2,
  invalid_labels: 4,
  invalid_exemplar: 8,
  cardinality_overflow: 16,
  collect_failed: 32,
  collect_ignored: 64,
};

/** @internal Emits `telemeter: <message>` with the code of `kind`. */
export function emitTelemeterWarning(kind: WarningKind, message: string): void {
  process.emitWarning(`telemeter: ${message}`, { code: WARNING_CODES[kind] });
}
