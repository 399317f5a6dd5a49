// Series descriptions of test scripts (Prometheus's ParseSeriesDesc): `name{label="value"} values`,
// where values use the expanding notation of promtool unit tests:
//   1 2 3        plain values (also Inf, -Inf, NaN, 1e3; 0x10 is 0 repeated, not hex)
//   a+bxN a-bxN  N+1 values starting at a, stepping by b
//   axN          a repeated N+1 times
//   _  _xN       one / N missing points
//   stale        a stale marker
//   {{...}}      a native histogram (kept as text: this runner skips cases that use them)

import { STALE_NAN } from '@telemeter/storage';
import { TestScriptError } from './errors.js';

/** One point of a sequence. */
export type SequenceValue =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'omitted' }
  | { readonly kind: 'histogram'; readonly text: string };

export interface SeriesDescription {
  /** Label pairs as written, `__name__` included (empty values are kept; storage drops them). */
  readonly labels: Record<string, string>;
  readonly values: SequenceValue[];
}

const OMITTED: SequenceValue = { kind: 'omitted' };

/** Go's ParseInt(s, 0, 64) then ParseFloat(s, 64), as promqltest's parseNumber; undefined if neither. */
export function parseGoNumber(text: string): number | undefined {
  const s = text;
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  const negative = lower.startsWith('-');
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  if (unsigned === 'nan') return Number.NaN;
  let m = /^[+-]?0x([0-9a-f](?:_?[0-9a-f])*)$/.exec(lower);
  if (m) return (negative ? -1 : 1) * Number.parseInt((m[1] as string).replace(/_/g, ''), 16);
  m = /^[+-]?0o([0-7](?:_?[0-7])*)$/.exec(lower) ?? /^[+-]?0([0-7]+)$/.exec(lower);
  if (m) return (negative ? -1 : 1) * Number.parseInt((m[1] as string).replace(/_/g, ''), 8);
  m = /^[+-]?0b([01](?:_?[01])*)$/.exec(lower);
  if (m) return (negative ? -1 : 1) * Number.parseInt((m[1] as string).replace(/_/g, ''), 2);
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(lower)) return Number(s);
  return undefined;
}

const NUMBER =
  '[+-]?(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN]|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)';
const EXPANDING = new RegExp(`^(${NUMBER})(?:([+-])(${NUMBER}))?x(\\d+)$`);

function parseNumberToken(token: string, line: number): number {
  const v = token === 'stale' ? STALE_NAN : parseGoNumber(token);
  if (v === undefined)
    throw new TestScriptError(line, `unexpected ${JSON.stringify(token)} in series values`);
  return v;
}

/** Expands one whitespace-free value token. */
function expandToken(token: string, line: number, out: SequenceValue[]): void {
  if (token === '_') {
    out.push(OMITTED);
    return;
  }
  const blanks = /^_x(\d+)$/.exec(token);
  if (blanks) {
    for (let i = 0; i < Number(blanks[1]); i++) out.push(OMITTED);
    return;
  }
  const m = EXPANDING.exec(token);
  if (m === null) {
    out.push({ kind: 'float', value: parseNumberToken(token, line) });
    return;
  }
  let value = parseNumberToken(m[1] as string, line);
  const times = Number(m[4]);
  let step = m[2] === undefined ? 0 : parseNumberToken(m[3] as string, line);
  if (m[2] === '-') step = -step;
  out.push({ kind: 'float', value });
  // Accumulated like Prometheus (value += step), so float rounding matches its expansion.
  for (let i = 1; i <= times; i++) {
    value += step;
    out.push({ kind: 'float', value });
  }
}

/** Expands the value part of a series line. */
export function parseSequence(text: string, line: number): SequenceValue[] {
  const out: SequenceValue[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos] as string;
    if (ch === ' ' || ch === '\t') {
      pos++;
      continue;
    }
    if (text.startsWith('{{', pos)) {
      // A native histogram, possibly `{{...}}xN` or `{{...}}+{{...}}xN`: kept opaque.
      let end = text.indexOf('}}', pos);
      if (end < 0) throw new TestScriptError(line, 'unterminated native histogram "{{"');
      end += 2;
      if (/^[+-]\{\{/.test(text.slice(end, end + 3))) {
        const close = text.indexOf('}}', end);
        if (close < 0) throw new TestScriptError(line, 'unterminated native histogram "{{"');
        end = close + 2;
      }
      const times = /^x(\d+)/.exec(text.slice(end));
      const count = times ? Number(times[1]) + 1 : 1;
      const histogram: SequenceValue = { kind: 'histogram', text: text.slice(pos, end) };
      for (let i = 0; i < count; i++) out.push(histogram);
      pos = end + (times ? (times[0] as string).length : 0);
      continue;
    }
    let end = pos;
    while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
    expandToken(text.slice(pos, end), line, out);
    pos = end;
  }
  return out;
}

/** Reads a Go-quoted string ("...", '...' or `...`) at text[pos]; returns value and end. */
export function readQuoted(text: string, pos: number, line: number): { value: string; end: number } {
  const quote = text[pos];
  if (quote === '`') {
    const close = text.indexOf('`', pos + 1);
    if (close < 0) throw new TestScriptError(line, 'unterminated raw string');
    return { value: text.slice(pos + 1, close), end: close + 1 };
  }
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = pos + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === quote) return { value: new TextDecoder().decode(Uint8Array.from(bytes)), end: i + 1 };
    if (ch !== '\\') {
      const cp = text.codePointAt(i) as number;
      const s = String.fromCodePoint(cp);
      for (const b of encoder.encode(s)) bytes.push(b);
      i += s.length;
      continue;
    }
    const e = text[i + 1];
    const simple: Record<string, number> = {
      a: 7,
      b: 8,
      f: 12,
      n: 10,
      r: 13,
      t: 9,
      v: 11,
      '\\': 92,
      '"': 34,
      "'": 39,
    };
    if (e !== undefined && simple[e] !== undefined) {
      bytes.push(simple[e] as number);
      i += 2;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (
      (e === 'u' || e === 'U') &&
      /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + (e === 'u' ? 6 : 10)))
    ) {
      const n = e === 'u' ? 4 : 8;
      for (const b of encoder.encode(
        String.fromCodePoint(Number.parseInt(text.slice(i + 2, i + 2 + n), 16)),
      )) {
        bytes.push(b);
      }
      i += 2 + n;
    } else if (e !== undefined && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
    } else {
      throw new TestScriptError(line, `invalid escape sequence in string ${text.slice(pos)}`);
    }
  }
  throw new TestScriptError(line, 'unterminated quoted string');
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;

function skipSpace(text: string, pos: number): number {
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  return pos;
}

/** Parses `name{a="b", ...}` at the start of `text`; returns the labels and where they end. */
export function parseSeriesLabels(
  text: string,
  line: number,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let pos = 0;
  NAME.lastIndex = 0;
  const name = NAME.exec(text);
  if (name) {
    labels.__name__ = name[0];
    pos = NAME.lastIndex;
  }
  if (text[pos] !== '{') {
    if (!name) throw new TestScriptError(line, `expected a series, got ${JSON.stringify(text)}`);
    return { labels, end: pos };
  }
  pos = skipSpace(text, pos + 1);
  while (text[pos] !== '}') {
    let labelName: string;
    if (text[pos] === '"' || text[pos] === "'" || text[pos] === '`') {
      const q = readQuoted(text, pos, line);
      labelName = q.value;
      pos = skipSpace(text, q.end);
      if (text[pos] === ',' || text[pos] === '}') {
        // A quoted name on its own is the metric name: {"my.metric", a="b"}.
        labels.__name__ = labelName;
        if (text[pos] === ',') pos = skipSpace(text, pos + 1);
        continue;
      }
    } else {
      LABEL_NAME.lastIndex = pos;
      const m = LABEL_NAME.exec(text);
      if (m === null)
        throw new TestScriptError(line, `unexpected character in label matching: ${text.slice(pos)}`);
      labelName = m[0];
      pos = skipSpace(text, LABEL_NAME.lastIndex);
    }
    if (text[pos] !== '=') throw new TestScriptError(line, `expected "=" after label name ${labelName}`);
    pos = skipSpace(text, pos + 1);
    if (text[pos] !== '"' && text[pos] !== "'" && text[pos] !== '`') {
      throw new TestScriptError(line, `expected a quoted label value for ${labelName}`);
    }
    const value = readQuoted(text, pos, line);
    labels[labelName] = value.value;
    pos = skipSpace(text, value.end);
    if (text[pos] === ',') pos = skipSpace(text, pos + 1);
    else if (text[pos] !== '}') throw new TestScriptError(line, `expected "," or "}" in label set: ${text}`);
  }
  return { labels, end: pos + 1 };
}

/** Parses a whole series line: labels then values. */
export function parseSeriesDescription(text: string, line: number): SeriesDescription {
  const { labels, end } = parseSeriesLabels(text, line);
  if (end < text.length && text[end] !== ' ' && text[end] !== '\t') {
    throw new TestScriptError(
      line,
      `expected values after the series, got ${JSON.stringify(text.slice(end))}`,
    );
  }
  return { labels, values: parseSequence(text.slice(end), line) };
}
