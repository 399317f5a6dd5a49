// The one error the parser throws. Its message matches Prometheus's ("1:14: parse error: ...").

/** A syntax or type error in a query, located by 1-based line and column (in code points). */
export class PromQLParseError extends Error {
  override readonly name = 'PromQLParseError';
  /** The message without the "line:column: parse error: " prefix. */
  readonly detail: string;
  /** 1-based line of the error's start. */
  readonly line: number;
  /** 1-based column (counted in Unicode code points, like Prometheus) of the error's start. */
  readonly column: number;
  /** Offset into the query text (UTF-16 code units) of the error's start. */
  readonly position: number;
  /** Offset where the offending range ends (exclusive). */
  readonly end: number;

  constructor(detail: string, text: string, position: number, end = position) {
    const at = Math.max(0, Math.min(position, text.length));
    const { line, column } = lineColumn(text, at);
    super(`${line}:${column}: parse error: ${detail}`);
    this.detail = detail;
    this.line = line;
    this.column = column;
    this.position = at;
    this.end = Math.max(at, end);
  }
}

/** 1-based line and column of `offset` in `text`; columns count code points, not UTF-16 units. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    column++;
  }
  return { line, column };
}
