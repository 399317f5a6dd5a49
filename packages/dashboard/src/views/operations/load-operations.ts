// Fetching the Operations table: for each tracker family, the instant queries of its columns at
// the end of the range and one range query for the sparklines, all in parallel.
import type { ApiClient, InstantSeries } from '../../data/api.js';
import { niceStep, promDuration } from '../../data/time-range.js';
import { toColumns } from '../shared/columns.js';
import type { OperationFamily } from './discover-families.js';
import {
  mergeStats,
  type OperationRow,
  type QuantileSource,
  quantileSource,
  rateByOperation,
  statsQueries,
} from './operation-stats.js';

export interface FamilyRows {
  readonly family: OperationFamily;
  readonly rows: OperationRow[];
  readonly quantiles: QuantileSource;
}

/** Points of a sparkline: one per ~2 px of a 120 px line. */
const SPARKLINE_POINTS = 60;

export async function loadOperationRows(
  api: ApiClient,
  families: readonly OperationFamily[],
  bounds: { startMs: number; endMs: number },
  /** The range ends now: latency from the trackers' sliding windows. */
  live: boolean,
  signal?: AbortSignal,
): Promise<FamilyRows[]> {
  const { startMs, endMs } = bounds;
  const step = niceStep(endMs - startMs, SPARKLINE_POINTS, 5_000);
  const start = Math.ceil(startMs / step) * step;
  const end = Math.floor(endMs / step) * step;
  const window = promDuration(endMs - startMs);
  // A rate needs two samples in its window: at least a minute (four 15 s scrapes) and two steps.
  const rateWindow = promDuration(Math.max(60_000, 2 * step));
  const at = Math.round(endMs);
  const options = signal === undefined ? {} : { signal };
  const instant = async (expr: string | undefined): Promise<readonly InstantSeries[]> => {
    if (expr === undefined) return [];
    const answer = await api.query(expr, at, options);
    return answer.resultType === 'vector' ? answer.result : [];
  };
  return Promise.all(
    families.map(async (family) => {
      const source = quantileSource(family, live);
      const q = statsQueries(family, window, rateWindow, source);
      const [callsPerSecond, successRatio, errors, quantiles, rate] = await Promise.all([
        instant(q.callsPerSecond),
        instant(q.successRatio),
        instant(q.errors),
        Promise.all(q.quantiles.map(instant)),
        api.queryRange(q.rate, start, end, step, options),
      ]);
      const rates = rateByOperation(
        rate.result,
        family.operationLabel,
        (s) => toColumns([s], start, end, step).values[0] ?? [],
      );
      const rows = mergeStats(family, { callsPerSecond, successRatio, errors, quantiles, rate: rates });
      return { family, rows, quantiles: source };
    }),
  );
}
