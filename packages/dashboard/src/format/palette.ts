// Series colours people with colour-vision deficiencies can tell apart: Okabe & Ito's palette
// (https://jfly.uni-koeln.de/color/), ordered so the first few series differ in lightness too,
// with yellow last (it has little contrast on white). Dark mode uses lighter variants of the same
// hues, because the darkest ones vanish on a dark background.
import type { PanelThreshold } from '../dashboards/definition.js';

export type Theme = 'light' | 'dark';

const LIGHT = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#7F7F7F', '#B8A200'];
const DARK = ['#56B4E9', '#E69F00', '#2EC4A0', '#FF7F3F', '#A3D8F5', '#E8A3CB', '#BDBDBD', '#F0E442'];

/** The colour of series number `index`; the palette repeats after eight. */
export function seriesColor(index: number, theme: Theme): string {
  const palette = theme === 'dark' ? DARK : LIGHT;
  return palette[index % palette.length] as string;
}

const THRESHOLD: Record<Theme, Record<PanelThreshold['color'], string>> = {
  light: { green: '#007A5A', yellow: '#8A7300', orange: '#B86E00', red: '#C2410C', blue: '#0072B2' },
  dark: { green: '#2EC4A0', yellow: '#F0E442', orange: '#E69F00', red: '#FF7F3F', blue: '#56B4E9' },
};

/** Threshold colours as text colours with enough contrast on the theme's background. */
export function thresholdColor(color: PanelThreshold['color'], theme: Theme): string {
  return THRESHOLD[theme][color];
}

/** The threshold a value reaches (the highest at or below it), if any. */
export function thresholdFor(
  value: number | null,
  thresholds: readonly PanelThreshold[] = [],
): PanelThreshold | undefined {
  if (value === null || Number.isNaN(value)) return undefined;
  let reached: PanelThreshold | undefined;
  for (const t of [...thresholds].sort((a, b) => a.value - b.value)) if (value >= t.value) reached = t;
  return reached;
}
