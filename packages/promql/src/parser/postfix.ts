// The modifiers that follow an operand and bind tightest: `[range]`, `[range:step]`, `offset d`,
// `@ t` / `@ start()` / `@ end()`, in any order and number (checked like Prometheus does).
import type { AtModifier, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from './ast.js';
import { DurationError, parseDuration } from './duration.js';
import type { Token } from './lexer.js';
import { parseNumberLiteral } from './numbers.js';
import type { TokenStream } from './token-stream.js';

/** Operands whose offset/@ were set explicitly (an explicit `offset 0s` still counts). */
const offsetSet = new WeakSet<object>();

function durationMillis(ts: TokenStream, tok: Token): number {
  try {
    return parseDuration(tok.text);
  } catch (err) {
    if (err instanceof DurationError) throw ts.error(err.message, tok.start, tok.end);
    throw err;
  }
}

/** A number or duration token as seconds (Prometheus's number_duration_literal). */
function secondsOf(ts: TokenStream, tok: Token): number {
  if (tok.kind === 'duration') return durationMillis(ts, tok) / 1000;
  const value = parseNumberLiteral(tok.text);
  if (typeof value === 'string') throw ts.error(value, tok.start, tok.end);
  return value;
}

/** Go's time.Duration(seconds * 1000) * time.Millisecond: truncated milliseconds. */
function millisOf(ts: TokenStream, tok: Token): number {
  // Durations are exact milliseconds already; a round trip through seconds could lose the last one.
  const ms = tok.kind === 'duration' ? durationMillis(ts, tok) : Math.trunc(secondsOf(ts, tok) * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > 9223372036854)
    throw ts.error('duration out of range', tok.start, tok.end);
  return ms === 0 ? 0 : ms;
}

function isNumberish(tok: Token): boolean {
  return tok.kind === 'number' || tok.kind === 'duration';
}

export function parsePostfix(ts: TokenStream, operand: Expr): Expr {
  let expr = operand;
  for (;;) {
    if (ts.is('[')) expr = rangeOrSubquery(ts, expr);
    else if (ts.isWord('offset')) expr = offset(ts, expr);
    else if (ts.is('@')) expr = at(ts, expr);
    else return expr;
  }
}

function rangeOrSubquery(ts: TokenStream, expr: Expr): Expr {
  const open = ts.advance();
  if (ts.is('op') && ts.tok.text === '-') {
    // A negative range: Prometheus reads `[-5m]` and rejects its value.
    const minus = ts.advance();
    if (isNumberish(ts.tok)) throw ts.error('duration must be greater than 0', minus.start, ts.tok.end);
    throw ts.unexpected('subquery or range selector', 'number or duration');
  }
  if (!isNumberish(ts.tok)) throw ts.unexpected('subquery or range selector', 'number or duration');
  const rangeTok = ts.advance();
  const rangeMs = millisOf(ts, rangeTok);
  if (rangeMs <= 0) throw ts.error('duration must be greater than 0', rangeTok.start, rangeTok.end);
  if (ts.is(']')) {
    const close = ts.advance();
    let msg = '';
    if (expr.type !== 'VectorSelector') msg = 'ranges only allowed for vector selectors';
    else if (offsetSet.has(expr)) msg = 'no offset modifiers allowed before range';
    else if (expr.at !== undefined) msg = 'no @ modifiers allowed before range';
    if (msg !== '') throw ts.error(msg, open.start, close.end);
    const node: MatrixSelector = {
      type: 'MatrixSelector',
      vectorSelector: expr as VectorSelector,
      rangeMs,
      posRange: { start: expr.posRange.start, end: close.end },
    };
    return node;
  }
  if (!ts.is(':')) throw ts.unexpected('subquery or range', '":" or "]"');
  ts.advance();
  let stepMs = 0;
  if (isNumberish(ts.tok)) {
    stepMs = millisOf(ts, ts.advance());
    if (!ts.is(']')) throw ts.unexpected('subquery selector', '"]"');
  } else if (!ts.is(']')) {
    throw ts.unexpected('subquery selector', 'number or duration or "]"');
  }
  const close = ts.advance();
  const node: SubqueryExpr = {
    type: 'SubqueryExpr',
    expr,
    rangeMs,
    stepMs,
    offsetMs: 0,
    posRange: { start: expr.posRange.start, end: close.end },
  };
  return node;
}

/** The node that carries offset/@ for `expr`, or undefined when `expr` cannot have them. */
function modifierTarget(expr: Expr): VectorSelector | SubqueryExpr | undefined {
  if (expr.type === 'VectorSelector' || expr.type === 'SubqueryExpr') return expr;
  if (expr.type === 'MatrixSelector') return expr.vectorSelector;
  return undefined;
}

function offset(ts: TokenStream, expr: Expr): Expr {
  ts.advance();
  let sign = 1;
  if (ts.is('op') && ts.tok.text === '-') {
    sign = -1;
    ts.advance();
  }
  if (!isNumberish(ts.tok)) throw ts.unexpected('offset', 'number or duration');
  const ms = millisOf(ts, ts.advance()) * sign;
  const target = modifierTarget(expr);
  if (target === undefined) {
    throw ts.error(
      'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      expr.posRange.start,
      expr.posRange.end,
    );
  }
  if (offsetSet.has(target))
    throw ts.error('offset may not be set multiple times', expr.posRange.start, expr.posRange.end);
  offsetSet.add(target);
  target.offsetMs = ms === 0 ? 0 : ms;
  expr.posRange = { start: expr.posRange.start, end: ts.lastEnd };
  return expr;
}

/** Go's %f: six decimals, and +Inf/-Inf/NaN spelled Go's way. */
function goFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return Math.abs(v) < 1e21 ? v.toFixed(6) : `${BigInt(v).toString()}.000000`;
}

/** Go's math.Round (half away from zero) of seconds to milliseconds. */
function roundMillis(seconds: number): number {
  const ms = seconds * 1000;
  const r = Math.sign(ms) * Math.round(Math.abs(ms));
  return r === 0 ? 0 : r;
}

function at(ts: TokenStream, expr: Expr): Expr {
  ts.advance();
  let value: AtModifier;
  if (ts.isWord('start') || ts.isWord('end')) {
    const which = ts.advance().text.toLowerCase() as 'start' | 'end';
    if (!ts.is('(')) throw ts.unexpected('@', 'timestamp');
    ts.advance();
    if (!ts.is(')')) throw ts.unexpected('@', 'timestamp');
    ts.advance();
    value = which;
  } else {
    let sign = 1;
    if (ts.is('op') && (ts.tok.text === '-' || ts.tok.text === '+')) {
      sign = ts.tok.text === '-' ? -1 : 1;
      ts.advance();
    }
    let seconds: number;
    if (ts.isWord('inf') || ts.isWord('nan')) {
      seconds = ts.advance().text.toLowerCase() === 'inf' ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    } else {
      if (!isNumberish(ts.tok)) throw ts.unexpected('@', 'timestamp');
      seconds = sign * secondsOf(ts, ts.advance());
    }
    if (!Number.isFinite(seconds) || Math.abs(seconds) >= 2 ** 63) {
      throw ts.error(
        `timestamp out of bounds for @ modifier: ${goFixed(seconds)}`,
        expr.posRange.start,
        expr.posRange.end,
      );
    }
    value = roundMillis(seconds);
  }
  const target = modifierTarget(expr);
  if (target === undefined) {
    throw ts.error(
      '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      expr.posRange.start,
      expr.posRange.end,
    );
  }
  if (target.at !== undefined) {
    throw ts.error('@ <timestamp> may not be set multiple times', expr.posRange.start, expr.posRange.end);
  }
  target.at = value;
  expr.posRange = { start: expr.posRange.start, end: ts.lastEnd };
  return expr;
}
