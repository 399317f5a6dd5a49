// Prometheus duration strings ("1h30m", "5m", "1y2w3d4h5m6s7ms"): parsing and canonical printing.

const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};
/** Units in the only order Prometheus accepts them; each at most once. */
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
// Go's time.Duration is an int64 of nanoseconds; larger durations are "out of range".
const MAX_DURATION_MS = 9223372036854;

/** Thrown by parseDuration; the parser turns it into a positioned PromQLParseError. */
export class DurationError extends Error {
  override readonly name = 'DurationError';
}

/**
 * Parses a Prometheus duration into milliseconds (model.ParseDuration): units y, w, d, h, m, s, ms,
 * largest first, each at most once, each after an unsigned integer; "0" alone is zero.
 */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new DurationError('empty duration string');
  const invalid = (): DurationError =>
    new DurationError(`not a valid duration string: ${JSON.stringify(text)}`);
  let i = 0;
  let total = 0;
  let lastUnit = -1;
  const n = text.length;
  while (i < n) {
    const digitsStart = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === digitsStart) throw invalid();
    const value = Number(text.slice(digitsStart, i));
    const unitStart = i;
    while (i < n && !(text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)) i++;
    if (i === unitStart) throw invalid();
    const unit = text.slice(unitStart, i);
    const order = UNIT_ORDER.indexOf(unit);
    if (order < 0)
      throw new DurationError(`unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    if (order <= lastUnit) throw invalid();
    lastUnit = order;
    total += value * (UNIT_MS[unit] as number);
    if (total > MAX_DURATION_MS || !Number.isSafeInteger(value))
      throw new DurationError('duration out of range');
  }
  return total;
}

/**
 * Prints milliseconds as Prometheus does (model.Duration.String): "0s" for zero, years and weeks only
 * when they divide exactly, then d, h, m, s, ms. Negative input prints with a leading "-".
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  let rest = Math.trunc(ms);
  if (rest === 0) return '0s';
  let out = '';
  const part = (unit: string, exact: boolean): void => {
    const mult = UNIT_MS[unit] as number;
    if (exact && rest % mult !== 0) return;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  };
  part('y', true);
  part('w', true);
  for (const unit of ['d', 'h', 'm', 's', 'ms']) part(unit, false);
  return out;
}
