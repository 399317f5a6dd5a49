/**
 * Compiles route templates into a deterministic automaton over the characters of a path, so that
 * matching reads each character once with one table lookup, whatever the number of routes and
 * however they overlap (no backtracking at match time).
 *
 * Each template is a chain of states in a nondeterministic automaton: `/` then the literal's
 * characters, or `/` then a loop over one or more non-`/` characters for a `:name` parameter, and
 * for a final `*` an optional `/` followed by anything. The subset construction turns those into
 * one deterministic state per set of live template positions. When several templates accept the
 * same path, the one chosen is the first in precedence order: compared segment by segment, a
 * literal before a parameter before a wildcard (a template that ends before a wildcard), then the
 * order they were given in. That is the order a router that tries literals first and backtracks
 * would find them in.
 *
 * Characters are grouped into classes first (each character used in a literal, `/`, everything
 * else), which keeps the table at states × classes.
 */
import { InvalidConfigError } from '@telemeter/core';

/** A parsed template: its label value and its segments. */
interface Template {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** A literal contains `?`: the query string starts there, so no path reaches it. */
  readonly unreachable: boolean;
}

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param' }
  | { readonly kind: 'wildcard' };

/** The compiled automaton. State 0 is where a path starts, before its leading `/`. */
export interface RouteAutomaton {
  /** Number of character classes: a row of `next` per state. */
  readonly width: number;
  /** `next[state * width + class]`: the next state, or -1 when no template can match any more. */
  readonly next: Int32Array;
  /** Class of each character below 128. */
  readonly asciiClass: Uint8Array;
  /** Class of other characters used in literals (the rest are class 0). */
  readonly wideClass: ReadonlyMap<number, number>;
  /** The class of `/`. */
  readonly slashClass: number;
  /** Per state: the template accepted there, if any. */
  readonly accept: readonly (string | undefined)[];
  /** Number of states. */
  readonly states: number;
}

/** Above this many states the route table is refused rather than using memory without bound. */
const MAX_STATES = 65_536;

const SLASH = 47;
const OTHER_CLASS = 0;
const SLASH_CLASS = 1;

export function compileRoutes(patterns: readonly unknown[]): RouteAutomaton {
  const templates = patterns.map(parseTemplate);
  const { asciiClass, wideClass, width } = characterClasses(templates);
  const classOf = (code: number): number =>
    code < 128 ? asciiClass[code]! : (wideClass.get(code) ?? OTHER_CLASS);
  const nfa = buildNfa(templates, classOf);
  const rank = precedence(templates);

  const next: number[] = [];
  const accept: (string | undefined)[] = [];
  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const stateOf = (set: number[]): number => {
    const key = set.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = sets.length;
      if (id >= MAX_STATES) {
        throw new InvalidConfigError(
          'routes',
          `the ${templates.length} route templates compile to more than ${MAX_STATES} matcher states; pass route(req) from your router instead`,
        );
      }
      ids.set(key, id);
      sets.push(set);
      accept.push(acceptedTemplate(set, nfa, rank, templates));
    }
    return id;
  };
  stateOf([0]);
  for (let id = 0; id < sets.length; id++) {
    const targets: Set<number>[] = Array.from({ length: width }, () => new Set<number>());
    for (const state of sets[id]!) {
      for (const edge of nfa.edges[state]!) {
        if (edge.on >= 0) targets[edge.on]!.add(edge.to);
        else
          for (let k = 0; k < width; k++) if (edge.on === ANY || k !== SLASH_CLASS) targets[k]!.add(edge.to);
      }
    }
    for (let k = 0; k < width; k++) {
      const set = [...targets[k]!].sort((a, b) => a - b);
      next[id * width + k] = set.length === 0 ? -1 : stateOf(set);
    }
  }
  return {
    width,
    next: Int32Array.from(next),
    asciiClass,
    wideClass,
    slashClass: SLASH_CLASS,
    accept,
    states: sets.length,
  };
}

function parseTemplate(pattern: unknown): Template {
  if (typeof pattern !== 'string' || pattern.charCodeAt(0) !== SLASH) {
    throw new InvalidConfigError(
      'routes',
      `route template ${JSON.stringify(pattern)} must be a string starting with "/", like "/users/:id"`,
    );
  }
  const text = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const parts = text === '/' ? [] : text.slice(1).split('/');
  const segments: Segment[] = [];
  let unreachable = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('*')) {
      if (i !== parts.length - 1) fail(pattern, 'a "*" wildcard must be the last segment');
      segments.push({ kind: 'wildcard' });
    } else if (part.startsWith(':')) {
      if (!/^:[A-Za-z_$][\w$]*$/.test(part)) fail(pattern, `"${part}" is not a parameter name`);
      segments.push({ kind: 'param' });
    } else {
      if (part === '' || part.includes(':') || part.includes('*')) {
        fail(pattern, `segment "${part}" must be a literal, ":name" or a final "*"`);
      }
      if (part.includes('?')) unreachable = true;
      segments.push({ kind: 'literal', text: part });
    }
  }
  return { text, segments, unreachable };
}

function fail(pattern: string, why: string): never {
  throw new InvalidConfigError('routes', `route template "${pattern}": ${why}`);
}

function characterClasses(templates: readonly Template[]) {
  const asciiClass = new Uint8Array(128); // OTHER_CLASS everywhere to start with
  asciiClass[SLASH] = SLASH_CLASS;
  const wideClass = new Map<number, number>();
  let width = 2;
  for (const template of templates) {
    if (template.unreachable) continue;
    for (const segment of template.segments) {
      if (segment.kind !== 'literal') continue;
      for (let i = 0; i < segment.text.length; i++) {
        const code = segment.text.charCodeAt(i);
        if (code < 128) {
          if (asciiClass[code] === OTHER_CLASS) asciiClass[code] = width++;
        } else if (!wideClass.has(code)) {
          wideClass.set(code, width++);
        }
      }
    }
  }
  if (width > 255) {
    // asciiClass is a byte per character; more distinct characters than that in literals is a
    // table of routes no HTTP API has.
    throw new InvalidConfigError(
      'routes',
      'route templates use more than 253 distinct characters in literals',
    );
  }
  return { asciiClass, wideClass, width };
}

/** An edge of the nondeterministic automaton: on a class, on any class, or any class but `/`. */
interface Edge {
  readonly on: number;
  readonly to: number;
}
const ANY = -1;
const ANY_BUT_SLASH = -2;

interface Nfa {
  readonly edges: Edge[][];
  /** Per state: the index of the template accepted there, or -1. */
  readonly accepts: number[];
}

function buildNfa(templates: readonly Template[], classOf: (code: number) => number): Nfa {
  const edges: Edge[][] = [[]];
  const accepts: number[] = [-1];
  const newState = (): number => {
    edges.push([]);
    accepts.push(-1);
    return edges.length - 1;
  };
  const link = (from: number, on: number, to: number): void => {
    edges[from]!.push({ on, to });
  };
  templates.forEach((template, index) => {
    if (template.unreachable) return;
    const { segments } = template;
    if (segments.length === 0) {
      const end = newState();
      link(0, SLASH_CLASS, end);
      accepts[end] = index;
      return;
    }
    let current = 0;
    for (const segment of segments) {
      if (segment.kind === 'wildcard') {
        // Nothing more (the template so far), or `/` and anything.
        if (current !== 0) accepts[current] = index;
        const rest = newState();
        link(current, SLASH_CLASS, rest);
        link(rest, ANY, rest);
        accepts[rest] = index;
        return;
      }
      const separator = newState();
      link(current, SLASH_CLASS, separator);
      current = separator;
      if (segment.kind === 'param') {
        const inside = newState();
        link(current, ANY_BUT_SLASH, inside);
        link(inside, ANY_BUT_SLASH, inside);
        current = inside;
      } else {
        for (let i = 0; i < segment.text.length; i++) {
          const to = newState();
          link(current, classOf(segment.text.charCodeAt(i)), to);
          current = to;
        }
      }
    }
    accepts[current] = index;
  });
  return { edges, accepts };
}

/** Each template's position in precedence order (lower wins). */
function precedence(templates: readonly Template[]): number[] {
  const order: Record<Segment['kind'], number> = { literal: 0, param: 1, wildcard: 2 };
  const compare = (a: number, b: number): number => {
    const x = templates[a]!.segments;
    const y = templates[b]!.segments;
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      // A template that has ended only competes with a wildcard (nothing else matches no segment).
      const kx = i < x.length ? order[x[i]!.kind] : -1;
      const ky = i < y.length ? order[y[i]!.kind] : -1;
      if (kx !== ky) return kx - ky;
    }
    return a - b;
  };
  const sorted = templates.map((_, i) => i).sort(compare);
  const rank: number[] = new Array(templates.length);
  sorted.forEach((template, position) => {
    rank[template] = position;
  });
  return rank;
}

function acceptedTemplate(
  set: readonly number[],
  nfa: Nfa,
  rank: readonly number[],
  templates: readonly Template[],
): string | undefined {
  let best = -1;
  for (const state of set) {
    const template = nfa.accepts[state]!;
    if (template >= 0 && (best < 0 || rank[template]! < rank[best]!)) best = template;
  }
  return best < 0 ? undefined : templates[best]!.text;
}
