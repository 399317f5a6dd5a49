// The parser's view of the lexer: the current token, two tokens of lookahead, and Prometheus's
// "unexpected <token> in <context>, expected <what>" errors.
import { AGGREGATE_OPS, type AggregateOp } from './ast.js';
import { PromQLParseError } from './errors.js';
import { Lexer, type Token, type TokenKind } from './lexer.js';
import { goQuote } from './strings.js';

const AGGREGATORS: ReadonlySet<string> = new Set(AGGREGATE_OPS);
const KEYWORDS: ReadonlySet<string> = new Set([
  'bool',
  'by',
  'group_left',
  'group_right',
  'ignoring',
  'offset',
  'on',
  'without',
]);
const WORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'unless', 'atan2']);
/** Words that are keywords only, never metric names (Prometheus's metric_identifier excludes them). */
export const NON_METRIC_WORDS: ReadonlySet<string> = new Set([
  'bool',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'atan2',
]);

export function isAggregatorWord(lower: string): lower is AggregateOp {
  return AGGREGATORS.has(lower);
}

export function isWordOperator(lower: string): boolean {
  return WORD_OPERATORS.has(lower);
}

/** Go's %q with a precision of 10 runes ("%.10q..."), as Prometheus shortens long tokens. */
function shortQuote(text: string): string {
  const runes = Array.from(text);
  return runes.length > 10 ? `${goQuote(runes.slice(0, 10).join(''))}...` : goQuote(text);
}

/** How Prometheus names a token in "unexpected ..." (Item.desc). */
export function describeToken(tok: Token, input: string): string {
  const raw = input.slice(tok.start, tok.end);
  switch (tok.kind) {
    case 'eof':
      return 'end of input';
    case 'error':
      return tok.text;
    case 'op':
      return `<op:${tok.text}>`;
    case '@':
      return '<op:@>';
    case 'number':
      return `number ${shortQuote(raw)}`;
    case 'duration':
      return `duration ${shortQuote(raw)}`;
    case 'string':
      return `string ${shortQuote(raw)}`;
    case 'word': {
      const lower = raw.toLowerCase();
      if (lower === 'inf' || lower === 'nan') return `number ${shortQuote(raw)}`;
      if (AGGREGATORS.has(lower)) return `<aggr:${raw}>`;
      if (WORD_OPERATORS.has(lower)) return `<op:${raw}>`;
      if (KEYWORDS.has(lower)) return `<${raw}>`;
      if (lower === 'start' || lower === 'end') return goQuote(raw);
      return raw.includes(':') ? `metric identifier ${goQuote(raw)}` : `identifier ${goQuote(raw)}`;
    }
    default:
      return goQuote(raw);
  }
}

export class TokenStream {
  readonly input: string;
  private readonly lexer: Lexer;
  /** The current token. */
  tok: Token;
  private ahead: Token[] = [];
  /** End offset of the last consumed token. */
  lastEnd = 0;

  constructor(input: string) {
    this.input = input;
    this.lexer = new Lexer(input);
    this.tok = this.lexer.next();
  }

  advance(): Token {
    const prev = this.tok;
    this.lastEnd = prev.end;
    this.tok = this.ahead.shift() ?? this.lexer.next();
    return prev;
  }

  /** The token after the current one. */
  peek(): Token {
    if (this.ahead.length === 0) this.ahead.push(this.lexer.next());
    return this.ahead[0] as Token;
  }

  /** Is the current token of this kind? (A method, so TypeScript does not narrow across advance().) */
  is(kind: TokenKind): boolean {
    return this.tok.kind === kind;
  }

  /** Is the current token the word `lower` (keywords are case-insensitive)? */
  isWord(lower: string): boolean {
    return this.tok.kind === 'word' && this.tok.text.toLowerCase() === lower;
  }

  error(detail: string, start: number, end = start): PromQLParseError {
    return new PromQLParseError(detail, this.input, start, end);
  }

  /** Prometheus's `unexpected`: lexer errors win, else "unexpected X[ in context][, expected Y]". */
  unexpected(context = '', expected = ''): PromQLParseError {
    const tok = this.tok;
    if (tok.kind === 'error') return this.error(tok.text, tok.start, tok.end);
    let msg = `unexpected ${describeToken(tok, this.input)}`;
    if (context !== '') msg += ` in ${context}`;
    if (expected !== '') msg += `, expected ${expected}`;
    return this.error(msg, tok.start, tok.end);
  }
}
