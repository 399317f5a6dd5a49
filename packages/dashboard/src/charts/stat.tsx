// One number, large, in its unit and in the colour of the threshold it reached.
import type { ComponentChildren, JSX } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelThreshold, PanelUnit } from '../dashboards/definition.js';
import { type Theme, thresholdColor, thresholdFor } from '../format/palette.js';
import { formatValue } from '../format/units.js';
import { ThemeContext } from './theme-context.js';

export interface StatProps {
  readonly value: number | null;
  readonly unit?: PanelUnit;
  readonly thresholds?: readonly PanelThreshold[];
  /** What the number is, under it (e.g. the series name when a panel shows several). */
  readonly caption?: string;
  /** Smaller text, for several stats side by side. */
  readonly compact?: boolean;
  /** Drawn under the number, e.g. a <Sparkline>. */
  readonly children?: ComponentChildren;
}

/** The text colour for `value`: its threshold's, or the default text colour. */
export function statColor(
  value: number | null,
  thresholds: readonly PanelThreshold[] | undefined,
  theme: Theme,
) {
  const reached = thresholdFor(value, thresholds);
  return reached === undefined ? undefined : thresholdColor(reached.color, theme);
}

export function Stat(props: StatProps): JSX.Element {
  const theme = useContext(ThemeContext);
  const text = formatValue(props.value, props.unit);
  const color = statColor(props.value, props.thresholds, theme);
  return (
    <div class={props.compact === true ? 'stat stat-compact' : 'stat'}>
      <div class="stat-value" style={color === undefined ? undefined : { color }}>
        {text}
      </div>
      {props.caption !== undefined && <div class="stat-caption">{props.caption}</div>}
      {props.children}
    </div>
  );
}
