// A uPlot line chart that follows its props: new data goes in with setData (the plot, its cursor
// and legend stay), a change of series, unit, theme or look builds the plot again, and the width
// follows the container. Charts with the same syncKey share the cursor (uPlot.sync), so hovering
// one shows every chart's values at that time in their legends.
import type { JSX } from 'preact';
import { useContext, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { PanelThreshold, PanelUnit } from '../dashboards/definition.js';
import { type ChartSeries, chartOptions, toPlotData } from './chart-options.js';
import { ThemeContext } from './theme-context.js';

export type { ChartSeries } from './chart-options.js';

export interface TimeSeriesChartProps {
  /** Unix milliseconds, ascending. */
  readonly timestamps: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly unit?: PanelUnit;
  readonly stacked?: boolean;
  readonly thresholds?: readonly PanelThreshold[];
  /** Charts with the same key share the cursor. */
  readonly syncKey?: string;
  /** Height of the plot and axes in px; the legend comes below. */
  readonly height?: number;
  /** What the chart shows, for screen readers (the legend below is text). */
  readonly label?: string;
}

const NO_THRESHOLDS: readonly PanelThreshold[] = [];

export function TimeSeriesChart(props: TimeSeriesChartProps): JSX.Element {
  const theme = useContext(ThemeContext);
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  /** The data the plot was built or last updated with, so an unchanged render skips setData. */
  const shown = useRef<{ timestamps: readonly number[]; series: readonly ChartSeries[] } | undefined>(
    undefined,
  );

  const unit = props.unit ?? 'none';
  const stacked = props.stacked ?? false;
  const thresholds = props.thresholds ?? NO_THRESHOLDS;
  const height = props.height ?? 220;
  const shape = [
    theme,
    unit,
    stacked,
    props.syncKey ?? '',
    height,
    JSON.stringify(thresholds),
    ...props.series.map((s) => s.label),
  ].join('\u0000');
  // `shape` stands for everything the options read; data changes alone go through setData below.
  useLayoutEffect(() => {
    const root = container.current;
    if (root === null) return;
    const { timestamps, series } = latest.current;
    const look = { theme, unit, stacked, thresholds, syncKey: props.syncKey };
    const width = Math.max(100, Math.floor(root.clientWidth));
    const options = chartOptions(series, look, { width, height }, () => latest.current.series);
    const u = new uPlot(options, toPlotData(timestamps, series, stacked), root);
    plot.current = u;
    shown.current = { timestamps, series };
    const resize = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? width);
      if (w > 0 && w !== u.width) u.setSize({ width: w, height });
    });
    resize.observe(root);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [shape]);

  useEffect(() => {
    const u = plot.current;
    const last = shown.current;
    if (u === undefined || (last?.timestamps === props.timestamps && last.series === props.series)) return;
    shown.current = { timestamps: props.timestamps, series: props.series };
    u.setData(toPlotData(props.timestamps, props.series, stacked));
  }, [props.timestamps, props.series, stacked]);

  return <div class="ts-chart" ref={container} role="img" aria-label={props.label ?? 'Time series chart'} />;
}
