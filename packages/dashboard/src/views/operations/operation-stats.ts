// The numbers of the Operations table: one PromQL query per column over the selected range, and
// their answers merged into one row per operation. Pure, so the node tests check the queries
// against a real server and the merge without one.
import type { InstantSeries, Labels, RangeSeries } from '../../data/api.js';
import type { OperationFamily } from './discover-families.js';

export interface ErrorTypeCount {
  readonly type: string;
  readonly count: number;
}

export interface OperationRow {
  readonly family: string;
  readonly operation: string;
  /** Average calls per second over the range (all outcomes). */
  readonly callsPerSecond: number | null;
  /** Successful calls / all calls over the range; null without calls. */
  readonly successRatio: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** Error types by count over the range, largest first. */
  readonly errors: readonly ErrorTypeCount[];
  readonly errorCount: number;
  /** Calls per second at each step of the range, for the sparkline. */
  readonly rate: readonly (number | null)[];
}

export const QUANTILES = ['0.5', '0.95', '0.99'] as const;

export interface StatsQueries {
  readonly callsPerSecond: string;
  readonly successRatio: string;
  /** Undefined where the family records no duration at all. */
  readonly quantiles: readonly (string | undefined)[];
  readonly errors: string;
  /** A range query: calls per second over `rateWindow`. */
  readonly rate: string;
}

/** Where the p50/p95/p99 columns come from. */
export type QuantileSource = 'window' | 'histogram' | 'none';

/**
 * Showing "now" (a live range), the tracker's sliding-window summary is the better source: ±1%
 * and exactly the kit's `stats()`. Over any other range only the histogram covers the range (and
 * it aggregates over instances), at the price of interpolating inside buckets.
 */
export function quantileSource(family: OperationFamily, live: boolean): QuantileSource {
  if (family.hasWindow && (live || !family.hasHistogram)) return 'window';
  return family.hasHistogram ? 'histogram' : 'none';
}

/** Queries over `window` (a PromQL duration: the whole selected range). */
export function statsQueries(
  family: OperationFamily,
  window: string,
  rateWindow: string,
  source: QuantileSource,
): StatsQueries {
  const { stem } = family;
  const op = family.operationLabel;
  const calls = `${stem}_calls_total`;
  return {
    callsPerSecond: `sum by (${op}) (rate(${calls}[${window}]))`,
    successRatio: `sum by (${op}) (increase(${calls}{outcome="success"}[${window}])) / sum by (${op}) (increase(${calls}[${window}]))`,
    quantiles: QUANTILES.map((q) =>
      source === 'histogram'
        ? `histogram_quantile(${q}, sum by (${op}, le) (rate(${stem}_duration_seconds_bucket[${window}])))`
        : source === 'window'
          ? // Summaries do not aggregate; over several instances the slowest is the honest summary.
            `max by (${op}) (${stem}_duration_window_seconds{quantile="${q}"})`
          : undefined,
    ),
    errors: `sum by (${op}, error_type) (increase(${stem}_errors_total[${window}])) > 0`,
    rate: `sum by (${op}) (rate(${calls}[${rateWindow}]))`,
  };
}

export interface StatsAnswers {
  readonly callsPerSecond: readonly InstantSeries[];
  readonly successRatio: readonly InstantSeries[];
  readonly quantiles: readonly (readonly InstantSeries[])[];
  readonly errors: readonly InstantSeries[];
  /** Range answers already aligned to the range's steps. */
  readonly rate: ReadonlyMap<string, readonly (number | null)[]>;
}

const MAX_ERROR_TYPES = 3;

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function byOperation(series: readonly InstantSeries[], op: string): Map<string, number> {
  return new Map(series.map((s) => [s.metric[op] ?? '', s.value[1]]));
}

/** One row per operation seen in any answer, sorted by name. */
export function mergeStats(family: OperationFamily, answers: StatsAnswers): OperationRow[] {
  const op = family.operationLabel;
  const calls = byOperation(answers.callsPerSecond, op);
  const success = byOperation(answers.successRatio, op);
  const quantiles = answers.quantiles.map((q) => byOperation(q, op));
  const errors = new Map<string, ErrorTypeCount[]>();
  for (const s of answers.errors) {
    const name = s.metric[op] ?? '';
    const list = errors.get(name) ?? [];
    list.push({ type: s.metric.error_type ?? '', count: s.value[1] });
    errors.set(name, list);
  }
  const names = new Set([...calls.keys(), ...answers.rate.keys(), ...errors.keys()]);
  return [...names].sort().map((operation) => {
    const types = (errors.get(operation) ?? []).sort(
      (a, b) => b.count - a.count || (a.type < b.type ? -1 : 1),
    );
    return {
      family: family.stem,
      operation,
      callsPerSecond: finite(calls.get(operation)),
      successRatio: finite(success.get(operation)),
      p50: finite(quantiles[0]?.get(operation)),
      p95: finite(quantiles[1]?.get(operation)),
      p99: finite(quantiles[2]?.get(operation)),
      errors: types.slice(0, MAX_ERROR_TYPES),
      errorCount: types.reduce((sum, t) => sum + t.count, 0),
      rate: answers.rate.get(operation) ?? [],
    };
  });
}

/** Range series keyed by the operation label's value. */
export function rateByOperation(
  series: readonly RangeSeries[],
  op: string,
  toRow: (s: RangeSeries) => (number | null)[],
): Map<string, (number | null)[]> {
  return new Map(series.map((s) => [(s.metric as Labels)[op] ?? '', toRow(s)]));
}
