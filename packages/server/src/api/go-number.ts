// Number text as Prometheus's Go code reads and writes it: strconv.ParseFloat and strconv.Atoi for
// parameters, strconv.FormatFloat for sample values, and the API's fixed-point timestamps.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/**
 * Go's strconv.ParseFloat(s, 64): decimal and hexadecimal (`0x1.8p3`) literals, `_` between
 * digits, case-insensitive `Inf`/`Infinity` (signed) and `NaN`. Returns undefined where Go
 * returns an error, including values too large for a float64 (Go's ErrRange).
 */
export function parseGoFloat(text: string): number | undefined {
  if (INFINITY.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  let s = text;
  if (s.includes('_')) {
    if (!underscoresOk(s)) return undefined;
    s = s.replaceAll('_', '');
  }
  let value: number;
  if (DECIMAL.test(s)) value = Number(s);
  else {
    const hex = HEX.exec(s);
    if (hex === null) return undefined;
    const [, sign, int = '', frac = '', exp = '0'] = hex;
    if (int === '' && frac === '') return undefined;
    const mantissa = Number.parseInt(`${int}${frac}` || '0', 16);
    value = mantissa * 2 ** (Number(exp) - 4 * frac.length);
    if (sign === '-') value = -value;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoresOk(s: string): boolean {
  let i = s[0] === '+' || s[0] === '-' ? 1 : 0;
  let saw = '^';
  let hex = false;
  if (s.length - i >= 2 && s[i] === '0' && /[bBoOxX]/.test(s[i + 1] as string)) {
    hex = /[xX]/.test(s[i + 1] as string);
    i += 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if (/\d/.test(c) || (hex && /[0-9a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** Go's strconv.Atoi for the values JavaScript holds exactly: optional sign, decimal digits only. */
export function parseGoInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * A sample value as Prometheus's API writes it (jsonutil.MarshalFloat): strconv.FormatFloat with
 * 'f' and the shortest exact digits, switching to 'e' below 1e-6 and from 1e21 on; Go writes at
 * least two exponent digits ("1e-07"), "+Inf", "-Inf", "NaN" and "-0".
 */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const abs = Math.abs(v);
  // JavaScript prints the same shortest digits, and plain notation exactly in [1e-6, 1e21).
  if (abs >= 1e-6 && abs < 1e21) return String(v);
  const [mantissa, exponent = '0'] = v.toExponential().split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '');
  return `${mantissa}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}

/**
 * A millisecond timestamp as Prometheus's API writes it (jsonutil.MarshalTimestamp): unix seconds
 * with exactly three decimals when the milliseconds are not zero (`1.500`, `-0.250`, `17`).
 */
export function formatApiTimestamp(ms: number): string {
  const t = Math.trunc(ms);
  const sign = t < 0 ? '-' : '';
  const abs = Math.abs(t);
  const seconds = Math.floor(abs / 1000);
  const fraction = abs - seconds * 1000;
  if (fraction === 0) return `${sign}${seconds}`;
  return `${sign}${seconds}.${String(fraction).padStart(3, '0')}`;
}
