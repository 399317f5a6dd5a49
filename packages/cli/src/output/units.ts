/**
 * Human units read from a metric's name, following Prometheus naming (base units in the name's
 * suffix): `_seconds` → ms/µs, `_bytes` → KiB/MiB, `_ratio` → %, `*_timestamp_seconds` → a date.
 */
export type Unit = 'seconds' | 'bytes' | 'ratio' | 'timestamp' | 'none';

const SAMPLE_SUFFIXES = ['_total', '_bucket', '_count', '_sum', '_created', '_gcount', '_gsum', '_info'];

/** The unit of a metric; `declared` is OpenMetrics' UNIT when the exposition has one. */
export function unitOf(name: string, declared = ''): Unit {
  let base = name;
  for (const suffix of SAMPLE_SUFFIXES) {
    if (base.endsWith(suffix)) {
      base = base.slice(0, -suffix.length);
      break;
    }
  }
  if (/_(timestamp|time)_seconds$/.test(base)) return 'timestamp';
  if (base.endsWith('_seconds') || declared === 'seconds') return 'seconds';
  if (base.endsWith('_bytes') || declared === 'bytes') return 'bytes';
  if (base.endsWith('_ratio') || declared === 'ratio') return 'ratio';
  return 'none';
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return undefined;
}

function group(integer: number): string {
  const sign = integer < 0 ? '-' : '';
  return sign + String(Math.abs(integer)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Three significant digits without trailing zeros: 41.25 → 41.3, 0.005 → 0.005, 120 → 120. */
function sig(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return group(Math.round(value));
  const text = value.toPrecision(3);
  if (text.includes('e')) {
    const abs = Math.abs(value);
    return abs >= 1 ? group(Math.round(value)) : value.toExponential(2).replace(/\.?0+e/, 'e');
  }
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A plain number: integers exactly with thousands separators, fractions to three significant digits. */
export function formatNumber(value: number): string {
  const special = nonFinite(value);
  if (special) return special;
  if (Math.abs(value) >= 1e15) return value.toExponential(2).replace(/\.?0+e/, 'e');
  if (Number.isInteger(value)) return group(value);
  return sig(value);
}

/** Seconds as the largest unit that keeps the number readable: 0.0042 → "4.2 ms", 5400 → "1h 30m". */
export function formatSeconds(seconds: number): string {
  const special = nonFinite(seconds);
  if (special) return special;
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${sig(seconds * 1e9)} ns`;
  if (abs < 1e-3) return `${sig(seconds * 1e6)} µs`;
  if (abs < 1) return `${sig(seconds * 1e3)} ms`;
  if (abs < 60) return `${sig(seconds)} s`;
  const sign = seconds < 0 ? '-' : '';
  const whole = Math.round(abs);
  const parts: [number, string][] = [
    [Math.floor(whole / 86_400), 'd'],
    [Math.floor((whole % 86_400) / 3600), 'h'],
    [Math.floor((whole % 3600) / 60), 'm'],
    [whole % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return (
    sign +
    parts
      .slice(first, first + 2)
      .filter(([n]) => n > 0)
      .map(([n, u]) => `${n}${u}`)
      .join(' ')
  );
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes in binary multiples: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const special = nonFinite(bytes);
  if (special) return special;
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < BYTE_UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? formatNumber(value) : sig(value)} ${BYTE_UNITS[i]}`;
}

/** A value in its unit. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'seconds':
      return formatSeconds(value);
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return nonFinite(value) ?? `${sig(value * 100)}%`;
    case 'timestamp':
      // A Unix time only makes sense as a date once it is past 1973; smaller values are durations.
      if (Number.isFinite(value) && value > 1e8)
        return `${new Date(value * 1000).toISOString().slice(0, 19)}Z`;
      return formatSeconds(value);
    default:
      return formatNumber(value);
  }
}

/** A per-second rate of a counter in that unit: "41.3/s", "12 ms/s", "1.5 KiB/s". */
export function formatRate(perSecond: number, unit: Unit): string {
  const special = nonFinite(perSecond);
  if (special) return special;
  if (unit === 'seconds') return `${formatSeconds(perSecond)}/s`;
  if (unit === 'bytes') return `${formatBytes(perSecond)}/s`;
  return `${sig(perSecond)}/s`;
}
