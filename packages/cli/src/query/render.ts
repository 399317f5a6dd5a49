import type { Palette } from '../output/colour.js';
import { formatSeries } from '../output/labels.js';
import { resample, sparkline } from '../output/sparkline.js';
import { renderTable } from '../output/table.js';
import { formatNumber, formatValue, unitOf } from '../output/units.js';
import type { InstantSeries, RangeSeries, SampleValue } from './prom-api.js';

/** Prometheus sends sample values as strings (`"NaN"`, `"+Inf"` included). */
export function sampleNumber(value: string): number {
  if (value === '+Inf' || value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

/** A value in the unit of the series' metric name when it still has one (raw selectors). */
function valueCell(metric: Record<string, string>, value: number): string {
  const name = metric.__name__;
  return name ? formatValue(value, unitOf(name)) : formatNumber(value);
}

/** An instant vector as a table: a column per label name (the metric name first), then the value. */
export function renderVector(result: readonly InstantSeries[], paint: Palette): string[] {
  const names = new Set<string>();
  for (const series of result) for (const key of Object.keys(series.metric)) names.add(key);
  const labelNames = [...names].filter((n) => n !== '__name__').sort();
  const columns = [
    ...(names.has('__name__') ? [{ header: 'NAME' }] : []),
    ...labelNames.map((header) => ({ header })),
    { header: 'VALUE', align: 'right' as const },
  ];
  if (columns.length === 1) columns.unshift({ header: 'SERIES' });
  const rows = result.map((series) => {
    const cells = names.has('__name__') ? [paint.bold(series.metric.__name__ ?? '')] : [];
    for (const name of labelNames) cells.push(series.metric[name] ?? '');
    if (cells.length === 0) cells.push('{}');
    cells.push(valueCell(series.metric, sampleNumber(series.value[1])));
    return cells;
  });
  return renderTable(columns, rows, paint.dim);
}

export function renderScalar(value: SampleValue): string[] {
  return [formatNumber(sampleNumber(value[1]))];
}

/** The sparkline's width when the terminal's is unknown. */
export const DEFAULT_TREND_WIDTH = 60;

/**
 * A range result, one line per series: a sparkline over the whole range (a space where the
 * series has no sample at a step), then min, max and last.
 */
export function renderMatrix(
  result: readonly RangeSeries[],
  range: { start: number; end: number; step: number } | undefined,
  paint: Palette,
  trendWidth = DEFAULT_TREND_WIDTH,
): string[] {
  const rows = result.map((series) => {
    const numbers = series.values.map(([, v]) => sampleNumber(v));
    let grid: (number | null)[] = numbers;
    if (range && range.step > 0) {
      const slots = Math.floor((range.end - range.start) / range.step + 1e-9) + 1;
      grid = new Array<number | null>(slots).fill(null);
      series.values.forEach(([t], i) => {
        const slot = Math.round((t - range.start) / range.step);
        if (slot >= 0 && slot < slots) grid[slot] = numbers[i]!;
      });
    }
    const finite = numbers.filter((n) => Number.isFinite(n));
    const min = finite.length ? Math.min(...finite) : Number.NaN;
    const max = finite.length ? Math.max(...finite) : Number.NaN;
    const last = numbers[numbers.length - 1] ?? Number.NaN;
    return [
      formatSeries(series.metric),
      paint.cyan(sparkline(resample(grid, trendWidth))),
      valueCell(series.metric, min),
      valueCell(series.metric, max),
      valueCell(series.metric, last),
    ];
  });
  return renderTable(
    [
      { header: 'SERIES' },
      { header: 'TREND' },
      { header: 'MIN', align: 'right' },
      { header: 'MAX', align: 'right' },
      { header: 'LAST', align: 'right' },
    ],
    rows,
    paint.dim,
  );
}
