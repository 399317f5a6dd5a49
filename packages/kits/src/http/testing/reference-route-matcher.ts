/**
 * The route matcher's specification, written the obvious way for tests to compare against: split
 * the path into segments and pick, among the templates that match, the first in precedence order.
 */

type Kind = 0 | 1 | 2; // literal, parameter, wildcard

interface Parsed {
  readonly text: string;
  readonly segments: readonly { readonly kind: Kind; readonly literal: string }[];
}

function parse(pattern: string): Parsed {
  const text = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const parts = text === '/' ? [] : text.slice(1).split('/');
  return {
    text,
    segments: parts.map((part) => ({
      kind: part.startsWith('*') ? 2 : part.startsWith(':') ? 1 : 0,
      literal: part,
    })),
  };
}

function matches(template: Parsed, segments: readonly string[]): boolean {
  for (let i = 0; i < template.segments.length; i++) {
    const { kind, literal } = template.segments[i]!;
    if (kind === 2) return true;
    const segment = segments[i];
    if (segment === undefined) return false;
    if (kind === 0 ? segment !== literal : segment === '') return false;
  }
  return template.segments.length === segments.length;
}

/** Segment by segment: literal < parameter < wildcard, a template that has ended first. */
function precedes(a: Parsed, b: Parsed): boolean {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i]?.kind ?? -1;
    const y = b.segments[i]?.kind ?? -1;
    if (x !== y) return x < y;
  }
  return false;
}

/** What createRouteMatcher(patterns)(url) must return (patterns already validated). */
export function referenceRouteMatch(patterns: readonly string[], url: string): string | undefined {
  if (!url.startsWith('/')) return undefined;
  const query = url.indexOf('?');
  const path = (query < 0 ? url : url.slice(0, query)).replace(/\/+$/, '') || '/';
  const segments = path === '/' ? [] : path.slice(1).split('/');
  let best: Parsed | undefined;
  for (const pattern of patterns) {
    const template = parse(pattern);
    if (matches(template, segments) && (best === undefined || precedes(template, best))) best = template;
  }
  return best?.text;
}
