// Vector selectors: `name`, `name{matchers}`, `{matchers}`, `{"utf8.name", "label.name"="v"}`.
import { anchoredGoRegExp, type LabelMatcher, type MatchType } from '@telemeter/storage';
import type { PosRange, VectorSelector } from './ast.js';
import { isValidUtf8 } from './strings.js';
import type { TokenStream } from './token-stream.js';

export const METRIC_NAME = '__name__';

const regexCache = new Map<string, RegExp | string>();

/**
 * Compiles a matcher regex as Prometheus does (`^(?s:re)$`, RE2 syntax), with the translation
 * storage applies when it matches, so the parser accepts exactly what storage can run. Returns the
 * RegExp, or the error text.
 */
export function compileMatcherRegex(source: string): RegExp | string {
  let re = regexCache.get(source);
  if (re !== undefined) return re;
  try {
    re = anchoredGoRegExp(source);
  } catch (err) {
    re = `error parsing regexp: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(source, re);
  return re;
}

/** Does the matcher accept an absent label (the empty value)? */
export function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.type) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
    case '!~': {
      const re = compileMatcherRegex(m.value);
      const hit = typeof re === 'string' ? false : re.test('');
      return m.type === '=~' ? hit : !hit;
    }
  }
}

function isMatchOp(ts: TokenStream): MatchType | undefined {
  const tok = ts.tok;
  if (tok.kind === '=') return '=';
  if (tok.kind === 'op' && (tok.text === '!=' || tok.text === '=~' || tok.text === '!~')) {
    return tok.text as MatchType;
  }
  return undefined;
}

function newMatcher(
  ts: TokenStream,
  type: MatchType,
  name: string,
  value: string,
  range: PosRange,
): LabelMatcher {
  if (type === '=~' || type === '!~') {
    const re = compileMatcherRegex(value);
    if (typeof re === 'string') throw ts.error(re, range.start, range.end);
  }
  return { type, name, value };
}

/**
 * Parses `{...}` at the current `{` token. Returns the matchers in source order, the metric name
 * given as a bare quoted string (if any), and where it ends.
 */
function parseMatchers(ts: TokenStream): { matchers: LabelMatcher[]; quotedName?: string; end: number } {
  ts.advance(); // {
  const matchers: LabelMatcher[] = [];
  let quotedName: string | undefined;
  for (;;) {
    const tok = ts.tok;
    if (tok.kind === '}') break;
    if (tok.kind === 'word') {
      ts.advance();
      const type = isMatchOp(ts);
      if (type === undefined) throw ts.unexpected('label matching', 'label matching operator');
      ts.advance();
      if (!ts.is('string')) throw ts.unexpected('label matching', 'string');
      const value = ts.advance();
      matchers.push(newMatcher(ts, type, tok.text, value.text, { start: tok.start, end: value.end }));
    } else if (tok.kind === 'string') {
      ts.advance();
      const type = isMatchOp(ts);
      if (type === undefined) {
        // A lone quoted string is the metric name.
        if (!isValidUtf8(tok.text)) throw ts.error(`invalid metric name: ${tok.text}`, tok.start, tok.end);
        matchers.push({ type: '=', name: METRIC_NAME, value: tok.text });
        if (quotedName === undefined && tok.text !== '') quotedName = tok.text;
      } else {
        ts.advance();
        if (!ts.is('string')) throw ts.unexpected('label matching', 'string');
        const value = ts.advance();
        if (tok.text === '' || !isValidUtf8(tok.text)) {
          throw ts.error(`invalid label name: ${JSON.stringify(tok.text)}`, tok.start, tok.end);
        }
        matchers.push(newMatcher(ts, type, tok.text, value.text, { start: tok.start, end: value.end }));
      }
    } else {
      throw ts.unexpected('label matching', 'identifier or "}"');
    }
    if (ts.is(',')) {
      ts.advance();
      continue;
    }
    if (!ts.is('}')) throw ts.unexpected('label matching', '"," or "}"');
  }
  const end = ts.advance().end; // }
  return quotedName === undefined ? { matchers, end } : { matchers, quotedName, end };
}

/**
 * Parses a vector selector. `nameTok` is the already consumed metric name word, if any; the
 * current token may be `{`. The `__name__` matcher of a given name comes first in `matchers`.
 */
export function parseVectorSelector(
  ts: TokenStream,
  name: string | undefined,
  start: number,
): VectorSelector {
  let matchers: LabelMatcher[] = [];
  let end = ts.lastEnd;
  let quotedName: string | undefined;
  if (ts.is('{')) {
    const parsed = parseMatchers(ts);
    matchers = parsed.matchers;
    quotedName = parsed.quotedName;
    end = parsed.end;
  }
  const posRange = { start, end };
  if (name !== undefined) {
    // A name outside the braces must be the only metric name.
    const dup = matchers.find((m) => m.name === METRIC_NAME);
    if (dup !== undefined) {
      throw ts.error(
        `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(dup.value)}`,
        start,
        end,
      );
    }
    matchers = [{ type: '=', name: METRIC_NAME, value: name }, ...matchers];
    return { type: 'VectorSelector', name, matchers, offsetMs: 0, posRange };
  }
  // {"name", ...}: the quoted name counts as the selector's name when it is the only __name__ matcher
  // ({"a", __name__="b"} is allowed, as in Prometheus, and then has no single name).
  const nameMatchers = matchers.filter((m) => m.name === METRIC_NAME);
  if (quotedName !== undefined && nameMatchers.length === 1) {
    matchers = [nameMatchers[0] as LabelMatcher, ...matchers.filter((m) => m.name !== METRIC_NAME)];
    return { type: 'VectorSelector', name: quotedName, matchers, offsetMs: 0, posRange };
  }
  if (!matchers.some((m) => !matchesEmpty(m))) {
    throw ts.error('vector selector must contain at least one non-empty matcher', start, end);
  }
  return { type: 'VectorSelector', matchers, offsetMs: 0, posRange };
}
