/**
 * A route-template matcher for plain node:http servers, so the `http_route` label can be
 * `/users/:id` without a router. The templates are compiled into a deterministic automaton
 * (route-automaton.ts); a match reads the path once, one table lookup per character, allocates
 * nothing, and never backtracks.
 *
 * Reading a character costs ~15 instructions in optimised code on Node 20 (charCodeAt checks the
 * string's representation each time), a step ~35 with the lookup: the loop does nothing else
 * (callgrind: ~430 instructions for `/users/1234` against ~570 for the segment trie this
 * replaced, which compared literals character by character and branched per segment).
 */
import { InvalidConfigError } from '@telemeter/core';
import { compileRoutes } from './route-automaton.js';

/** Returns the template a request target matches, or undefined. */
export type RouteMatcher = (url: string) => string | undefined;

const SLASH = 47;
const QUESTION = 63;

/**
 * Compiles route templates such as `/users/:id`, `/orders/:id/items`, `/static/*`.
 * A segment is a literal, a `:name` parameter (one non-empty segment), or, last, `*` / `*name`
 * (the rest of the path, possibly nothing). The query string and trailing slashes are ignored.
 * When several templates match, literal segments win over parameters and parameters over
 * wildcards, compared from the left; of two identical templates the first wins.
 * @throws InvalidConfigError for a pattern that does not start with `/` or mixes a parameter into a segment.
 */
export function createRouteMatcher(patterns: readonly string[]): RouteMatcher {
  if (!Array.isArray(patterns)) {
    throw new InvalidConfigError('routes', 'routes must be an array of route templates like "/users/:id"');
  }
  const automaton = compileRoutes(patterns);
  const { width, asciiClass, wideClass, accept } = automaton;
  // States as row offsets (state × width), so a step is one addition and one load.
  const next = automaton.next.map((to) => (to < 0 ? -1 : to * width));
  const root = next[automaton.slashClass]!;
  if (root < 0) return () => undefined;
  const acceptAt = (row: number): string | undefined => accept[(row / width) | 0];

  /** The state after `url` up to `end` (no '?' before it), or -1. */
  const stateAt = (url: string, end: number): number => {
    let state = root;
    for (let i = 1; i < end && state >= 0; i++) {
      const c = url.charCodeAt(i);
      state = next[state + (c < 128 ? asciiClass[c]! : (wideClass.get(c) ?? 0))]!;
    }
    return state;
  };

  /**
   * The answer for a path whose slashes from `from` on are trailing ones (kept off the main
   * loop: tracking them there costs every request ~70 instructions): the path without them, or
   * undefined when something other than slashes follows before the query string.
   */
  const withoutTrailingSlashes = (url: string, from: number): string | undefined => {
    for (let i = from; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c === QUESTION) break;
      if (c !== SLASH) return undefined;
    }
    let start = from;
    while (start > 1 && url.charCodeAt(start - 1) === SLASH) start--;
    const state = stateAt(url, start);
    return state < 0 ? undefined : acceptAt(state);
  };

  return (url: string): string | undefined => {
    if (typeof url !== 'string' || url.charCodeAt(0) !== SLASH) return undefined;
    const length = url.length;
    let state = root;
    let i = 1;
    for (; i < length; i++) {
      const c = url.charCodeAt(i);
      if (c === QUESTION) break;
      const to = next[state + (c < 128 ? asciiClass[c]! : (wideClass.get(c) ?? 0))]!;
      if (to < 0) return c === SLASH ? withoutTrailingSlashes(url, i) : undefined;
      state = to;
    }
    return i > 1 && url.charCodeAt(i - 1) === SLASH ? withoutTrailingSlashes(url, i - 1) : acceptAt(state);
  };
}
