/**
 * Escaping shared by the Prometheus text (0.0.4) and OpenMetrics writers.
 *
 * Label values escape backslash, double quote and line feed in both formats. HELP text escapes
 * backslash and line feed in the text format, and also the double quote in OpenMetrics.
 * Most strings need no escaping at all, so each function tests once and returns its input.
 */

const LABEL_VALUE_SPECIAL = /[\\"\n]/;
const LABEL_VALUE_SPECIAL_ALL = /[\\"\n]/g;
const HELP_SPECIAL = /[\\\n]/;
const HELP_SPECIAL_ALL = /[\\\n]/g;

function escapeChar(char: string): string {
  return char === '\n' ? '\\n' : `\\${char}`;
}

/** Escapes a label value (or an OpenMetrics HELP text): `\` → `\\`, `"` → `\"`, newline → `\n`. */
export function escapeLabelValue(value: string): string {
  return LABEL_VALUE_SPECIAL.test(value) ? value.replace(LABEL_VALUE_SPECIAL_ALL, escapeChar) : value;
}

/** Escapes HELP text for the Prometheus text format: `\` → `\\`, newline → `\n` (quotes stay as they are). */
export function escapeHelp(help: string): string {
  return HELP_SPECIAL.test(help) ? help.replace(HELP_SPECIAL_ALL, escapeChar) : help;
}

/**
 * Reverses `escapeLabelValue` (and `escapeHelp`). An unknown escape such as `\q` is kept verbatim,
 * as Prometheus's text parser does.
 */
export function unescapeLabelValue(escaped: string): string {
  if (!escaped.includes('\\')) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const char = escaped[i];
    if (char !== '\\' || i + 1 === escaped.length) {
      out += char;
      continue;
    }
    const next = escaped[++i];
    if (next === 'n') out += '\n';
    else if (next === '\\' || next === '"') out += next;
    else out += `\\${next}`;
  }
  return out;
}
