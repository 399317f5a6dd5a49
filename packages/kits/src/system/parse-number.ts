/**
 * Strict number parsing shared by the /proc parsers. `Number()` alone is too lenient for kernel
 * text: `Number('')` and `Number(' ')` are 0, `Number('0x1f')` is 31 and `Number('1e3')` is 1000, so
 * a garbled line could turn into plausible-looking samples instead of being skipped.
 */

/** A decimal unsigned integer (`/^[0-9]+$/`), or NaN. Values past 2^53 lose precision, as any float would. */
export function parseUint(text: string): number {
  const length = text.length;
  if (length === 0) return Number.NaN;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

const DECIMAL = /^[0-9]+(?:\.[0-9]+)?$/;

/** An unsigned decimal such as `0.42` (load averages), or NaN. */
export function parseUdecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

const WHITESPACE = /\s+/;

/** The whitespace-separated fields of a line, without empty leading/trailing fields. */
export function fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(WHITESPACE);
}
