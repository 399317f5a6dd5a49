import { matchesValue } from '../labels/matchers.js';
import type { LabelMatcher } from '../types.js';
import { literalAlternatives } from './regex-set.js';
import { intersectMany, subtract, union } from './sorted-refs.js';

/** What matcher evaluation needs from a label index: the head's MemPostings and a block's index both fit. */
export interface PostingsSource {
  /** Sorted refs of the series carrying name=value. */
  postings(name: string, value: string): readonly number[];
  /** The (non-empty) values `name` takes in this index. */
  labelValues(name: string): string[];
  /** Sorted refs of every series. */
  allPostings(): readonly number[];
}

/**
 * Sorted refs of the series that satisfy every matcher, with Prometheus's semantics
 * (tsdb/querier.go PostingsForMatchers): an absent label reads as the empty string, so a matcher
 * that matches "" also selects series lacking the label. Such matchers, and every `!=`/`!~`, are
 * applied by subtracting the series they exclude (those whose value is set and does not match),
 * never by a union over all other values. Matchers that cannot match "" are intersected; when
 * there are none, the base is every series. No matchers selects nothing, as in Prometheus.
 * The result is a new array the caller owns.
 */
export function postingsForMatchers(source: PostingsSource, matchers: readonly LabelMatcher[]): number[] {
  if (matchers.length === 0) return [];
  const its: (readonly number[])[] = [];
  const notIts: (readonly number[])[] = [];
  // Intersecting matchers first: an empty one ends the work before any subtraction list is built.
  const ordered = [...matchers].sort((a, b) => Number(matchesValue(a, '')) - Number(matchesValue(b, '')));
  for (const m of ordered) {
    if (matchesValue(m, '')) {
      notIts.push(postingsWhere(source, m, false));
    } else {
      const it = postingsWhere(source, m, true);
      if (it.length === 0) return [];
      its.push(it);
    }
  }
  if (its.length === 0) its.push(source.allPostings());
  const base = intersectMany(its);
  if (notIts.length === 0 || base.length === 0) return base;
  return subtract(base, notIts.length === 1 ? (notIts[0] as readonly number[]) : union(notIts));
}

/**
 * Refs of the series that carry `m.name` with a value for which the matcher gives `want`.
 * Equality and literal-set regexes are answered by direct lookups; other regexes scan the values.
 */
function postingsWhere(source: PostingsSource, m: LabelMatcher, want: boolean): readonly number[] {
  const positive = m.type === '=' || m.type === '=~';
  // Values a lookup can list directly: those for which the positive form of the matcher holds.
  let literals: string[] | undefined;
  if (m.type === '=' || m.type === '!=') literals = [m.value];
  else literals = literalAlternatives(m.value);

  if (literals !== undefined && want === positive) {
    const lists = literals.filter((v) => v !== '').map((v) => source.postings(m.name, v));
    return lists.length === 1 ? (lists[0] as readonly number[]) : union(lists);
  }
  const lists: (readonly number[])[] = [];
  if (literals !== undefined) {
    const excluded = new Set(literals);
    for (const v of source.labelValues(m.name)) if (!excluded.has(v)) lists.push(source.postings(m.name, v));
  } else {
    for (const v of source.labelValues(m.name))
      if (matchesValue(m, v) === want) lists.push(source.postings(m.name, v));
  }
  return lists.length === 1 ? (lists[0] as readonly number[]) : union(lists);
}
