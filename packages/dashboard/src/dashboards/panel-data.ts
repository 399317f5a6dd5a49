// What a panel draws, built from its queries' results: one timestamp array and a named column per
// series, whether the results came from the live stream or from query_range. Pure functions.
import type { RangeSeries } from '../data/api.js';
import type { LiveSeriesData } from '../data/live-client.js';
import type { PanelQuery } from './definition.js';

type Labels = Readonly<Record<string, string>>;

export interface PanelSeries {
  /** Unique within the panel: the query's position and the series' labels. */
  readonly key: string;
  /** The legend name. */
  readonly name: string;
  readonly labels: Labels;
  readonly values: readonly (number | null)[];
}

export interface PanelData {
  readonly timestamps: readonly number[];
  readonly series: readonly PanelSeries[];
}

/** Labels as PromQL writes a selector: `up{job="a"}`; `{}` for none. */
export function labelsText(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const pairs = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 && name !== '' ? name : `${name}{${pairs.join(', ')}}`;
}

/**
 * The legend name of a series: the query's template with `{{label}}` filled in (an absent label
 * is empty), else its labels, else the query itself (for results without labels, e.g. `sum(x)`).
 */
export function legendName(query: PanelQuery, labels: Labels): string {
  if (query.legend !== undefined && query.legend !== '') {
    const name = query.legend.replace(
      /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g,
      (_, k: string) => labels[k] ?? '',
    );
    return name.trim() === '' ? query.expr : name.trim();
  }
  return Object.keys(labels).length === 0 ? query.expr : labelsText(labels);
}

interface Part {
  readonly query: PanelQuery;
  readonly timestamps: readonly number[];
  readonly labels: readonly Labels[];
  readonly columns: readonly (readonly (number | null)[])[];
}

/**
 * Puts the parts on one time axis (the union of their timestamps; usually they are the same
 * grid) and drops series without a single point, such as ones that left the live window.
 */
function combine(parts: readonly Part[]): PanelData {
  const first = parts[0];
  if (first === undefined) return { timestamps: [], series: [] };
  const same = parts.every(
    (p) =>
      p.timestamps.length === first.timestamps.length &&
      p.timestamps.every((t, i) => t === first.timestamps[i]),
  );
  const timestamps = same
    ? first.timestamps
    : [...new Set(parts.flatMap((p) => p.timestamps))].sort((a, b) => a - b);
  const series: PanelSeries[] = [];
  parts.forEach((part, q) => {
    const position = same ? undefined : new Map(part.timestamps.map((t, i) => [t, i]));
    part.columns.forEach((column, k) => {
      if (!column.some((v) => v !== null)) return;
      const labels = part.labels[k] ?? {};
      const values =
        position === undefined ? column : timestamps.map((t) => column[position.get(t) ?? -1] ?? null);
      series.push({
        key: `${q}:${labelsText(labels)}`,
        name: legendName(part.query, labels),
        labels,
        values,
      });
    });
  });
  return { timestamps, series: disambiguate(series) };
}

/**
 * Series whose legend names collide (a template that leaves out the label they differ in, e.g.
 * `{{job}}` over two instances) get the values of the labels that tell them apart appended.
 */
export function disambiguate(series: readonly PanelSeries[]): PanelSeries[] {
  const groups = new Map<string, PanelSeries[]>();
  for (const s of series) groups.set(s.name, [...(groups.get(s.name) ?? []), s]);
  return series.map((s) => {
    const group = groups.get(s.name) as PanelSeries[];
    if (group.length < 2) return s;
    const keys = [...new Set(group.flatMap((g) => Object.keys(g.labels)))].filter(
      (k) => k !== '__name__' && new Set(group.map((g) => g.labels[k] ?? '')).size > 1,
    );
    const extra = keys.map((k) => s.labels[k] ?? '').filter((v) => v !== '');
    return extra.length === 0 ? s : { ...s, name: `${s.name} (${extra.join(', ')})` };
  });
}

/** A panel's data from its live subscriptions (undefined: no data yet for that query). */
export function fromLive(
  queries: readonly PanelQuery[],
  results: readonly (LiveSeriesData | undefined)[],
): PanelData {
  const parts: Part[] = [];
  results.forEach((r, i) => {
    if (r !== undefined) parts.push({ query: queries[i] as PanelQuery, ...r });
  });
  return combine(parts);
}

/** A panel's data from query_range answers over [startMs, endMs] every stepMs (missing steps are gaps). */
export function fromRange(
  queries: readonly PanelQuery[],
  results: readonly (readonly RangeSeries[])[],
  startMs: number,
  endMs: number,
  stepMs: number,
): PanelData {
  const timestamps: number[] = [];
  for (let t = startMs; t <= endMs; t += stepMs) timestamps.push(t);
  const parts = results.map((result, i): Part => {
    const labels = result.map((s) => s.metric);
    const columns = result.map((s) => {
      const column = new Array<number | null>(timestamps.length).fill(null);
      for (const [t, v] of s.values) {
        const idx = Math.round((t - startMs) / stepMs);
        if (idx >= 0 && idx < column.length) column[idx] = v;
      }
      return column;
    });
    return { query: queries[i] as PanelQuery, timestamps, labels, columns };
  });
  return combine(parts);
}

/**
 * The newest value of a series (for stat, table and bar panels), null when it has none. NaN
 * counts as none: it is what a ratio or quantile gives for a window without events.
 */
export function lastValue(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && !Number.isNaN(v)) return v;
  }
  return null;
}
