// Which operation trackers the store holds. A tracker's names depend on its options
// (`${prefix}${namespace}_calls_total`, its label `operationLabel`: docs/kits/operations.md),
// so they are found from the data: a `_calls_total` with an `outcome` label next to an
// `_in_flight` or `_errors_total` of the same stem.
import type { ApiClient, Labels } from '../../data/api.js';

export interface OperationFamily {
  /** `operation`, `mcp_tool`, `myapp_operation`: the names are `${stem}_calls_total` and so on. */
  readonly stem: string;
  /** The label holding the operation's name. */
  readonly operationLabel: string;
  readonly hasHistogram: boolean;
  readonly hasWindow: boolean;
}

const CALLS = '_calls_total';
// Labels the tracker or the scrape adds that never name the operation.
const NOT_OPERATION = new Set(['__name__', 'outcome', 'instance', 'job']);
// The labels trackers are usually configured with, preferred when several labels could be it.
const USUAL = ['operation', 'tool', 'step', 'job', 'exported_job', 'task', 'method'];

/** Stems of the tracker families among `names` (metric names). */
export function trackerStems(names: readonly string[]): string[] {
  const all = new Set(names);
  return names
    .filter((n) => n.endsWith(CALLS))
    .map((n) => n.slice(0, -CALLS.length))
    .filter((stem) => all.has(`${stem}_in_flight`) || all.has(`${stem}_errors_total`))
    .sort();
}

/**
 * The operation label among a family's label names: the only candidate, else a usual name, else
 * the one with the most distinct values (constant labels have one value per process).
 */
export function pickOperationLabel(
  labelNames: readonly string[],
  series: readonly Labels[],
): string | undefined {
  const candidates = labelNames.filter((l) => !NOT_OPERATION.has(l));
  if (candidates.length <= 1) return candidates[0] ?? (labelNames.includes('job') ? 'job' : undefined);
  const usual = USUAL.find((u) => candidates.includes(u));
  if (usual !== undefined) return usual;
  let best: { label: string; count: number } | undefined;
  for (const label of candidates) {
    const count = new Set(series.map((s) => s[label])).size;
    if (best === undefined || count > best.count) best = { label, count };
  }
  return best?.label;
}

export async function discoverFamilies(api: ApiClient, signal: AbortSignal): Promise<OperationFamily[]> {
  const names = await api.labelValues('__name__', undefined, { signal });
  const all = new Set(names);
  const families = await Promise.all(
    trackerStems(names).map(async (stem): Promise<OperationFamily | undefined> => {
      const calls = `${stem}${CALLS}`;
      const labels = await api.labels([calls], { signal });
      if (!labels.includes('outcome')) return undefined;
      const series =
        labels.filter((l) => !NOT_OPERATION.has(l)).length > 1
          ? await api.series([calls], undefined, undefined, { signal })
          : [];
      const operationLabel = pickOperationLabel(labels, series);
      if (operationLabel === undefined) return undefined;
      return {
        stem,
        operationLabel,
        hasHistogram: all.has(`${stem}_duration_seconds_bucket`),
        hasWindow: all.has(`${stem}_duration_window_seconds`),
      };
    }),
  );
  return families.filter((f): f is OperationFamily => f !== undefined);
}
