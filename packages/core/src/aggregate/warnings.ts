/** Problems found while merging or collecting from workers; never thrown, reported once per (code, metric). */

import { WARNING_CODES } from '../warnings.js';

/** The aggregation's entries of WARNING_CODES, by short name. */
export const AGGREGATION_WARNING_CODES = {
  /** Same metric name from two reporters with another type, unit or label names: the first one is kept. */
  conflict: WARNING_CODES.aggregation_conflict,
  /** A histogram reported with other buckets than the first reporter's: that reporter's series are left out. */
  buckets: WARNING_CODES.aggregation_buckets,
  /** A summary whose sketch cannot be merged (other relativeAccuracy, or none): only its _sum and _count are merged. */
  sketch: WARNING_CODES.aggregation_sketch,
  /** A policy that does not apply to the metric (e.g. `max` for a histogram): a fallback is used. */
  policy: WARNING_CODES.aggregation_policy,
  /** A reporter sent something that is not a metric family snapshot: it is left out. */
  invalid: WARNING_CODES.aggregation_invalid,
  /** A worker did not answer a collection in time, or failed to collect: its last snapshot's counters are used. */
  timeout: WARNING_CODES.worker_timeout,
} as const;

export type AggregationWarningCode =
  (typeof AGGREGATION_WARNING_CODES)[keyof typeof AGGREGATION_WARNING_CODES];

export interface AggregationWarning {
  readonly code: AggregationWarningCode;
  /** The metric concerned, or the worker id for a timeout. */
  readonly subject: string;
  readonly message: string;
}

/** Emits each (code, subject) once per instance, so that a scrape every 15 s does not repeat itself. */
export class WarnOnce {
  private readonly seen = new Set<string>();

  emit(warnings: readonly AggregationWarning[]): void {
    for (const warning of warnings) {
      const key = `${warning.code}\u0000${warning.subject}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      process.emitWarning(`telemeter: ${warning.message}`, { code: warning.code });
    }
  }
}
