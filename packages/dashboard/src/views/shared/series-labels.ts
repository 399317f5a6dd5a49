// How a series is named on screen: `name{label="value", ...}`, as Prometheus prints it.
import type { Labels } from '../../data/api.js';

/** `up{instance="a", job="api"}`; `{}` for a series without labels. */
export function seriesName(metric: Labels): string {
  const name = metric.__name__ ?? '';
  const pairs = Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (pairs.length === 0) return name === '' ? '{}' : name;
  return `${name}{${pairs.join(', ')}}`;
}

/** The labels without `__name__`, sorted by name. */
export function sortedLabels(metric: Labels): [string, string][] {
  return Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Legend names that tell series apart: only the labels whose values differ between them (the
 * metric name only when it differs), so series differing only in
 * `operation` are named `{operation="render"}`, not by a truncated list of shared labels.
 */
export function distinctSeriesNames(metrics: readonly Labels[]): string[] {
  if (metrics.length <= 1) return metrics.map(seriesName);
  const keys = new Set(metrics.flatMap((m) => Object.keys(m)));
  const varying = [...keys].filter((k) => new Set(metrics.map((m) => m[k])).size > 1);
  return metrics.map((m) => {
    const kept: Record<string, string> = {};
    for (const k of varying) if (m[k] !== undefined) kept[k] = m[k];
    return seriesName(kept);
  });
}
