// Date functions of a Unix time in seconds, in UTC (Prometheus funcDayOfMonth ... funcYear).
// Go truncates the float to whole seconds (int64(v)) before building the time.

/** The Date for Go's time.Unix(int64(seconds), 0).UTC(); NaN and ±Inf have no date. */
function utcDate(seconds: number): Date | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  const date = new Date(Math.trunc(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Milliseconds of midnight UTC on the given day (years below 100 included, unlike Date.UTC). */
function utcMidnight(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

function field(seconds: number, get: (d: Date) => number): number {
  const d = utcDate(seconds);
  return d === undefined ? Number.NaN : get(d);
}

/** 1..31 */
export function dayOfMonth(seconds: number): number {
  return field(seconds, (d) => d.getUTCDate());
}

/** 0 (Sunday)..6 */
export function dayOfWeek(seconds: number): number {
  return field(seconds, (d) => d.getUTCDay());
}

/** 1..366 */
export function dayOfYear(seconds: number): number {
  return field(seconds, (d) => {
    const startOfYear = utcMidnight(d.getUTCFullYear(), 0, 1);
    const startOfDay = utcMidnight(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return (startOfDay - startOfYear) / 86_400_000 + 1;
  });
}

/** 28..31 */
export function daysInMonth(seconds: number): number {
  // Day 0 of the next month is the last day of this one.
  return field(seconds, (d) =>
    new Date(utcMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  );
}

/** 0..23 */
export function hour(seconds: number): number {
  return field(seconds, (d) => d.getUTCHours());
}

/** 0..59 */
export function minute(seconds: number): number {
  return field(seconds, (d) => d.getUTCMinutes());
}

/** 1..12 */
export function month(seconds: number): number {
  return field(seconds, (d) => d.getUTCMonth() + 1);
}

export function year(seconds: number): number {
  return field(seconds, (d) => d.getUTCFullYear());
}

/** Date functions by PromQL name. */
export const DATE_FUNCTIONS: Readonly<Record<string, (seconds: number) => number>> = {
  day_of_month: dayOfMonth,
  day_of_week: dayOfWeek,
  day_of_year: dayOfYear,
  days_in_month: daysInMonth,
  hour,
  minute,
  month,
  year,
};
