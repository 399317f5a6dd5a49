// PromQL string literals: Go escape rules ("double", 'single', `raw`), and Go-style quoting back.
//
// Go strings are bytes, so "\xc5" is a lone invalid UTF-8 byte. JavaScript strings cannot hold
// that; we keep it losslessly as the lone surrogate U+DC00+byte ("surrogateescape", as Python
// does). `isValidUtf8` spots such strings (e.g. to reject invalid label names) and `goQuote` prints
// them back as "\xc5", matching Prometheus's messages.

export class QuoteError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

/** Go's %#U of a rune: U+0071 'q'. */
function goRuneU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  return isPrintable(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function isPrintable(ch: string): boolean {
  return PRINTABLE.test(ch);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Decodes bytes as UTF-8; each byte of an invalid sequence becomes U+DC00+byte. */
function decodeBytes(bytes: number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] as number;
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    }
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      out += String.fromCharCode(0xdc00 + b0);
      i++;
    }
  }
  return out;
}

/**
 * Decodes the quoted string starting at `start` (its opening quote). Returns the value and the
 * offset after the closing quote; throws QuoteError with Prometheus's lexer messages.
 */
export function decodeQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input.charAt(start);
  const n = input.length;
  if (quote === '`') {
    const close = input.indexOf('`', start + 1);
    if (close < 0) throw new QuoteError('unterminated raw string', start);
    const value = input.slice(start + 1, close);
    if (!isValidUtf8(value)) throw new QuoteError('invalid UTF-8 rune', start);
    return { value, end: close + 1 };
  }
  let out = '';
  let bytes: number[] | undefined;
  let i = start + 1;
  let runStart = i;
  const flush = (): void => {
    if (bytes !== undefined) {
      out += decodeBytes(bytes);
      bytes = undefined;
    }
  };
  for (;;) {
    if (i >= n) throw new QuoteError('unterminated quoted string', start);
    const ch = input.charAt(i);
    if (ch === quote) {
      if (i > runStart) {
        flush();
        out += input.slice(runStart, i);
      }
      flush();
      return { value: out, end: i + 1 };
    }
    if (ch === '\n') throw new QuoteError('unterminated quoted string', start);
    if (ch !== '\\') {
      const c = input.charCodeAt(i);
      // A lone surrogate is the JavaScript form of invalid UTF-8 in the query text.
      if (c >= 0xd800 && c <= 0xdfff) {
        const pair = c <= 0xdbff && (input.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        if (!pair) throw new QuoteError('invalid UTF-8 rune', start);
        i++;
      }
      i++;
      continue;
    }
    if (i > runStart) {
      flush();
      out += input.slice(runStart, i);
    }
    i++;
    if (i >= n) throw new QuoteError('escape sequence not terminated', start);
    const e = input.charAt(i);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined || e === quote) {
      flush();
      out += simple ?? quote;
      i++;
      runStart = i;
      continue;
    }
    let digits: number;
    let base: number;
    let max: number;
    if (e >= '0' && e <= '7') {
      digits = 3;
      base = 8;
      max = 255;
    } else if (e === 'x') {
      digits = 2;
      base = 16;
      max = 255;
      i++;
    } else if (e === 'u') {
      digits = 4;
      base = 16;
      max = 0x10ffff;
      i++;
    } else if (e === 'U') {
      digits = 8;
      base = 16;
      max = 0x10ffff;
      i++;
    } else {
      throw new QuoteError(`unknown escape sequence ${goRuneU(input.codePointAt(i) ?? 0)}`, start);
    }
    let x = 0;
    for (let k = 0; k < digits; k++, i++) {
      if (i >= n) throw new QuoteError('escape sequence not terminated', start);
      const d = Number.parseInt(input.charAt(i), base);
      if (Number.isNaN(d)) {
        if (input.charAt(i) === quote) throw new QuoteError('escape sequence not terminated', start);
        throw new QuoteError(
          `illegal character ${goRuneU(input.codePointAt(i) ?? 0)} in escape sequence`,
          start,
        );
      }
      x = x * base + d;
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      throw new QuoteError('escape sequence is an invalid Unicode code point', start);
    }
    if (max === 255) {
      if (bytes === undefined) bytes = [];
      bytes.push(x);
    } else {
      flush();
      out += String.fromCodePoint(x);
    }
    runStart = i;
  }
}

/** Is `s` valid UTF-8 in Go's sense, i.e. free of lone surrogates (escaped invalid bytes)? */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** Go's strconv.Quote: a double-quoted string that the PromQL lexer reads back to `s`. */
export function goQuote(s: string): string {
  // Fast path: printable ASCII without quotes or backslashes.
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      out += `\\x${(cp - 0xdc00).toString(16).padStart(2, '0')}`;
    } else if (cp < 0x80) {
      out += cp < 0x20 || cp === 0x7f ? `\\x${cp.toString(16).padStart(2, '0')}` : ch;
    } else if (isPrintable(ch) && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += ch;
    } else if (cp < 0x10000) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}
