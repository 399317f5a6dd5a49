// Turning a completion context and the known names into a ranked list, and an accepted suggestion
// into the new text and cursor. Pure, so the node tests cover it.
import type { CompletionContext } from './completion-context.js';
import type { VocabularyEntry } from './promql-vocabulary.js';

export type SuggestionKind = 'metric' | 'function' | 'aggregation' | 'keyword' | 'label' | 'value';

export interface Suggestion {
  readonly kind: SuggestionKind;
  readonly label: string;
  /** Short text after the label: a metric's type, a function's signature. */
  readonly detail?: string;
  /** A line of help: a metric's HELP, what a function does. */
  readonly help?: string;
}

/** Candidate names, however they were found. */
export interface Candidates {
  readonly metrics?: readonly { name: string; type?: string; help?: string }[];
  readonly vocabulary?: readonly VocabularyEntry[];
  readonly labels?: readonly string[];
  readonly values?: readonly string[];
}

const MAX_SUGGESTIONS = 50;
// After an operand only these words can follow.
const AFTER_OPERAND = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'offset',
  'bool',
  'atan2',
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/**
 * Rank: names starting with the prefix first (shorter first), then names containing it, then
 * names containing its letters in order ("rqt" → "http_requests_total").
 */
function rank(name: string, prefix: string): number | undefined {
  if (prefix === '') return 0;
  const n = name.toLowerCase();
  const p = prefix.toLowerCase();
  if (n.startsWith(p)) return 0;
  if (n.includes(p)) return 1;
  let i = 0;
  for (const c of n) if (c === p[i]) i++;
  return i === p.length ? 2 : undefined;
}

/** Kept in the given order when nothing is typed (the server's lists are sorted). */
function ranked(items: readonly Suggestion[], prefix: string): Suggestion[] {
  const scored: { s: Suggestion; r: number; i: number }[] = [];
  items.forEach((s, i) => {
    const r = rank(s.label, prefix);
    // The word already typed in full is not worth suggesting.
    if (r !== undefined && s.label !== prefix) scored.push({ s, r, i });
  });
  // Among prefix matches the shortest is the likeliest ("rate" before "rate_limit_total").
  const byLength = prefix !== '';
  scored.sort(
    (a, b) => a.r - b.r || (byLength && a.r === 0 ? a.s.label.length - b.s.label.length : 0) || a.i - b.i,
  );
  return scored.slice(0, MAX_SUGGESTIONS).map((x) => x.s);
}

/** The suggestions for `context`, best first. */
export function suggestionsFor(context: CompletionContext, candidates: Candidates): Suggestion[] {
  switch (context.kind) {
    case 'none':
      return [];
    case 'label-name':
      return ranked(
        // `__name__` only helps in a selector without a metric name (`{__name__=~"http_.*"}`).
        (candidates.labels ?? [])
          .filter((l) => l !== '__name__' || (context.inSelector && context.metric === undefined))
          .map((label) => ({ kind: 'label', label })),
        context.prefix,
      );
    case 'label-value':
      return ranked(
        (candidates.values ?? []).map((label) => ({ kind: 'value', label })),
        context.prefix,
      );
    case 'expression': {
      const words: Suggestion[] = (candidates.vocabulary ?? [])
        .filter((v) => !context.afterOperand || AFTER_OPERAND.has(v.name))
        .map((v) => ({ kind: v.kind, label: v.name, detail: v.signature, help: v.help }));
      if (context.afterOperand) return ranked(words, context.prefix);
      const metrics: Suggestion[] = (candidates.metrics ?? []).map((m) => ({
        kind: 'metric',
        label: m.name,
        ...(m.type === undefined ? {} : { detail: m.type }),
        ...(m.help === undefined ? {} : { help: m.help }),
      }));
      // Functions first when nothing is typed yet is noise; metrics are what people look for.
      return ranked([...metrics, ...words], context.prefix);
    }
  }
}

/** A label value as a PromQL string literal's content, for the quote it goes in. */
export function escapeLabelValue(value: string, quote: '"' | "'" | '`'): string {
  if (quote === '`') return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(quote === '"' ? /"/g : /'/g, `\\${quote}`)
    .replace(/\n/g, '\\n');
}

export interface Edit {
  readonly text: string;
  readonly cursor: number;
  /** The edit leaves the cursor where another completion fits (label name → its value). */
  readonly reopen: boolean;
}

/** The text and cursor after accepting `suggestion` in `context`. */
export function applySuggestion(text: string, context: CompletionContext, suggestion: Suggestion): Edit {
  if (context.kind === 'none') return { text, cursor: text.length, reopen: false };
  const head = text.slice(0, context.from);
  const tail = text.slice(context.to);
  const put = (insert: string, cursorOffset = insert.length, reopen = false): Edit => ({
    text: head + insert + tail,
    cursor: head.length + cursorOffset,
    reopen,
  });
  switch (suggestion.kind) {
    case 'value': {
      if (context.kind !== 'label-value') return put(suggestion.label);
      const quote = context.quote ?? '"';
      const body = escapeLabelValue(suggestion.label, quote);
      const open = context.quote === undefined ? quote : '';
      const close = context.closeQuote ? quote : '';
      // The cursor goes past the closing quote, whether it was there already or added.
      return put(open + body + close, open.length + body.length + 1);
    }
    case 'label': {
      if (!(context.kind === 'label-name' && context.inSelector) || /^\s*[=!]/.test(tail))
        return put(suggestion.label);
      return put(`${suggestion.label}=""`, suggestion.label.length + 2, true);
    }
    case 'function':
    case 'aggregation':
      return tail.startsWith('(')
        ? put(suggestion.label)
        : put(`${suggestion.label}()`, suggestion.label.length + 1, true);
    case 'keyword':
      if (GROUPING.has(suggestion.label) && !/^\s*\(/.test(tail)) {
        return put(`${suggestion.label} ()`, suggestion.label.length + 2, true);
      }
      return put(`${suggestion.label} `);
    case 'metric':
      return put(suggestion.label);
  }
}
