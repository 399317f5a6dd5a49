/** Character classes and string helpers shared by both text grammars. */

export const NAME_START = 1; // [a-zA-Z_:]   first character of a metric name
export const NAME_CHAR = 2; // [a-zA-Z0-9_:] later characters of a metric name (and of a unit)
export const LABEL_START = 4; // [a-zA-Z_]
export const LABEL_CHAR = 8; // [a-zA-Z0-9_]

export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const set = (from: string, to: string, bits: number) => {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) table[c]! |= bits;
  };
  set('a', 'z', NAME_START | NAME_CHAR | LABEL_START | LABEL_CHAR);
  set('A', 'Z', NAME_START | NAME_CHAR | LABEL_START | LABEL_CHAR);
  set('_', '_', NAME_START | NAME_CHAR | LABEL_START | LABEL_CHAR);
  set('0', '9', NAME_CHAR | LABEL_CHAR);
  set(':', ':', NAME_START | NAME_CHAR);
  return table;
})();

/** End of the metric name starting at `pos` (== pos when there is none). */
export function scanMetricName(text: string, pos: number, end: number): number {
  if (pos >= end) return pos;
  const c = text.charCodeAt(pos);
  if (c >= 128 || (CHAR_CLASS[c]! & NAME_START) === 0) return pos;
  let i = pos + 1;
  while (i < end) {
    const d = text.charCodeAt(i);
    if (d >= 128 || (CHAR_CLASS[d]! & NAME_CHAR) === 0) break;
    i++;
  }
  return i;
}

/** End of the label name starting at `pos` (== pos when there is none). */
export function scanLabelName(text: string, pos: number, end: number): number {
  if (pos >= end) return pos;
  const c = text.charCodeAt(pos);
  if (c >= 128 || (CHAR_CLASS[c]! & LABEL_START) === 0) return pos;
  let i = pos + 1;
  while (i < end) {
    const d = text.charCodeAt(i);
    if (d >= 128 || (CHAR_CLASS[d]! & LABEL_CHAR) === 0) break;
    i++;
  }
  return i;
}

/** Whether `text` has `word` at `start`. */
export function spells(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Fast path for the names that repeat line after line: the index of the name in `names` that
 * is written at `start` and followed by a character no name contains ('{', ' ', '\t' when
 * `tab`, or the end of the line), else -1. A match needs no character-by-character scan or
 * validation (the candidates are valid names), and `substring` + `===` (a native compare) is
 * about 3 times faster here than scanning the name and comparing it in a loop.
 */
export function matchKnownName(
  names: readonly string[],
  text: string,
  start: number,
  end: number,
  tab: boolean,
): number {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const e = start + name.length;
    if (e > end) continue;
    const c = text.charCodeAt(e);
    if ((e === end || c === 123 || c === 32 || (tab && c === 9)) && text.substring(start, e) === name)
      return i;
  }
  return -1;
}

/**
 * Fast path for label names: whether `candidate` (the name at the same place on the previous
 * line) is written at `pos` and followed by '=' (or a blank when `blanks`).
 */
export function matchLabelName(candidate: string, text: string, pos: number, blanks: boolean): boolean {
  const e = pos + candidate.length;
  const c = text.charCodeAt(e);
  return (c === 61 || (blanks && (c === 32 || c === 9))) && text.substring(pos, e) === candidate;
}

/** Index of the name in `names` spelled at [start, end), or -1. */
export function findName(names: readonly string[], text: string, start: number, end: number): number {
  const len = end - start;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (n.length === len && spells(text, start, n)) return i;
  }
  return -1;
}

/**
 * Unescapes a label value: `\\`, `\"` and `\n`; any other escaped character is kept with its
 * backslash, as Prometheus's own parsers do (and as the OpenMetrics test suite expects for `\z`).
 */
export function unescapeLabelValue(text: string, start: number, end: number): string {
  return unescapeRange(text, start, end, true);
}

/** Unescapes HELP text. OpenMetrics also defines `\"`; Prometheus text 0.0.4 only `\\` and `\n`. */
export function unescapeHelp(text: string, start: number, end: number, quote: boolean): string {
  return unescapeRange(text, start, end, quote);
}

function unescapeRange(text: string, start: number, end: number, quote: boolean): string {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 92 || i + 1 >= end) continue;
    const next = text.charCodeAt(i + 1);
    const replacement = next === 92 ? '\\' : next === 110 ? '\n' : quote && next === 34 ? '"' : undefined;
    if (replacement !== undefined) {
      out += text.slice(from, i) + replacement;
      from = i + 2;
    }
    i++;
  }
  return out + text.slice(from, end);
}

/** Number of Unicode code points in `s` (surrogate pairs count once). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** How a character appears in an error message. */
export function describeAt(text: string, pos: number, end: number): string {
  if (pos >= end) return 'end of line';
  const c = text.charCodeAt(pos);
  if (c === 13) return 'a carriage return (lines must end with \\n only)';
  if (c === 9) return 'a tab';
  if (c === 32) return 'a space';
  if (c < 32 || c === 127) return `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  const cp = text.codePointAt(pos)!;
  return `'${String.fromCodePoint(cp)}'`;
}

/** A short excerpt of [start, end) for error messages. */
export function excerpt(text: string, start: number, end: number): string {
  const MAX = 40;
  const s = end - start > MAX ? `${text.slice(start, start + MAX)}...` : text.slice(start, end);
  return JSON.stringify(s);
}

/** When a name is followed by a character names cannot have, says so. */
export function nameHint(text: string, pos: number, end: number): string {
  const c = text.charCodeAt(pos);
  return pos < end && c !== 32 && c !== 9 && c !== 123 && c !== 13
    ? ' (metric names may only contain [a-zA-Z0-9_:])'
    : '';
}
