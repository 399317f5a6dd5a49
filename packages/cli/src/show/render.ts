import type { Palette } from '../output/colour.js';
import { formatLabels, jsonNumber } from '../output/labels.js';
import { type Column, renderTable, type TableRow } from '../output/table.js';
import { truncate } from '../output/text.js';
import { formatNumber, formatRate, formatValue } from '../output/units.js';
import type { ShowRow } from './rows.js';

/** Longer series overflow their row rather than widen the column for every row. */
const SERIES_MAX_WIDTH = 72;

function quantileLabel(q: number): string {
  return `p${Number((q * 100).toPrecision(4))}`;
}

function seriesCell(row: ShowRow): string {
  const labels = formatLabels(row.labels);
  // Untyped families and OpenMetrics counters hold samples named unlike the family: say which.
  // (An OpenMetrics counter's `_total` sample is implied by its family.)
  const implied = row.name === row.family || (row.type === 'counter' && row.name === `${row.family}_total`);
  if (!implied && row.type !== 'histogram' && row.type !== 'summary') {
    return labels === '{}' ? row.name : `${row.name}${labels}`;
  }
  return labels;
}

function quantilesCell(row: ShowRow): string {
  if (!row.quantiles || row.quantiles.length === 0) return '';
  return row.quantiles
    .map(({ quantile, value }) => `${quantileLabel(quantile)} ${formatValue(value, row.unit).padEnd(9)}`)
    .join(' ')
    .trimEnd();
}

/**
 * The table of `telemeter show`: a heading per family (name, type, help) and a line per series.
 * `width` (a terminal's) cuts long help texts.
 */
export function renderShowTable(rows: readonly ShowRow[], paint: Palette, width?: number): string[] {
  const body: TableRow[] = [];
  let family: string | undefined;
  for (const row of rows) {
    if (row.family !== family) {
      family = row.family;
      const title = `${row.family} ${row.type}`;
      const room = width === undefined ? Number.POSITIVE_INFINITY : width - title.length - 2;
      const help = row.help && room > 8 ? `  ${paint.dim(truncate(row.help, room))}` : '';
      body.push({ heading: `${paint.bold(row.family)} ${paint.cyan(row.type)}${help}` });
    }
    const isDistribution = row.count !== undefined || row.quantiles !== undefined;
    const value = isDistribution
      ? row.count === undefined
        ? ''
        : `n=${formatNumber(row.count)}`
      : row.value === undefined
        ? ''
        : formatValue(row.value, row.unit);
    const rate =
      row.rate === undefined
        ? ''
        : isDistribution
          ? formatRate(row.rate, 'none')
          : formatRate(row.rate, row.unit);
    body.push([`  ${seriesCell(row)}`, value, rate, quantilesCell(row)]);
  }
  const columns: Column[] = [
    { header: 'SERIES', maxWidth: SERIES_MAX_WIDTH },
    { header: 'VALUE', align: 'right' },
    { header: 'RATE', align: 'right' },
    { header: 'QUANTILES' },
  ];
  // Leave out RATE and QUANTILES when no row has one (a filter on gauges, say).
  const keep = columns.map(
    (_, i) => i < 2 || body.some((row) => Array.isArray(row) && (row as readonly string[])[i] !== ''),
  );
  return renderTable(
    columns.filter((_, i) => keep[i]),
    body.map((row) => (Array.isArray(row) ? (row as readonly string[]).filter((_, i) => keep[i]) : row)),
    paint.dim,
  );
}

/** A row for `--json`: raw numbers (non-finite ones as strings), nothing formatted. */
export function jsonRow(row: ShowRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    family: row.family,
    type: row.type,
    name: row.name,
    labels: row.labels,
    unit: row.unit,
  };
  if (row.value !== undefined) out.value = jsonNumber(row.value);
  if (row.count !== undefined) out.count = jsonNumber(row.count);
  if (row.sum !== undefined) out.sum = jsonNumber(row.sum);
  if (row.rate !== undefined) out.rate = jsonNumber(row.rate);
  if (row.quantiles) {
    out.quantiles = row.quantiles.map((q) => ({ quantile: q.quantile, value: jsonNumber(q.value) }));
  }
  if (row.quantileWindow) out.quantileWindow = row.quantileWindow;
  if (row.help) out.help = row.help;
  return out;
}
