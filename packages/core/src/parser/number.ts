/**
 * Number grammars of the text formats. Sample values follow Go's `strconv.ParseFloat` as
 * Prometheus uses it (decimal only: hex floats and `_` separators are refused), which is also
 * the OpenMetrics `number` rule: `[+-]` digits with optional fraction and exponent, `[+-]Inf`,
 * `[+-]Infinity` and `NaN`, the words case-insensitively.
 */

// Integers up to 15 digits are exact in a double, so they can be accumulated without a slice.
const MAX_FAST_DIGITS = 15;
// Largest int64, the bound Prometheus's strconv.ParseInt puts on text-format timestamps.
const INT64_MAX = '9223372036854775807';

/** Matches `word` (lower case) at [start, end) ignoring ASCII case. */
function wordAt(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(start + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Index just past a decimal real number starting at `start` (sign, digits, fraction, exponent),
 * or -1 when [start, end) is not exactly one such number.
 */
function realNumberEnd(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let digits = 0;
  while (i < end && c >= 48 && c <= 57) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < end && c === 46) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return -1;
  if (i < end && (c | 0x20) === 101) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    const expStart = i;
    while (i < end && c >= 48 && c <= 57) c = text.charCodeAt(++i);
    if (i === expStart) return -1;
  }
  return i === end ? i : -1;
}

/** Parses [start, end) as a sample value; `undefined` when it is not a valid number. */
export function parseValue(text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let c = text.charCodeAt(i);
  const signed = c === 43 || c === 45;
  if (signed) c = text.charCodeAt(++i);
  if (c >= 48 && c <= 57 && end - i <= MAX_FAST_DIGITS) {
    let v = 0;
    while (i < end && c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    if (i === end) return text.charCodeAt(start) === 45 ? -v : v;
  } else if ((c | 0x20) === 105) {
    if (wordAt(text, i, end, 'inf') || wordAt(text, i, end, 'infinity')) {
      return text.charCodeAt(start) === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return undefined;
  } else if ((c | 0x20) === 110) {
    // Go accepts a sign before Inf but not before NaN.
    return !signed && wordAt(text, i, end, 'nan') ? Number.NaN : undefined;
  }
  if (realNumberEnd(text, start, end) < 0) return undefined;
  const v = Number(text.slice(start, end));
  // ParseFloat reports out-of-range literals (1e400) as errors rather than returning Inf.
  return Number.isFinite(v) ? v : undefined;
}

/** Prometheus text timestamp: decimal digits (int64 milliseconds); `undefined` when invalid. */
export function parsePrometheusTimestamp(text: string, start: number, end: number): number | undefined {
  const len = end - start;
  if (len === 0 || len > INT64_MAX.length) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  if (len > MAX_FAST_DIGITS) {
    const digits = text.slice(start, end);
    if (len === INT64_MAX.length && digits > INT64_MAX) return undefined;
    return Number(digits);
  }
  return v;
}

/**
 * OpenMetrics timestamp or exemplar timestamp: a real number of seconds (no Inf/NaN), converted
 * to milliseconds by moving the decimal exponent, so `1.1` becomes exactly 1100 rather than
 * `1.1 * 1000` = 1100.0000000000002.
 */
export function parseOpenMetricsTimestampMs(text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let c = text.charCodeAt(i);
  let fast = end - start <= 12;
  let v = 0;
  while (fast && i < end) {
    if (c < 48 || c > 57) fast = false;
    else {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
  }
  if (fast) return v * 1000;
  if (realNumberEnd(text, start, end) < 0) return undefined;
  let exp = start;
  while (exp < end && (text.charCodeAt(exp) | 0x20) !== 101) exp++;
  const shifted =
    exp === end
      ? `${text.slice(start, end)}e3`
      : `${text.slice(start, exp)}e${Number(text.slice(exp + 1, end)) + 3}`;
  const ms = Number(shifted);
  return Number.isFinite(ms) ? ms : undefined;
}
