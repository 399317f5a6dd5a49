// Time and duration parameters as Prometheus parses them (web/api/v1 parseTime / parseDuration):
// unix seconds with decimals or RFC 3339 for times, float seconds or "1h30m" for durations.
import { DurationError, goQuote, parseDuration as parsePromDuration } from '@telemeter/promql';
import { type ApiError, badData, invalidParam } from './errors.js';
import { parseGoFloat } from './go-number.js';

/**
 * Prometheus's MinTime and MaxTime: the default start and end of series and label lookups, which
 * client_golang (and so Grafana) also sends spelled out. Go's time parser reads only 4-digit
 * years, so these two strings are matched literally, as Prometheus does.
 */
export const MIN_TIME_TEXT = '-292273086-05-16T16:47:06Z';
export const MAX_TIME_TEXT = '292277025-08-18T07:12:54.999999999Z';
/** time.Unix(math.MinInt64/1000+62135596801, 0) in ms. */
export const MIN_TIME_MS = -9223309901257974 * 1000;
/** time.Unix(math.MaxInt64/1000-62135596801, 999999999) in ms (nearest double). */
export const MAX_TIME_MS = 9223309901257974 * 1000 + 999;

/** Seconds an int64 of milliseconds can hold. */
const MAX_UNIX_SECONDS = 2 ** 63 / 1000;
/** Go's time.Duration is int64 nanoseconds. */
const MAX_DURATION_NS = 2 ** 63;

/** Parses a Prometheus API time into unix milliseconds; throws a bad_data ApiError. */
export function parseTime(text: string): number {
  const seconds = parseGoFloat(text);
  if (seconds !== undefined) {
    if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_UNIX_SECONDS) throw cannotParseTime(text);
    return unixSecondsToMs(seconds);
  }
  const rfc = parseRfc3339(text);
  if (rfc !== undefined) return rfc;
  if (text === MIN_TIME_TEXT) return MIN_TIME_MS;
  if (text === MAX_TIME_TEXT) return MAX_TIME_MS;
  throw cannotParseTime(text);
}

function cannotParseTime(text: string): ApiError {
  return badData(`cannot parse ${goQuote(text)} to a valid timestamp`);
}

/**
 * Prometheus's float branch step by step, so the millisecond comes out as Go's does: the
 * fraction is rounded to milliseconds (half away from zero), turned into int64 nanoseconds
 * (truncating), normalised by time.Unix and read back by timestamp.FromTime.
 */
function unixSecondsToMs(t: number): number {
  let s = Math.trunc(t);
  const frac = t - s;
  const roundedMs = Math.sign(frac) * Math.round(Math.abs(frac * 1000));
  let ns = Math.trunc((roundedMs / 1000) * 1e9);
  s += Math.floor(ns / 1e9);
  ns -= Math.floor(ns / 1e9) * 1e9;
  return s * 1000 + Math.floor(ns / 1e6);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Go's time.Parse(time.RFC3339Nano, s) in ms, or undefined: 4-digit years, fields range-checked. */
function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  const zone = m[8] as string;
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return undefined;
    offsetSeconds = (zone[0] === '-' ? -1 : 1) * (zh * 3600 + zm * 60);
  }
  // Digits past nanoseconds are dropped; FromTime then truncates to milliseconds.
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const seconds =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return seconds * 1000 + millis;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses a Prometheus API duration into milliseconds (fractional below 1 ms): float seconds
 * first ("15", "0.5", "1e3"), then a PromQL duration ("1h30m"). Throws a bad_data ApiError.
 */
export function parseDuration(text: string): number {
  const seconds = parseGoFloat(text);
  if (seconds !== undefined) {
    const ns = seconds * 1e9;
    if (Number.isNaN(ns) || ns >= MAX_DURATION_NS || ns < -MAX_DURATION_NS) {
      throw badData(`cannot parse ${goQuote(text)} to a valid duration. It overflows int64`);
    }
    return Math.trunc(ns) / 1e6;
  }
  try {
    return parsePromDuration(text);
  } catch (err) {
    if (!(err instanceof DurationError)) throw err;
    throw badData(`cannot parse ${goQuote(text)} to a valid duration`);
  }
}

/** A time parameter with a default (Prometheus's parseTimeParam and its wording). */
export function timeParam(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  try {
    return parseTime(text);
  } catch (err) {
    throw invalidParam(name, `Invalid time value for '${name}': ${(err as Error).message}`, err);
  }
}

/** A required time parameter (query_range's start and end): a missing one is unparsable "". */
export function requiredTimeParam(params: URLSearchParams, name: string): number {
  try {
    return parseTime(params.get(name) ?? '');
  } catch (err) {
    throw invalidParam(name, (err as Error).message, err);
  }
}

/** An optional duration parameter in ms; undefined when absent or empty. */
export function durationParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  try {
    return parseDuration(text);
  } catch (err) {
    throw invalidParam(name, (err as Error).message, err);
  }
}

/**
 * Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros dropped) of unix ms, as
 * runtimeinfo's startTime and lastConfigTime are written.
 */
export function formatRfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_, frac: string) => {
    const trimmed = frac.replace(/0+$/, '');
    return trimmed === '' ? 'Z' : `.${trimmed}Z`;
  });
}
