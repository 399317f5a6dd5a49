/**
 * Human-readable numbers for the summary table: three significant digits with a unit prefix
 * (`12.3ms`, `1.5MiB`, `4.56k`), picked from the metric's unit or, failing that, its name suffix
 * (`_seconds`, `_bytes`, `_ratio`, following Prometheus's base-unit naming conventions).
 */
export type UnitKind = 'seconds' | 'bytes' | 'ratio' | 'timestamp' | 'count';

interface Scale {
  /** The scale applies from this magnitude up. */
  readonly from: number;
  readonly divisor: number;
  readonly suffix: string;
}

const DURATION_SCALES: readonly Scale[] = [
  { from: 0, divisor: 1e-9, suffix: 'ns' },
  { from: 1e-6, divisor: 1e-6, suffix: 'µs' },
  { from: 1e-3, divisor: 1e-3, suffix: 'ms' },
  { from: 1, divisor: 1, suffix: 's' },
  { from: 60, divisor: 60, suffix: 'm' },
  { from: 3600, divisor: 3600, suffix: 'h' },
  { from: 86400, divisor: 86400, suffix: 'd' },
];

const BYTE_SCALES: readonly Scale[] = [
  { from: 0, divisor: 1, suffix: 'B' },
  { from: 1024, divisor: 1024, suffix: 'KiB' },
  { from: 1024 ** 2, divisor: 1024 ** 2, suffix: 'MiB' },
  { from: 1024 ** 3, divisor: 1024 ** 3, suffix: 'GiB' },
  { from: 1024 ** 4, divisor: 1024 ** 4, suffix: 'TiB' },
  { from: 1024 ** 5, divisor: 1024 ** 5, suffix: 'PiB' },
];

const COUNT_SCALES: readonly Scale[] = [
  { from: 0, divisor: 1, suffix: '' },
  { from: 1e3, divisor: 1e3, suffix: 'k' },
  { from: 1e6, divisor: 1e6, suffix: 'M' },
  { from: 1e9, divisor: 1e9, suffix: 'G' },
  { from: 1e12, divisor: 1e12, suffix: 'T' },
];

/** Values of a `*_time_seconds` / `*_timestamp_seconds` gauge above this are read as Unix time (2001-09-09 on). */
const UNIX_TIME_THRESHOLD = 1e9;

export function unitKind(name: string, unit: string): UnitKind {
  const base = name.endsWith('_total') ? name.slice(0, -6) : name;
  const kind = unit !== '' ? unit : base.slice(base.lastIndexOf('_') + 1);
  if (kind === 'seconds') {
    return base.endsWith('_time_seconds') || base.endsWith('_timestamp_seconds') ? 'timestamp' : 'seconds';
  }
  if (kind === 'bytes') return 'bytes';
  if (kind === 'ratio') return 'ratio';
  return 'count';
}

function threeDigits(value: number): number {
  return Number(value.toPrecision(3));
}

function scaled(magnitude: number, scales: readonly Scale[]): string {
  let index = 0;
  while (index + 1 < scales.length && magnitude >= scales[index + 1]!.from) index++;
  let rounded = threeDigits(magnitude / scales[index]!.divisor);
  // 999.7ms rounds to 1000ms: show it as 1s instead.
  while (index + 1 < scales.length && rounded * scales[index]!.divisor >= scales[index + 1]!.from) {
    index++;
    rounded = threeDigits(magnitude / scales[index]!.divisor);
  }
  return `${rounded}${scales[index]!.suffix}`;
}

/** `value` formatted for a column of the given kind. */
export function formatHuman(value: number, kind: UnitKind): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (kind === 'timestamp') {
    if (value >= UNIX_TIME_THRESHOLD) return `${new Date(value * 1000).toISOString().slice(0, 19)}Z`;
    kind = 'seconds';
  }
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  switch (kind) {
    case 'seconds':
      return magnitude === 0 ? '0s' : sign + scaled(magnitude, DURATION_SCALES);
    case 'bytes':
      return sign + scaled(magnitude, BYTE_SCALES);
    case 'ratio':
      return `${sign}${threeDigits(magnitude * 100)}%`;
    default:
      return sign + scaled(magnitude, COUNT_SCALES);
  }
}

/** A per-second rate: `12.3/s`, `1.5MiB/s`, `250ms/s` (CPU seconds per second). */
export function formatRate(perSecond: number, kind: UnitKind): string {
  return `${formatHuman(perSecond, kind === 'timestamp' ? 'seconds' : kind)}/s`;
}
