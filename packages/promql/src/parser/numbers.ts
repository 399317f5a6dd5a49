// Number literals as Prometheus reads them (Go's ParseInt with base 0, then ParseFloat) and prints
// them (Go's fmt %v: shortest round-trip digits, exponent form below 1e-4 and from 1e6 on).

const INT64_MAX = 9223372036854775807n;

/** Go's underscoreOK: an underscore may only sit between digits or after a base prefix. */
function underscoresOk(s: string): boolean {
  if (!s.includes('_')) return true;
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes((s[1] as string).toLowerCase())) {
    i = 2;
    saw = '0';
    hex = (s[1] as string).toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function hexFloat(t: string): number | undefined {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(t);
  if (!m) return undefined;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  if (intPart === '' && frac === '') return undefined;
  let mantissa = 0;
  for (const c of intPart + frac) mantissa = mantissa * 16 + Number.parseInt(c, 16);
  return mantissa * 2 ** (Number(m[3]) - 4 * frac.length);
}

/** The value of a NUMBER token, or an error message like Prometheus's. */
export function parseNumberLiteral(text: string): number | string {
  const invalid = `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`;
  if (!underscoresOk(text)) return invalid;
  const t = text.includes('_') ? text.replaceAll('_', '') : text;
  // ParseInt(s, 0, 64): hex, legacy octal ("017" is 15) and decimal integers.
  let big: bigint | undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) big = BigInt(t);
  else if (/^0[0-7]+$/.test(t)) big = BigInt(`0o${t.slice(1)}`);
  else if (/^[0-9]+$/.test(t)) big = BigInt(t);
  if (big !== undefined && big <= INT64_MAX) return Number(big);
  let value: number | undefined;
  if (/^0[xX]/.test(t)) value = hexFloat(t);
  else if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) value = Number(t);
  if (value === undefined) return invalid;
  if (!Number.isFinite(value)) {
    return `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: value out of range`;
  }
  return value;
}

/**
 * Go's fmt.Sprint(float64), which Prometheus uses to print number literals: the shortest digits
 * that round-trip, in exponent form ("1e+06", "1.5e-05") when the decimal exponent is < -4 or >= 6
 * (strconv's %g with shortest precision), "+Inf", "-Inf", "NaN".
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  const [mant, expText] = Math.abs(v).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
