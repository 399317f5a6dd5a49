// uPlot options for a time-series chart: ms timestamps, axes and legend formatted by unit,
// colours from the palette, optional stacking (bands between cumulative series) and threshold lines.
import type uPlot from 'uplot';
import type { PanelThreshold, PanelUnit } from '../dashboards/definition.js';
import { formatCursorTime, formatTimeTicks } from '../format/dates.js';
import { seriesColor, type Theme, thresholdColor } from '../format/palette.js';
import { formatAxisTicks, formatValue } from '../format/units.js';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export interface ChartLook {
  readonly theme: Theme;
  readonly unit: PanelUnit;
  readonly stacked: boolean;
  readonly thresholds: readonly PanelThreshold[];
  readonly syncKey: string | undefined;
}

const AXIS_COLORS: Record<Theme, { text: string; grid: string }> = {
  light: { text: '#5b6270', grid: 'rgba(20, 30, 50, 0.08)' },
  dark: { text: '#a3abba', grid: 'rgba(220, 230, 255, 0.09)' },
};

/** Tick distances for byte axes: powers of two times each power of 1024, so ticks read 64 MiB, 128 MiB rather than 95 MiB, 191 MiB. */
const BYTE_INCRS: number[] = [];
for (let power = 0; power <= 5; power++) {
  for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) BYTE_INCRS.push(m * 1024 ** power);
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Hex colour with an alpha channel, for fills under lines. */
function withAlpha(hex: string, alpha: number): string {
  return `${hex}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

/**
 * Chart data in uPlot's layout: timestamps, then one array per series. Values uPlot cannot place
 * (NaN, ±Inf) become gaps: uPlot skips only null, and a NaN would reach its scale's min/max and
 * the line's path. Stacked series are cumulative sums, a gap counting as 0 unless the
 * series itself has no point there.
 */
export function toPlotData(
  timestamps: readonly number[],
  series: readonly ChartSeries[],
  stacked: boolean,
): uPlot.AlignedData {
  const clean = series.map((s) => s.values.map((v) => (v === null || Number.isFinite(v) ? v : null)));
  if (stacked) {
    const sums = new Array<number>(timestamps.length).fill(0);
    for (const col of clean) {
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v === null || v === undefined) continue;
        sums[i] = (sums[i] as number) + v;
        col[i] = sums[i] as number;
      }
    }
  }
  return [timestamps as number[], ...clean] as uPlot.AlignedData;
}

/**
 * A series' legend text: its value at the cursor's index, or without a cursor (idx null) its newest
 * value. NaN (0/0: a ratio over a window without events) counts as no value there, as in the stat
 * panels (`lastValue`): the newest value skips it, and at the cursor it reads "—".
 */
export function legendValue(
  values: readonly (number | null)[],
  idx: number | null | undefined,
  unit: PanelUnit,
): string {
  if (idx !== null && idx !== undefined) return formatValue(values[idx] ?? null, unit);
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && !Number.isNaN(v)) return formatValue(v, unit);
  }
  return formatValue(null, unit);
}

/** A y range from 0 (for non-negative data) to a little above the largest value. */
function yRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  const lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (hi <= lo) hi = lo + 1;
  return [lo, hi + (hi - lo) * 0.08];
}

function thresholdsPlugin(thresholds: readonly PanelThreshold[], theme: Theme): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        for (const t of thresholds) {
          const y = u.valToPos(t.value, 'y', true);
          if (!Number.isFinite(y) || y < bbox.top || y > bbox.top + bbox.height) continue;
          ctx.strokeStyle = thresholdColor(t.color, theme);
          ctx.beginPath();
          ctx.moveTo(bbox.left, y);
          ctx.lineTo(bbox.left + bbox.width, y);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/**
 * Options for `series`; `original` gives the legend the value before stacking. Widths are set
 * by the caller (the container's size).
 */
export function chartOptions(
  series: readonly ChartSeries[],
  look: ChartLook,
  size: { width: number; height: number },
  original: () => readonly ChartSeries[],
): uPlot.Options {
  const colors = AXIS_COLORS[look.theme];
  const single = series.length === 1;
  const axis = {
    stroke: colors.text,
    font: FONT,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { show: false },
  };
  const bands: uPlot.Band[] = [];
  if (look.stacked) for (let i = 2; i <= series.length; i++) bands.push({ series: [i, i - 1] });
  return {
    ...size,
    ms: 1,
    pxAlign: 0,
    cursor: {
      ...(look.syncKey === undefined ? {} : { sync: { key: look.syncKey } }),
      points: { size: 7 },
      focus: { prox: 16 },
    },
    focus: { alpha: 0.35 },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: yRange } },
    bands,
    axes: [
      {
        ...axis,
        space: 70,
        values: (_u, splits, _axis, _space, incr) => formatTimeTicks(splits, incr),
      },
      {
        ...axis,
        space: 28,
        size: (_u, values) => (values === null ? 40 : Math.max(...values.map((v) => v.length)) * 6.4 + 16),
        values: (_u, splits) => formatAxisTicks(splits, look.unit),
        ...(look.unit === 'bytes' || look.unit === 'bytes_per_second' ? { incrs: BYTE_INCRS } : {}),
      },
    ],
    series: [
      {
        label: 'Time',
        value: (u, v) => {
          const t = v ?? u.data[0][u.data[0].length - 1];
          return t === undefined || t === null ? '—' : formatCursorTime(t, Date.now());
        },
      },
      ...series.map((s, i): uPlot.Series => {
        const color = seriesColor(i, look.theme);
        return {
          label: s.label,
          stroke: color,
          width: 1.5,
          points: { show: false },
          ...(look.stacked
            ? { fill: withAlpha(color, 0.35) }
            : single
              ? { fill: withAlpha(color, 0.12) }
              : {}),
          // Without a cursor on the chart the legend shows each series' newest value.
          value: (_u, _v, _si, idx) => legendValue(original()[i]?.values ?? [], idx, look.unit),
        };
      }),
    ],
    plugins: look.thresholds.length > 0 ? [thresholdsPlugin(look.thresholds, look.theme)] : [],
  };
}
