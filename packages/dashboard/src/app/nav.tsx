// The views, in the order of the issue, then the user's dashboards (from telemeter.yml).
import type { JSX } from 'preact';
import type { DashboardDefinition } from '../dashboards/definition.js';
import { type HashLocation, linkTo, type Route } from './router.js';

const VIEWS: readonly { readonly path: string; readonly label: string }[] = [
  { path: 'overview', label: 'Overview' },
  { path: 'system', label: 'System' },
  { path: 'runtime', label: 'Runtime' },
  { path: 'http', label: 'HTTP' },
  { path: 'operations', label: 'Operations' },
  { path: 'caches', label: 'Caches' },
  { path: 'targets', label: 'Targets' },
  { path: 'explore', label: 'Explore' },
];

export function pathOf(route: Route): string {
  switch (route.kind) {
    case 'dashboard':
      return route.id;
    case 'user-dashboard':
      return `d/${route.id}`;
    case 'not-found':
      return route.path;
    default:
      return route.kind;
  }
}

export interface NavProps {
  readonly route: Route;
  readonly location: HashLocation;
  readonly dashboards: readonly DashboardDefinition[];
}

export function Nav({ route, location, dashboards }: NavProps): JSX.Element {
  const current = pathOf(route);
  const link = (path: string, label: string) => (
    <li key={path}>
      <a href={linkTo(path, location)} class="nav-link" aria-current={current === path ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="nav" aria-label="Views">
      <ul class="nav-list">
        {VIEWS.map((v) => link(v.path, v.label))}
        {dashboards.length > 0 && <li class="nav-sep" aria-hidden="true" />}
        {dashboards.map((d) => link(`d/${d.id}`, d.title))}
      </ul>
    </nav>
  );
}
