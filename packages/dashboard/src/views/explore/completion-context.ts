// What the word at the cursor is, for autocomplete: a metric or function name, a label name inside
// `{}` or `by (...)`, or a label value after `label="`. A small tokenizer over the text before the
// cursor is enough: the parser would reject half-typed queries, which is what is being completed.
import { GROUPING_KEYWORDS } from './promql-vocabulary.js';

export type CompletionContext =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'expression';
      readonly prefix: string;
      readonly from: number;
      readonly to: number;
      /** Right after a complete operand (`up |`): only binary operators and keywords fit. */
      readonly afterOperand: boolean;
    }
  | {
      readonly kind: 'label-name';
      readonly prefix: string;
      readonly from: number;
      readonly to: number;
      /** The metric of the selector, when `{` follows a name. */
      readonly metric: string | undefined;
      /** Inside `{}` (a matcher follows) rather than a `by (...)` list. */
      readonly inSelector: boolean;
    }
  | {
      readonly kind: 'label-value';
      readonly prefix: string;
      readonly from: number;
      readonly to: number;
      readonly label: string;
      readonly metric: string | undefined;
      /** The quote the value is in; undefined right after `=` (the completion adds quotes). */
      readonly quote: '"' | "'" | '`' | undefined;
      /** No closing quote follows the cursor: the completion adds one. */
      readonly closeQuote: boolean;
    };

type Token =
  | {
      readonly type: 'ident' | 'number' | 'op';
      readonly text: string;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly type: 'string';
      readonly text: string;
      readonly start: number;
      readonly end: number;
      readonly quote: '"' | "'" | '`';
      readonly closed: boolean;
    };

type Frame =
  | { readonly kind: 'brace'; readonly metric: string | undefined }
  | { readonly kind: 'paren'; readonly grouping: boolean }
  | { readonly kind: 'bracket' };

const IDENT_START = /[A-Za-z_:]/;
const IDENT_PART = /[A-Za-z0-9_:]/;
const MATCH_OPS = new Set(['=', '!=', '=~', '!~']);
const TWO_CHAR_OPS = new Set(['=~', '!~', '!=', '==', '>=', '<=']);

/** Tokens of `text` up to `end`; undefined when `end` is inside a comment. */
function tokenize(text: string, end: number): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < end) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      const newline = text.indexOf('\n', i);
      if (newline === -1 || newline >= end) return undefined;
      i = newline + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      let closed = false;
      while (i < end) {
        const d = text[i] as string;
        if (d === '\\' && c !== '`') i += 2;
        else if (d === c) {
          closed = true;
          i++;
          break;
        } else i++;
      }
      i = Math.min(i, end);
      tokens.push({
        type: 'string',
        text: text.slice(start + 1, closed ? i - 1 : i),
        start,
        end: i,
        quote: c,
        closed,
      });
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < end && IDENT_PART.test(text[i] as string)) i++;
      tokens.push({ type: 'ident', text: text.slice(start, i), start, end: i });
    } else if (/[0-9.]/.test(c)) {
      const start = i;
      while (i < end && /[0-9A-Za-z_.+]/.test(text[i] as string)) {
        // A sign only belongs to an exponent (1e+3).
        if (text[i] === '+' && !/[eE]/.test(text[i - 1] as string)) break;
        i++;
      }
      tokens.push({ type: 'number', text: text.slice(start, i), start, end: i });
    } else {
      const two = text.slice(i, i + 2);
      const op = TWO_CHAR_OPS.has(two) && i + 2 <= end ? two : c;
      tokens.push({ type: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

function frames(tokens: readonly Token[]): Frame[] {
  const stack: Frame[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'op') return;
    const prev = tokens[i - 1];
    if (t.text === '{') stack.push({ kind: 'brace', metric: prev?.type === 'ident' ? prev.text : undefined });
    else if (t.text === '(')
      stack.push({ kind: 'paren', grouping: prev?.type === 'ident' && GROUPING_KEYWORDS.has(prev.text) });
    else if (t.text === '[') stack.push({ kind: 'bracket' });
    else if (t.text === '}' || t.text === ')' || t.text === ']') stack.pop();
  });
  return stack;
}

/** End of the word that starts at or before `cursor` and goes on after it. */
function wordEnd(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && IDENT_PART.test(text[i] as string)) i++;
  return i;
}

/** Where a value's closing quote is, looking no further than the end of the matcher. */
function closingQuote(text: string, cursor: number, quote: string): number | undefined {
  for (let i = cursor; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) return i;
    if (c === '\\' && quote !== '`') i++;
    else if (c === '\n' || c === '}' || c === ',') return undefined;
  }
  return undefined;
}

/** What to complete at `cursor` in `text`. */
export function completionContext(text: string, cursor: number): CompletionContext {
  const tokens = tokenize(text, cursor);
  if (tokens === undefined) return { kind: 'none' };
  const last = tokens.at(-1);
  const stack = frames(last?.type === 'string' && !last.closed ? tokens.slice(0, -1) : tokens);
  const top = stack.at(-1);

  if (last?.type === 'string' && !last.closed) {
    const op = tokens.at(-2);
    const label = tokens.at(-3);
    if (top?.kind !== 'brace' || op?.type !== 'op' || !MATCH_OPS.has(op.text) || label?.type !== 'ident') {
      return { kind: 'none' };
    }
    const close = closingQuote(text, cursor, last.quote);
    return {
      kind: 'label-value',
      prefix: last.text,
      from: last.start + 1,
      to: close ?? cursor,
      label: label.text,
      metric: top.metric,
      quote: last.quote,
      closeQuote: close === undefined,
    };
  }
  if (top?.kind === 'bracket') return { kind: 'none' };
  if (last?.type === 'number' && last.end === cursor) return { kind: 'none' };

  const typing = last?.type === 'ident' && last.end === cursor ? last : undefined;
  const prefix = typing?.text ?? '';
  const from = typing?.start ?? cursor;
  const to = wordEnd(text, cursor);
  const before = typing === undefined ? last : tokens.at(-2);

  if (top?.kind === 'brace') {
    if (before === undefined || before.type !== 'op') return { kind: 'none' };
    if (before.text === '{' || before.text === ',') {
      return { kind: 'label-name', prefix, from, to, metric: top.metric, inSelector: true };
    }
    const label = tokens.at(typing === undefined ? -2 : -3);
    if (MATCH_OPS.has(before.text) && label?.type === 'ident') {
      return {
        kind: 'label-value',
        prefix,
        from,
        to,
        label: label.text,
        metric: top.metric,
        quote: undefined,
        closeQuote: true,
      };
    }
    return { kind: 'none' };
  }
  if (top?.kind === 'paren' && top.grouping) {
    if (before?.type === 'op' && (before.text === '(' || before.text === ',')) {
      return { kind: 'label-name', prefix, from, to, metric: undefined, inSelector: false };
    }
    return { kind: 'none' };
  }
  const afterOperand =
    before !== undefined &&
    (before.type === 'ident' ||
      before.type === 'number' ||
      before.type === 'string' ||
      (before.type === 'op' && (before.text === ')' || before.text === '}' || before.text === ']')));
  return { kind: 'expression', prefix, from, to, afterOperand };
}

/** Identifiers of the text that look like metric names (not followed by `(`), for label lookups. */
export function selectorNames(text: string): string[] {
  const tokens = tokenize(text, text.length) ?? [];
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (t.type !== 'ident' || (next?.type === 'op' && next.text === '(')) return;
    // `sum by (...)`: an aggregation whose parenthesis comes after its grouping.
    if (GROUPING_KEYWORDS.has(t.text) || (next?.type === 'ident' && GROUPING_KEYWORDS.has(next.text))) return;
    // Label names inside `{}` and `by (...)` lists are followed or preceded by matcher syntax.
    if (next?.type === 'op' && (MATCH_OPS.has(next.text) || next.text === ',' || next.text === ')')) return;
    if (prev?.type === 'op' && prev.text === ',') return;
    names.add(t.text);
  });
  return [...names];
}
