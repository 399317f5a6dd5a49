/**
 * A per-operation digest read straight from the bound children (no collect, no exposition): what a
 * CLI table, a status endpoint or a test wants. NaN never appears; "nothing to report" is `null`, so
 * the result is JSON-safe as it is.
 */
import type { OperationState } from './operation-state.js';
import { OPERATION_OUTCOMES, type OperationOutcome } from './outcome.js';

export interface OperationLatencyStats {
  /** Calls that finished within the sliding window. */
  windowCount: number;
  /** Seconds, over the window (within the summary's 1% relative accuracy); null when the window is empty. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Exact fastest and slowest call in the window, seconds. */
  min: number | null;
  max: number | null;
  /** Lifetime mean, seconds; null before the first call finishes. */
  mean: number | null;
}

export interface OperationStats {
  operation: string;
  /** Calls that finished, lifetime (all outcomes). */
  calls: number;
  outcomes: Record<OperationOutcome, number>;
  /** `outcomes.success / calls`, lifetime; null before the first call finishes. */
  successRate: number | null;
  inFlight: number;
  /** Calls with outcome `error`, by error type (including `__overflow__` past `maxErrorTypes`). */
  errorTypes: Record<string, number>;
  latency: OperationLatencyStats;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Quantile positions in the summary's (ascending) `quantiles`: [0.5, 0.95, 0.99]. */
const P50 = 0;
const P95 = 1;
const P99 = 2;

export function operationStats(state: OperationState): OperationStats {
  const outcomes = {} as Record<OperationOutcome, number>;
  let calls = 0;
  OPERATION_OUTCOMES.forEach((outcome, i) => {
    const n = state.calls[i]!.get();
    outcomes[outcome] = n;
    calls += n;
  });
  const errorTypes: Record<string, number> = {};
  for (const [type, child] of state.errorTypes) errorTypes[type] = child.get();
  const window = state.windowSummary?.get();
  const empty = window === undefined || window.windowCount === 0;
  const at = (i: number) => (empty ? null : finite(window.quantileValues[i] ?? Number.NaN));
  return {
    operation: state.name,
    calls,
    outcomes,
    successRate: calls === 0 ? null : outcomes.success / calls,
    inFlight: state.inFlight.get(),
    errorTypes,
    latency: {
      windowCount: window?.windowCount ?? 0,
      p50: at(P50),
      p95: at(P95),
      p99: at(P99),
      min: empty ? null : finite(window.min),
      max: empty ? null : finite(window.max),
      mean: window === undefined || window.count === 0 ? null : window.sum / window.count,
    },
  };
}
