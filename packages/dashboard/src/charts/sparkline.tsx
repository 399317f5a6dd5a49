// A small trend line without axes: an SVG path, cheap enough for a table row each.
import type { JSX } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelUnit } from '../dashboards/definition.js';
import { seriesColor } from '../format/palette.js';
import { formatValue } from '../format/units.js';
import { ThemeContext } from './theme-context.js';

export interface SparklineProps {
  readonly values: readonly (number | null)[];
  readonly width?: number;
  readonly height?: number;
  readonly unit?: PanelUnit;
  /** Palette index of the line. */
  readonly colorIndex?: number;
}

/** The SVG path of `values` scaled into width × height, with a gap at each null; '' for no points. */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const dx = values.length > 1 ? width / (values.length - 1) : 0;
  let path = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i * dx).toFixed(1);
    // One pixel of margin, so a flat line at the top or bottom is not cut in half.
    const y = (1 + (height - 2) * (1 - (v - min) / span)).toFixed(1);
    path += `${pen ? 'L' : 'M'}${x},${y}`;
    pen = true;
  });
  return path;
}

export function Sparkline(props: SparklineProps): JSX.Element {
  const theme = useContext(ThemeContext);
  const width = props.width ?? 120;
  const height = props.height ?? 28;
  // The newest value, skipping NaN (0/0) as the stat above the line does.
  const last = [...props.values].reverse().find((v) => v !== null && !Number.isNaN(v)) ?? null;
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      width={props.width ?? '100%'}
      height={height}
      role="img"
      aria-label={`trend, latest ${formatValue(last, props.unit)}`}
    >
      <path
        d={sparklinePath(props.values, width, height)}
        fill="none"
        stroke={seriesColor(props.colorIndex ?? 0, theme)}
        stroke-width="1.5"
        vector-effect="non-scaling-stroke"
        stroke-linejoin="round"
      />
    </svg>
  );
}
