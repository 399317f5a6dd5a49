// Durations and byte sizes as written in telemeter.yml and on the command line.
import { formatDuration, parseDuration } from '@telemeter/promql';

const DURATION_HINT = 'use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m';

/** Milliseconds, or a message saying what is wrong with the text. */
export function parseDurationText(text: string): number | string {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && trimmed !== '0') {
    return `invalid duration "${text}": a duration needs a unit (${DURATION_HINT})`;
  }
  try {
    return parseDuration(trimmed);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (detail.startsWith('unknown unit')) {
      return `invalid duration "${text}": ${detail.replace(/ in duration .*$/, '')} (${DURATION_HINT})`;
    }
    if (detail === 'duration out of range') return `invalid duration "${text}": out of range`;
    return `invalid duration "${text}" (${DURATION_HINT})`;
  }
}

/** The canonical Prometheus spelling (`1h30m`, `0s`); parseDurationText reads it back exactly. */
export function formatDurationText(ms: number): string {
  return formatDuration(ms);
}

// SI units are powers of 1000 and IEC units powers of 1024, as in `df -H` / `df -h`; both are
// accepted so a value can be copied from either kind of tool.
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
/** Units formatSizeText may print; IEC first, so it wins a tie. */
const FORMAT_UNITS = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
] as const;
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/;
const SIZE_HINT =
  'expected bytes or a number with a unit B, KB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 512MiB';

/** Bytes (rounded down to a whole byte), or a message saying what is wrong with the text. */
export function parseSizeText(text: string): number | string {
  const match = SIZE.exec(text.trim());
  if (match === null) return `invalid size "${text}": ${SIZE_HINT}`;
  const unit = match[2] === '' ? 'b' : match[2]!.toLowerCase();
  const multiplier = SIZE_UNITS[unit];
  if (multiplier === undefined) return `invalid size "${text}": unknown unit "${match[2]}" (${SIZE_HINT})`;
  const bytes = Math.floor(Number(match[1]) * multiplier);
  if (!Number.isSafeInteger(bytes)) return `invalid size "${text}": too large`;
  return bytes;
}

/** The exact unit giving the smallest number (`16MiB`, `10GB`), else plain bytes; parseSizeText reads it back. */
export function formatSizeText(bytes: number): string {
  let best = String(bytes);
  let smallest = bytes;
  for (const [unit, size] of FORMAT_UNITS) {
    if (bytes >= size && bytes % size === 0 && bytes / size < smallest) {
      smallest = bytes / size;
      best = `${smallest}${unit}`;
    }
  }
  return best;
}

/** For the JSON Schema: the same grammar as parseDuration, `0` or units largest first. */
export const DURATION_PATTERN = '^(0|(?=\\d)(\\d+y)?(\\d+w)?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?)$';
export const SIZE_PATTERN = '^\\d+(\\.\\d+)?\\s*([bB]|[kKmMgGtT][iI]?[bB])?$';
