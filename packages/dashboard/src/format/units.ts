// Values as people read them: "120 ms", "1.5 MiB", "3.2k/s". Pure functions, so the node tests
// and the charts share them. Three significant digits: enough to compare, few enough to scan.
import type { PanelUnit } from '../dashboards/definition.js';

const MISSING = '—';

interface Scale {
  readonly factor: number;
  readonly suffix: string;
}

/** Durations from the smallest: a value is shown in the largest unit it reaches. */
const SECONDS: readonly Scale[] = [
  { factor: 1e-9, suffix: ' ns' },
  { factor: 1e-6, suffix: ' µs' },
  { factor: 1e-3, suffix: ' ms' },
  { factor: 1, suffix: ' s' },
  { factor: 60, suffix: ' min' },
  { factor: 3600, suffix: ' h' },
];

/** IEC (1024-based) units, as memory and file sizes are counted. */
const BYTES: readonly Scale[] = [
  { factor: 1, suffix: ' B' },
  { factor: 1024, suffix: ' KiB' },
  { factor: 1024 ** 2, suffix: ' MiB' },
  { factor: 1024 ** 3, suffix: ' GiB' },
  { factor: 1024 ** 4, suffix: ' TiB' },
  { factor: 1024 ** 5, suffix: ' PiB' },
];

/** SI prefixes for counts and rates; values below 1 are shown as decimals, not "m". */
const SI: readonly Scale[] = [
  { factor: 1, suffix: '' },
  { factor: 1e3, suffix: 'k' },
  { factor: 1e6, suffix: 'M' },
  { factor: 1e9, suffix: 'G' },
  { factor: 1e12, suffix: 'T' },
];

/** A number with at most `digits` significant digits, trailing zeros dropped: 1.5, 123, 0.0042. */
export function formatSignificant(value: number, digits = 3): string {
  // String() switches to exponents only below 1e-6 or from 1e21, outside what the units leave over.
  return String(Number(value.toPrecision(digits)));
}

/** The scale whose factor is the largest at or below |value| (the first scale for smaller values). */
function pickScale(scales: readonly Scale[], value: number): Scale {
  const magnitude = Math.abs(value);
  let chosen = scales[0] as Scale;
  for (const scale of scales) if (magnitude >= scale.factor * 0.9995) chosen = scale;
  return chosen;
}

function scaled(value: number, scales: readonly Scale[]): string {
  const scale = pickScale(scales, value);
  return formatSignificant(value / scale.factor) + scale.suffix;
}

/**
 * NaN is what PromQL gives for 0/0, e.g. an error ratio over a window without requests: there is
 * no value to show, the same as no point at all, so both read "—" (a legend saying "NaN" reads as
 * a fault). The infinities are real answers (x/0) and keep their names.
 */
function special(value: number | null): string | undefined {
  if (value === null || Number.isNaN(value)) return MISSING;
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return undefined;
}

/** One value in its unit; null (no point) and NaN (no value, e.g. 0/0) are shown as "—". */
export function formatValue(value: number | null, unit: PanelUnit = 'none'): string {
  const text = special(value);
  if (text !== undefined) return text;
  const v = value as number;
  switch (unit) {
    case 'seconds':
      return v === 0 ? '0 s' : scaled(v, SECONDS);
    case 'milliseconds':
      return v === 0 ? '0 s' : scaled(v / 1000, SECONDS);
    case 'bytes':
      return scaled(v, BYTES);
    case 'bytes_per_second':
      return `${scaled(v, BYTES)}/s`;
    case 'percent':
      return `${formatSignificant(v)}%`;
    case 'ratio':
      return `${formatSignificant(v * 100)}%`;
    case 'per_second':
      return `${scaled(v, SI)}/s`;
    case 'count':
    case 'none':
      return scaled(v, SI);
  }
}

/**
 * Axis tick labels: one scale for every tick (picked by the largest) and the same number of
 * decimals on each, so ticks read "0 ms, 250 ms, 500 ms" or "2.5%, 5.0%" rather than mixing units.
 */
export function formatAxisTicks(ticks: readonly number[], unit: PanelUnit = 'none'): string[] {
  const finite = ticks.filter(Number.isFinite);
  if (finite.length === 0) return ticks.map((t) => formatValue(t, unit));
  const largest = Math.max(...finite.map(Math.abs));
  const { factor, prefix, suffix } = axisScale(largest, unit);
  // As many decimals as the most precise tick needs (2.5% needs one), at most 6.
  const decimals = Math.max(...finite.map((t) => decimalsOf(t / factor)));
  return ticks.map((t) => {
    const text = special(t);
    if (text !== undefined) return text;
    const n = (t / factor).toFixed(decimals);
    return `${n === `-${(0).toFixed(decimals)}` ? n.slice(1) : n}${prefix}${suffix}`;
  });
}

function decimalsOf(x: number): number {
  for (let d = 0; d < 6; d++) {
    const scaled = x * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled))) return d;
  }
  return 6;
}

function axisScale(largest: number, unit: PanelUnit): { factor: number; prefix: string; suffix: string } {
  const pick = (scales: readonly Scale[], v: number) => pickScale(scales, v === 0 ? 1 : v);
  switch (unit) {
    case 'seconds':
    case 'milliseconds': {
      const ms = unit === 'milliseconds' ? 1000 : 1;
      const s = pick(SECONDS, largest / ms);
      return { factor: s.factor * ms, prefix: '', suffix: s.suffix };
    }
    case 'bytes':
    case 'bytes_per_second': {
      const s = pick(BYTES, largest);
      return { factor: s.factor, prefix: '', suffix: s.suffix + (unit === 'bytes_per_second' ? '/s' : '') };
    }
    case 'percent':
      return { factor: 1, prefix: '', suffix: '%' };
    case 'ratio':
      return { factor: 0.01, prefix: '', suffix: '%' };
    case 'per_second':
    case 'count':
    case 'none': {
      const s = pick(SI, largest);
      return { factor: s.factor, prefix: s.suffix, suffix: unit === 'per_second' ? '/s' : '' };
    }
  }
}
