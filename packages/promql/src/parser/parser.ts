// A recursive-descent (Pratt) PromQL parser with Prometheus 3.x grammar and error wording.
//
// Precedence, lowest first: or; and unless; == != <= < >= >; + -; * / % atan2; ^ (right-assoc).
// Unary +/- binds like * (so -a^b is -(a^b) and -a*b is (-a)*b); offset, @ and [..] bind tightest.
import type { AggregateExpr, AggregateOp, BinaryExpr, BinaryOp, Call, Expr, NumberLiteral } from './ast.js';
import { checkExpr, operatorRanges } from './check.js';
import { DurationError, parseDuration } from './duration.js';
import { getFunction } from './functions.js';
import type { Token } from './lexer.js';
import { parseBinaryModifiers, parseGroupingLabels } from './modifiers.js';
import { parseNumberLiteral } from './numbers.js';
import { POW_PRECEDENCE, PRECEDENCE } from './operators.js';
import { parsePostfix } from './postfix.js';
import { parseVectorSelector } from './selectors.js';
import { isAggregatorWord, isWordOperator, NON_METRIC_WORDS, TokenStream } from './token-stream.js';

export interface ParseOptions {
  /** Reject Prometheus's experimental functions (default false: they are accepted). */
  disableExperimentalFunctions?: boolean;
}

/** Parses a PromQL expression; throws PromQLParseError on syntax and type errors. */
export function parse(text: string, options: ParseOptions = {}): Expr {
  const ts = new TokenStream(text);
  if (ts.is('eof')) throw ts.error('no expression found in input', 0);
  try {
    const expr = new Parser(ts, options).expr(0);
    if (!ts.is('eof')) throw ts.unexpected();
    checkExpr(expr, ts);
    return expr;
  } catch (err) {
    // Thousands of nested parentheses exhaust the call stack; report that as a parse error too.
    if (err instanceof RangeError) throw ts.error('expression is nested too deeply', ts.tok.start);
    throw err;
  }
}

class Parser {
  constructor(
    private readonly ts: TokenStream,
    private readonly options: ParseOptions,
  ) {}

  /** The binary operator at the current token, if any. */
  private binaryOp(): BinaryOp | undefined {
    const tok = this.ts.tok;
    if (tok.kind === 'op') return PRECEDENCE[tok.text] !== undefined ? (tok.text as BinaryOp) : undefined;
    if (tok.kind === 'word') {
      const lower = tok.text.toLowerCase();
      if (isWordOperator(lower)) return lower as BinaryOp;
    }
    return undefined;
  }

  expr(minPrecedence: number): Expr {
    const ts = this.ts;
    let lhs = this.unary();
    for (;;) {
      const op = this.binaryOp();
      if (op === undefined) return lhs;
      const prec = PRECEDENCE[op] as number;
      if (prec < minPrecedence) return lhs;
      const opTok = ts.advance();
      const node: BinaryExpr = {
        type: 'BinaryExpr',
        op,
        lhs,
        rhs: lhs,
        returnBool: false,
        posRange: { start: lhs.posRange.start, end: 0 },
      };
      const matching = parseBinaryModifiers(this.ts, node);
      node.rhs = this.expr(op === '^' ? prec : prec + 1);
      if (matching) node.matching = matching;
      node.posRange = { start: lhs.posRange.start, end: node.rhs.posRange.end };
      operatorRanges.set(node, { start: opTok.start, end: opTok.end });
      lhs = node;
    }
  }

  private unary(): Expr {
    const ts = this.ts;
    const tok = ts.tok;
    if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+')) {
      ts.advance();
      const operand = this.expr(POW_PRECEDENCE);
      if (operand.type === 'NumberLiteral') {
        // Prometheus folds the sign into the literal: -1 is a number, not an expression.
        if (tok.text === '-') operand.value = -operand.value;
        operand.posRange = { start: tok.start, end: operand.posRange.end };
        return operand;
      }
      return {
        type: 'UnaryExpr',
        op: tok.text,
        expr: operand,
        posRange: { start: tok.start, end: operand.posRange.end },
      };
    }
    return parsePostfix(ts, this.primary());
  }

  private primary(): Expr {
    const ts = this.ts;
    const tok = ts.tok;
    switch (tok.kind) {
      case 'number':
      case 'duration':
        ts.advance();
        return this.numberLiteral(tok);
      case 'string':
        ts.advance();
        return { type: 'StringLiteral', value: tok.text, posRange: { start: tok.start, end: tok.end } };
      case '(': {
        ts.advance();
        const inner = this.expr(0);
        if (!ts.is(')')) throw ts.unexpected();
        const close = ts.advance();
        return { type: 'ParenExpr', expr: inner, posRange: { start: tok.start, end: close.end } };
      }
      case '{':
        return parseVectorSelector(ts, undefined, tok.start);
      case 'word':
        return this.wordExpr(tok);
      default:
        throw ts.unexpected();
    }
  }

  numberLiteral(tok: Token): NumberLiteral {
    const posRange = { start: tok.start, end: tok.end };
    if (tok.kind === 'duration') {
      try {
        return { type: 'NumberLiteral', value: parseDuration(tok.text) / 1000, posRange };
      } catch (err) {
        if (err instanceof DurationError) throw this.ts.error(err.message, tok.start, tok.end);
        throw err;
      }
    }
    const value = parseNumberLiteral(tok.text);
    if (typeof value === 'string') throw this.ts.error(value, tok.start, tok.end);
    return { type: 'NumberLiteral', value, posRange };
  }

  private wordExpr(tok: Token): Expr {
    const ts = this.ts;
    const lower = tok.text.toLowerCase();
    if (lower === 'inf' || lower === 'nan') {
      ts.advance();
      const value = lower === 'inf' ? Number.POSITIVE_INFINITY : Number.NaN;
      return { type: 'NumberLiteral', value, posRange: { start: tok.start, end: tok.end } };
    }
    const next = ts.peek();
    const nextWord = next.kind === 'word' ? next.text.toLowerCase() : '';
    if (isAggregatorWord(lower) && (next.kind === '(' || nextWord === 'by' || nextWord === 'without')) {
      return this.aggregate(tok, lower);
    }
    if (NON_METRIC_WORDS.has(lower)) throw ts.unexpected();
    if (next.kind === '(' && !tok.text.includes(':') && !isKeywordMetric(lower)) return this.call(tok);
    ts.advance();
    return parseVectorSelector(ts, tok.text, tok.start);
  }

  private call(nameTok: Token): Call {
    const ts = this.ts;
    ts.advance();
    // The arguments first: like Prometheus, a syntax error inside them is reported before the name.
    const args = this.callArgs();
    const func = getFunction(nameTok.text);
    if (func === undefined) {
      throw ts.error(
        `unknown function with name ${JSON.stringify(nameTok.text)}`,
        nameTok.start,
        nameTok.end,
      );
    }
    if (func.experimental && this.options.disableExperimentalFunctions) {
      throw ts.error(`function ${JSON.stringify(nameTok.text)} is not enabled`, nameTok.start, nameTok.end);
    }
    return { type: 'Call', func, args, posRange: { start: nameTok.start, end: ts.lastEnd } };
  }

  /** `( expr, ... )` of a call or an aggregation. */
  private callArgs(): Expr[] {
    const ts = this.ts;
    ts.advance(); // (
    const args: Expr[] = [];
    if (ts.is(')')) {
      ts.advance();
      return args;
    }
    for (;;) {
      args.push(this.expr(0));
      if (ts.is(',')) {
        const comma = ts.advance();
        if (ts.is(')')) {
          throw ts.error('trailing commas not allowed in function call args', comma.start, comma.end);
        }
        continue;
      }
      if (ts.is(')')) break;
      throw ts.unexpected();
    }
    ts.advance();
    return args;
  }

  private aggregate(opTok: Token, op: AggregateOp): AggregateExpr {
    const ts = this.ts;
    ts.advance();
    let grouping: string[] = [];
    let without = false;
    let modifierSeen = false;
    const modifier = (): void => {
      without = ts.isWord('without');
      ts.advance();
      grouping = parseGroupingLabels(ts);
      modifierSeen = true;
    };
    if (ts.isWord('by') || ts.isWord('without')) modifier();
    if (!ts.is('(')) throw ts.unexpected('aggregation');
    const args = this.callArgs();
    if (!modifierSeen && (ts.isWord('by') || ts.isWord('without'))) modifier();
    const posRange = { start: opTok.start, end: ts.lastEnd };
    if (args.length === 0)
      throw ts.error('no arguments for aggregate expression provided', posRange.start, posRange.end);
    const withParam =
      op === 'topk' ||
      op === 'bottomk' ||
      op === 'quantile' ||
      op === 'count_values' ||
      op === 'limitk' ||
      op === 'limit_ratio';
    const want = withParam ? 2 : 1;
    if (args.length !== want) {
      throw ts.error(
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
        posRange.start,
        posRange.end,
      );
    }
    const node: AggregateExpr = {
      type: 'AggregateExpr',
      op,
      expr: args[want - 1] as Expr,
      grouping,
      without,
      posRange,
    };
    if (withParam) node.param = args[0] as Expr;
    return node;
  }
}

/** Keywords that Prometheus lexes as keywords (not identifiers) yet accepts as metric names. */
function isKeywordMetric(lower: string): boolean {
  return (
    lower === 'by' ||
    lower === 'without' ||
    lower === 'offset' ||
    isWordOperator(lower) ||
    isAggregatorWord(lower)
  );
}
