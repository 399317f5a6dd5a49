// A regex matcher that is only a list of literals (`a|b|c`, `(?:GET|POST)`, `api\.v1`) can be
// answered by looking up each literal's postings instead of testing every value of the label
// (Prometheus's Matcher.SetMatches). Anything this parser does not fully understand is not a set,
// and the caller falls back to scanning the values, so being conservative only costs speed.

// Characters with a meaning in a JS RegExp without the `u` flag; `]`, `}` and `-` are literals
// there, but refusing them keeps the rule simple.
const META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const WORD = /^[A-Za-z0-9_]$/;

/** The literal values a fully anchored regex matches, or undefined when it is not a plain alternation. */
export function literalAlternatives(source: string): string[] | undefined {
  const body = stripOuterGroup(source);
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const next = body[i + 1];
      // `\d`, `\b`, `\1`, `\u0041`... are classes, assertions or escapes with a meaning.
      if (next === undefined || WORD.test(next) || next === '\n') return undefined;
      current += next;
      i++;
    } else if (c === '|') {
      out.push(current);
      current = '';
    } else if (META.has(c)) {
      return undefined;
    } else {
      current += c;
    }
  }
  out.push(current);
  return [...new Set(out)];
}

/** `(?:x)` or `(x)` around the whole source becomes `x`; anything else is returned unchanged. */
function stripOuterGroup(source: string): string {
  let open: number;
  if (source.startsWith('(?:')) open = 3;
  else if (source.startsWith('(') && !source.startsWith('(?')) open = 1;
  else return source;
  if (!source.endsWith(')')) return source;
  const inner = source.slice(open, -1);
  // The outer parentheses must enclose everything: the inner part may not close them early.
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '(' || c === ')') return source;
  }
  return inner;
}
