import { StorageError } from '../errors.js';
import type { Label, LabelMatcher, Labels, MatchType } from '../types.js';
import { anchoredGoRegExp } from './go-regex.js';

const regexCache = new Map<string, RegExp>();

/**
 * The RegExp for a `=~`/`!~` matcher value, in Prometheus's (RE2) syntax and semantics: anchored,
 * `.` also matching a newline. Every user of matchers (queries, series lookups, deletions) gets
 * the same reading of a regex.
 */
export function matcherRegExp(source: string): RegExp {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = anchoredGoRegExp(source);
    } catch (err) {
      throw new StorageError(
        'TM_STORAGE_INVALID_MATCHER',
        `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`,
      );
    }
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

/** Validates and builds a matcher (compiling a regex once, so later matching cannot throw). */
export function createMatcher(type: MatchType, name: string, value: string): LabelMatcher {
  if (type !== '=' && type !== '!=' && type !== '=~' && type !== '!~') {
    throw new StorageError('TM_STORAGE_INVALID_MATCHER', `unknown match type ${JSON.stringify(type)}`);
  }
  if (name === '') throw new StorageError('TM_STORAGE_INVALID_MATCHER', 'matcher has an empty label name');
  if (type === '=~' || type === '!~') matcherRegExp(value);
  return { type, name, value };
}

/** Does a label value (or '' for an absent label) satisfy the matcher? */
export function matchesValue(m: LabelMatcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return matcherRegExp(m.value).test(value);
    case '!~':
      return !matcherRegExp(m.value).test(value);
  }
}

/** Does the series satisfy every matcher? */
export function matchesLabels(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  for (const m of matchers) {
    let value = '';
    for (const l of labels as readonly Label[]) {
      if (l.name === m.name) {
        value = l.value;
        break;
      }
    }
    if (!matchesValue(m, value)) return false;
  }
  return true;
}
