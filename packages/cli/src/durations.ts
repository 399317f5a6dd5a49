/**
 * Durations as Prometheus writes them (`15s`, `1h30m`, `500ms`), so a value can be copied from
 * a prometheus.yml or a PromQL range. A bare number is seconds (`2`, `0.5`), as Prometheus's API
 * accepts for `step`.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
/** Largest first, the order Prometheus requires them in. */
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|y|w|d|h|m|s)/y;

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  let total = 0;
  let last = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (!match) return undefined;
    const order = ORDER.indexOf(match[2]!);
    // Each unit once and largest first (`1h30m`, not `30m1h` nor `1m1m`), as Prometheus.
    if (order <= last) return undefined;
    last = order;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** The shortest Prometheus spelling of a whole number of milliseconds: 5_400_000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ORDER) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
