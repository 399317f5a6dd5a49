/**
 * A tiny route-template matcher for plain node:http servers, so the `http_route` label can be
 * `/users/:id` without a router. Patterns are compiled into a segment trie; matching walks the
 * request path once, character by character, in place (no split, no substrings, no indexOf), so
 * a lookup allocates nothing.
 */
import { InvalidConfigError } from '@telemeter/core';

/** Returns the template a request target matches, or undefined. */
export type RouteMatcher = (url: string) => string | undefined;

interface Literal {
  readonly text: string;
  /** The segment's character codes, compared in place against the path. */
  readonly codes: readonly number[];
  readonly node: Node;
}

interface Node {
  literals: Literal[];
  /**
   * With many literal children: the ones whose first character code is `c` at `[c & 127]`, so a
   * lookup compares only those; null with a few (then they are scanned, cheaper).
   */
  byFirst: (Literal[] | undefined)[] | null;
  param: Node | null;
  /** Template of a `*` pattern ending here: matches whatever follows, including nothing. */
  wildcard: string | undefined;
  /** Template of a pattern ending exactly here. */
  template: string | undefined;
}

const SLASH = 47;
const QUESTION = 63;
/** Up to this many literal children are scanned; more get a first-character index. */
const SCAN_MAX = 6;

const newNode = (): Node => ({
  literals: [],
  byFirst: null,
  param: null,
  wildcard: undefined,
  template: undefined,
});

/**
 * Compiles route templates such as `/users/:id`, `/orders/:id/items`, `/static/*`.
 * A segment is a literal, a `:name` parameter (one non-empty segment), or, last, `*` / `*name`
 * (the rest of the path). Literal segments win over parameters; the first of two identical
 * patterns wins. The query string and one trailing slash are ignored when matching.
 * @throws InvalidConfigError for a pattern that does not start with `/` or mixes a parameter into a segment.
 */
export function createRouteMatcher(patterns: readonly string[]): RouteMatcher {
  if (!Array.isArray(patterns)) {
    throw new InvalidConfigError('routes', 'routes must be an array of route templates like "/users/:id"');
  }
  const root = newNode();
  for (const pattern of patterns) addPattern(root, pattern);
  index(root);
  return (url: string): string | undefined => {
    if (typeof url !== 'string' || url.charCodeAt(0) !== SLASH) return undefined;
    return walk(root, url, 1, url.length);
  };
}

function addPattern(root: Node, pattern: unknown): void {
  if (typeof pattern !== 'string' || pattern.charCodeAt(0) !== SLASH) {
    throw new InvalidConfigError(
      'routes',
      `route template ${JSON.stringify(pattern)} must be a string starting with "/", like "/users/:id"`,
    );
  }
  const template = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const segments = template === '/' ? [] : template.slice(1).split('/');
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith('*')) {
      if (i !== segments.length - 1) fail(pattern, 'a "*" wildcard must be the last segment');
      node.wildcard ??= template;
      return;
    }
    if (segment.startsWith(':')) {
      if (!/^:[A-Za-z_$][\w$]*$/.test(segment)) fail(pattern, `"${segment}" is not a parameter name`);
      node = node.param ??= newNode();
      continue;
    }
    if (segment === '' || segment.includes(':') || segment.includes('*')) {
      fail(pattern, `segment "${segment}" must be a literal, ":name" or a final "*"`);
    }
    if (segment.includes('?')) {
      // The query string starts at the first '?', so no path can reach this segment: keep
      // validating the rest of the pattern on a node that is not in the trie.
      node = newNode();
      continue;
    }
    let next = node.literals.find((l) => l.text === segment)?.node;
    if (next === undefined) {
      next = newNode();
      const codes = Array.from({ length: segment.length }, (_, k) => segment.charCodeAt(k));
      node.literals.push({ text: segment, codes, node: next });
    }
    node = next;
  }
  node.template ??= template;
}

/** Builds the first-character index of nodes with many literal children. */
function index(node: Node): void {
  if (node.literals.length > SCAN_MAX) {
    const byFirst: (Literal[] | undefined)[] = new Array(128).fill(undefined);
    // Insertion order is kept within a list; at most one literal can match a segment anyway.
    for (const literal of node.literals) (byFirst[literal.codes[0]! & 127] ??= []).push(literal);
    node.byFirst = byFirst;
  }
  for (const literal of node.literals) index(literal.node);
  if (node.param !== null) index(node.param);
}

function fail(pattern: string, why: string): never {
  throw new InvalidConfigError('routes', `route template "${pattern}": ${why}`);
}

/**
 * Matches the path from `pos` (just after a `/`) below `node`: literals first, then the
 * parameter, then `*`. The path ends at the first `?` or at the end of `url`, one `/` just
 * before that end not counting. A segment is read once, character by character: builtins
 * (indexOf, startsWith) cost a call each, more than the few characters a segment has. At most
 * one literal can match a segment, so the walk only recurses where a node offers an alternative
 * to fall back on (a parameter or `*` next to a literal, `*` next to a parameter); elsewhere it
 * loops.
 */
function walk(node: Node, url: string, pos: number, length: number): string | undefined {
  descend: for (;;) {
    if (pos >= length) return node.template ?? node.wildcard;
    const c = url.charCodeAt(pos);
    if (c === QUESTION || (c === SLASH && (pos + 1 === length || url.charCodeAt(pos + 1) === QUESTION))) {
      return node.template ?? node.wildcard;
    }
    const byFirst = node.byFirst;
    const literals = byFirst === null ? node.literals : byFirst[c & 127];
    if (literals !== undefined) {
      for (let i = 0; i < literals.length; i++) {
        const literal = literals[i]!;
        const codes = literal.codes;
        const n = codes.length;
        const after = pos + n;
        if (codes[0] !== c || after > length) continue;
        let k = 1;
        while (k < n && url.charCodeAt(pos + k) === codes[k]) k++;
        if (k < n) continue;
        let next = after;
        if (after < length) {
          const d = url.charCodeAt(after);
          if (d === SLASH) next = after + 1;
          else if (d !== QUESTION) continue;
        }
        if (node.param === null && node.wildcard === undefined) {
          node = literal.node;
          pos = next;
          continue descend;
        }
        const found = walk(literal.node, url, next, length);
        if (found !== undefined) return found;
        break;
      }
    }
    const param = node.param;
    if (param !== null && c !== SLASH) {
      // A non-empty segment: up to the next '/', the query string or the end.
      let end = pos + 1;
      let d = 0;
      while (end < length) {
        d = url.charCodeAt(end);
        if (d === SLASH || d === QUESTION) break;
        end++;
      }
      const next = end < length && d === SLASH ? end + 1 : end;
      if (node.wildcard === undefined) {
        node = param;
        pos = next;
        continue;
      }
      const found = walk(param, url, next, length);
      if (found !== undefined) return found;
    }
    return node.wildcard;
  }
}
