// Between the parser's positions (1-based line and column, columns in code points, as Prometheus
// counts them) and offsets into the editor's string (UTF-16 code units).
import type { ErrorPosition } from '../../data/api.js';

/** The offset of `line`:`column` in `text`, clamped to the text (a column past the line's end is its end). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return text.length;
    offset = newline + 1;
  }
  for (let c = 1; c < column && offset < text.length && text[offset] !== '\n'; c++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

const WORD = /[A-Za-z0-9_:.]/;

/**
 * The span to mark for an error: the range the server gave, else the word (or single character)
 * at the position; an empty span at the end of the text means "the query ends too early".
 */
export function errorSpan(text: string, position: ErrorPosition): { start: number; end: number } {
  const start = offsetAt(text, position.line, position.column);
  if (position.end !== undefined) {
    const end = offsetAt(text, position.end.line, position.end.column);
    if (end > start) return { start, end };
  }
  if (start >= text.length) return { start: text.length, end: text.length };
  let end = start + 1;
  if (WORD.test(text[start] as string)) while (end < text.length && WORD.test(text[end] as string)) end++;
  return { start, end };
}

/** Spaces up to `column` (code points; tabs kept so they align the same), then `^`. */
export function caretLine(line: string, column: number): string {
  const chars = Array.from(line).slice(0, Math.max(0, column - 1));
  return `${chars.map((c) => (c === '\t' ? '\t' : ' ')).join('')}^`;
}
