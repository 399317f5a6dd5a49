import type { Labels } from '@telemeter/core';

function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `{a="1",b="2"}` in exposition syntax (labels in the order given), `{}` when there are none. */
export function formatLabels(labels: Labels, omit: readonly string[] = []): string {
  const parts = Object.entries(labels)
    .filter(([key]) => !omit.includes(key))
    .map(([key, value]) => `${key}="${escapeValue(value)}"`);
  return `{${parts.join(',')}}`;
}

/** `name{a="1"}`, or just `name` without labels, as PromQL prints a series. */
export function formatSeries(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const rest = formatLabels(labels, ['__name__']);
  if (name === '') return rest;
  return rest === '{}' ? name : `${name}${rest}`;
}

/** JSON cannot hold NaN or ±Inf; they travel as Prometheus's API writes them, as strings. */
export function jsonNumber(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
