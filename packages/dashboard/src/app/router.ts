// Hash routes: `#/<view>?<params>`. The hash keeps the app a set of static files (any path
// serves index.html) and makes every view and range a link. Pure functions, tested under node.
import { rangeToParams, type TimeRange } from '../data/time-range.js';

export type Route =
  | { readonly kind: 'dashboard'; readonly id: string }
  | { readonly kind: 'user-dashboard'; readonly id: string }
  | { readonly kind: 'explore' }
  | { readonly kind: 'targets' }
  | { readonly kind: 'operations' }
  | { readonly kind: 'not-found'; readonly path: string };

export const BUILTIN_IDS: readonly string[] = ['overview', 'system', 'runtime', 'http', 'caches'];

/** URL parameters that belong to the time range; the others (e.g. Explore's) are left alone. */
const RANGE_PARAMS = ['range', 'from', 'to', 'live'];

export interface HashLocation {
  /** The path without the leading `#/`, e.g. `overview` or `d/payments`. */
  readonly path: string;
  readonly params: URLSearchParams;
}

export function parseHash(hash: string): HashLocation {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = (q < 0 ? body : body.slice(0, q)).replace(/\/+$/, '');
  return { path, params: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

export function routeOf(path: string): Route {
  if (path === '') return { kind: 'dashboard', id: 'overview' };
  if (BUILTIN_IDS.includes(path)) return { kind: 'dashboard', id: path };
  if (path === 'explore' || path === 'targets' || path === 'operations') return { kind: path };
  const user = /^d\/([a-z0-9-]+)$/.exec(path);
  if (user !== null) return { kind: 'user-dashboard', id: user[1] as string };
  return { kind: 'not-found', path };
}

/** `#/<path>?<params>` (no `?` without parameters). */
export function formatHash(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return `#/${path}${query === '' ? '' : `?${query}`}`;
}

/** The same location showing `range`: the range's parameters replaced, the others kept. */
export function withRange(location: HashLocation, range: TimeRange): string {
  const params = new URLSearchParams(location.params);
  for (const name of RANGE_PARAMS) params.delete(name);
  for (const [k, v] of Object.entries(rangeToParams(range))) params.set(k, v);
  return formatHash(location.path === '' ? 'overview' : location.path, params);
}

/** A link to `path` that keeps the current range (and drops the other view's own parameters). */
export function linkTo(path: string, location: HashLocation): string {
  const params = new URLSearchParams();
  for (const name of RANGE_PARAMS) {
    const value = location.params.get(name);
    if (value !== null) params.set(name, value);
  }
  return formatHash(path, params);
}

/**
 * Whether the view reads the selected time range, so the shell shows the picker only where it does
 * something: dashboards and Explore chart it, Operations aggregates over it; Targets shows the
 * targets as they are now.
 */
export function usesTimeRange(route: Route): boolean {
  switch (route.kind) {
    case 'dashboard':
    case 'user-dashboard':
    case 'explore':
    case 'operations':
      return true;
    case 'targets':
    case 'not-found':
      return false;
  }
}
