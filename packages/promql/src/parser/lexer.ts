// A hand-written PromQL lexer, pulled one token at a time by the parser. It keeps Prometheus's
// lexer states (inside braces, inside brackets, parenthesis depth) so its errors read the same.
import { decodeQuoted, QuoteError } from './strings.js';

export type TokenKind =
  | 'eof'
  | 'error'
  | 'word'
  | 'number'
  | 'duration'
  | 'string'
  | '('
  | ')'
  | '{'
  | '}'
  | '['
  | ']'
  | ','
  | ':'
  | '@'
  | '='
  | 'op';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The source text, except: a string's decoded value, an error's message, an operator's symbol. */
  text: string;
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlphaNumeric(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Go's %q of one rune, as Prometheus prints unexpected characters: 'x', '\n', '\u00a0'. */
export function quoteRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === "'") return "'\\''";
  if (ch === '\\') return "'\\\\'";
  const named: Record<number, string> = { 7: 'a', 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't', 11: 'v' };
  if (named[cp] !== undefined) return `'\\${named[cp]}'`;
  if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) return `'${ch}'`;
  if (cp < 0x80) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp < 0x10000) return `'\\u${cp.toString(16).padStart(4, '0')}'`;
  return `'\\U${cp.toString(16).padStart(8, '0')}'`;
}

export class Lexer {
  readonly input: string;
  private pos = 0;
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;

  constructor(input: string) {
    this.input = input;
  }

  /** The next token that is not whitespace or a comment. After an error token, only eof follows. */
  next(): Token {
    const input = this.input;
    const n = input.length;
    for (;;) {
      while (this.pos < n && isSpace(input.charCodeAt(this.pos))) this.pos++;
      if (this.pos < n && input.charCodeAt(this.pos) === 35 /* # */ && !this.braceOpen) {
        while (this.pos < n && input.charCodeAt(this.pos) !== 10) this.pos++;
        continue;
      }
      break;
    }
    const start = this.pos;
    if (start >= n) {
      if (this.braceOpen) return this.error('unexpected end of input inside braces', start);
      if (this.bracketOpen) return this.error('unexpected end of input in duration expression', start);
      if (this.parenDepth > 0) return this.error('unclosed left parenthesis', start);
      return { kind: 'eof', start, end: start, text: '' };
    }
    const c = input.charCodeAt(start);
    if (this.braceOpen) return this.insideBraces(c, start);
    if (this.bracketOpen) return this.insideBrackets(c, start);

    if (isDigit(c) || (c === 46 && isDigit(input.charCodeAt(start + 1)))) return this.numberOrDuration(start);
    if (c === 34 || c === 39 || c === 96) return this.quoted(start);
    if (isAlpha(c) || c === 58 /* : */) return this.word(start);
    this.pos++;
    switch (c) {
      case 40:
        this.parenDepth++;
        return this.tok('(', start);
      case 41:
        // Prometheus reports a stray ')' just after it.
        if (this.parenDepth === 0) return this.error("unexpected right parenthesis ')'", start + 1);
        this.parenDepth--;
        return this.tok(')', start);
      case 123:
        this.braceOpen = true;
        return this.tok('{', start);
      case 91:
        this.bracketOpen = true;
        return this.tok('[', start);
      case 93:
        return this.error("unexpected right bracket ']'", start);
      case 44:
        return this.tok(',', start);
      case 64:
        return this.tok('@', start);
      case 43:
      case 45:
      case 42:
      case 47:
      case 37:
      case 94:
        return this.op(input.charAt(start), start);
      case 61: // =
        if (input.charCodeAt(this.pos) === 61) return this.op('==', start, 1);
        // Regex matchers only exist inside braces.
        if (input.charCodeAt(this.pos) === 126)
          return this.error("unexpected character after '=': '~'", start);
        return this.tok('=', start);
      case 33: {
        // !
        if (input.charCodeAt(this.pos) === 61) return this.op('!=', start, 1);
        if (this.pos >= n) return this.error("unexpected character after '!': EOF", start);
        return this.error(`unexpected character after '!': ${quoteRune(this.runeAt(this.pos))}`, start);
      }
      case 60:
        return input.charCodeAt(this.pos) === 61 ? this.op('<=', start, 1) : this.op('<', start);
      case 62:
        return input.charCodeAt(this.pos) === 61 ? this.op('>=', start, 1) : this.op('>', start);
      default:
        return this.error(`unexpected character: ${quoteRune(this.runeAt(start))}`, start);
    }
  }

  private insideBraces(c: number, start: number): Token {
    const input = this.input;
    if (isAlpha(c)) {
      let i = start + 1;
      while (i < input.length && isAlphaNumeric(input.charCodeAt(i))) i++;
      this.pos = i;
      return { kind: 'word', start, end: i, text: input.slice(start, i) };
    }
    if (c === 34 || c === 39 || c === 96) return this.quoted(start);
    this.pos++;
    switch (c) {
      case 44:
        return this.tok(',', start);
      case 125:
        this.braceOpen = false;
        return this.tok('}', start);
      case 61:
        if (input.charCodeAt(this.pos) === 126) return this.op('=~', start, 1);
        return this.tok('=', start);
      case 33: {
        const d = input.charCodeAt(this.pos);
        if (d === 61) return this.op('!=', start, 1);
        if (d === 126) return this.op('!~', start, 1);
        if (this.pos >= input.length)
          return this.error("unexpected character after '!' inside braces: EOF", start);
        return this.error(
          `unexpected character after '!' inside braces: ${quoteRune(this.runeAt(this.pos))}`,
          start,
        );
      }
      case 123:
        return this.error("unexpected left brace '{'", start);
      default:
        return this.error(`unexpected character inside braces: ${quoteRune(this.runeAt(start))}`, start);
    }
  }

  /** Inside `[...]`: durations or numbers, `:`, `]`, and `-` (so a negative range reads as one). */
  private insideBrackets(c: number, start: number): Token {
    const input = this.input;
    if (isDigit(c) || (c === 46 && isDigit(input.charCodeAt(start + 1)))) return this.numberOrDuration(start);
    this.pos++;
    switch (c) {
      case 58:
        return this.tok(':', start);
      case 93:
        this.bracketOpen = false;
        return this.tok(']', start);
      case 45:
        return this.op('-', start);
      case 91:
        return this.error("unexpected left bracket '['", start);
      default:
        if (isAlpha(c))
          return this.error(`unexpected character: ${quoteRune(this.runeAt(start))}, expected ':'`, start);
        return this.error(
          `unexpected character in duration expression: ${quoteRune(this.runeAt(start))}`,
          start,
        );
    }
  }

  private word(start: number): Token {
    const input = this.input;
    let i = start + 1;
    for (; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (!isAlphaNumeric(c) && c !== 58) break;
    }
    this.pos = i;
    return { kind: 'word', start, end: i, text: input.slice(start, i) };
  }

  /** Prometheus's scanNumber + acceptRemainingDuration: a number, a duration, or an error. */
  private numberOrDuration(start: number): Token {
    const input = this.input;
    let i = start;
    const hex = input.charCodeAt(i) === 48 && (input.charCodeAt(i + 1) | 0x20) === 120; // 0x / 0X
    const isDigitChar = hex
      ? (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) || c === 95
      : (c: number) => isDigit(c) || c === 95;
    if (hex) {
      i += 2;
      if (input.charCodeAt(i) === 95) i++;
    }
    while (i < input.length && isDigitChar(input.charCodeAt(i))) i++;
    if (input.charCodeAt(i) === 46) {
      i++;
      while (i < input.length && isDigitChar(input.charCodeAt(i))) i++;
    }
    const e = input.charCodeAt(i) | 0x20;
    if ((hex && e === 112) || (!hex && e === 101)) {
      i++;
      const s = input.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      while (i < input.length && (isDigit(input.charCodeAt(i)) || input.charCodeAt(i) === 95)) i++;
    }
    const next = input.charCodeAt(i);
    if (i >= input.length || (!isAlphaNumeric(next) && next !== 46)) {
      this.pos = i;
      return { kind: 'number', start, end: i, text: input.slice(start, i) };
    }
    // A unit follows: the rest must be a duration ("5m", "1h30m", "1s500ms").
    const units = 'smhdwy';
    let ok = units.includes(input.charAt(i));
    // Prometheus's error text includes the character that broke the pattern, except after a digit run.
    let badEnd = i + 1;
    if (ok) {
      i++;
      if (input.charAt(i) === 's') i++;
      while (isDigit(input.charCodeAt(i))) {
        while (isDigit(input.charCodeAt(i))) i++;
        if (!'smhdw'.includes(input.charAt(i)) || i >= input.length) {
          ok = false;
          badEnd = i;
          break;
        }
        i++;
        if (input.charAt(i) === 's') i++;
      }
    }
    if (ok && (i >= input.length || !isAlphaNumeric(input.charCodeAt(i)))) {
      this.pos = i;
      return { kind: 'duration', start, end: i, text: input.slice(start, i) };
    }
    if (ok) badEnd = i + 1;
    const bad = input.slice(start, Math.min(badEnd, input.length));
    return this.error(`bad number or duration syntax: ${JSON.stringify(bad)}`, start);
  }

  private quoted(start: number): Token {
    try {
      const { value, end } = decodeQuoted(this.input, start);
      this.pos = end;
      return { kind: 'string', start, end, text: value };
    } catch (err) {
      if (err instanceof QuoteError) return this.error(err.message, err.position);
      throw err;
    }
  }

  private runeAt(i: number): string {
    return String.fromCodePoint(this.input.codePointAt(i) ?? 0);
  }

  private tok(kind: TokenKind, start: number): Token {
    return { kind, start, end: this.pos, text: this.input.slice(start, this.pos) };
  }

  private op(symbol: string, start: number, extra = 0): Token {
    this.pos += extra;
    return { kind: 'op', start, end: this.pos, text: symbol };
  }

  private error(message: string, start: number): Token {
    this.pos = this.input.length;
    this.braceOpen = false;
    this.bracketOpen = false;
    this.parenDepth = 0;
    return { kind: 'error', start, end: this.input.length, text: message };
  }
}
