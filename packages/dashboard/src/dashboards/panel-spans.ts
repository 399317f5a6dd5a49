// Panel widths on the dashboard grid: twelfths of the row.
import type { RowDefinition } from './definition.js';

/** Each panel's width in twelfths: its own, or an equal share of what the others leave. */
export function panelSpans(row: RowDefinition): number[] {
  const given = row.panels.reduce((sum, p) => sum + (p.width ?? 0), 0);
  const free = row.panels.filter((p) => p.width === undefined).length;
  const share = free === 0 ? 0 : Math.max(1, Math.floor((12 - Math.min(12, given)) / free));
  return row.panels.map((p) => Math.min(12, Math.max(1, Math.round(p.width ?? share))));
}
