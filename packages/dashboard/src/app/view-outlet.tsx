// The view the route names. Explore, Targets and Operations are loaded when first opened, so
// the first page load carries only the shell and the dashboards.
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { builtinDashboard } from '../dashboards/builtin/index.js';
import { DashboardView } from '../dashboards/dashboard-view.js';
import type { DashboardDefinition } from '../dashboards/definition.js';
import type { TimeRange } from '../data/time-range.js';
import type { Route } from './router.js';

type ViewComponent = ComponentType<{ range: TimeRange }>;

const LOADERS: Record<'explore' | 'targets' | 'operations', () => Promise<ViewComponent>> = {
  explore: () => import('../views/explore.js').then((m) => m.ExploreView),
  targets: () => import('../views/targets.js').then((m) => m.TargetsView),
  operations: () => import('../views/operations.js').then((m) => m.OperationsView),
};

function LazyView({ name, range }: { name: keyof typeof LOADERS; range: TimeRange }): JSX.Element {
  const [loaded, setLoaded] = useState<{ name: string; view: ViewComponent } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setError(undefined);
    LOADERS[name]().then(
      (view) => current && setLoaded({ name, view }),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [name]);
  if (error !== undefined) {
    return (
      <p class="view-message" role="alert">
        This view could not be loaded ({error}). Reload the page; if the server was upgraded, the page is out
        of date.
      </p>
    );
  }
  if (loaded === undefined || loaded.name !== name) return <p class="view-message">Loading…</p>;
  const View = loaded.view;
  return <View range={range} />;
}

export interface ViewOutletProps {
  readonly route: Route;
  readonly range: TimeRange;
  /** The user's dashboards; undefined while they load. */
  readonly userDashboards: readonly DashboardDefinition[] | undefined;
}

export function ViewOutlet({ route, range, userDashboards }: ViewOutletProps): JSX.Element {
  switch (route.kind) {
    case 'dashboard': {
      const definition = builtinDashboard(route.id) as DashboardDefinition;
      return <DashboardView key={definition.id} definition={definition} range={range} exportable />;
    }
    case 'user-dashboard': {
      if (userDashboards === undefined) return <p class="view-message">Loading dashboards…</p>;
      const definition = userDashboards.find((d) => d.id === route.id);
      if (definition === undefined) {
        return (
          <p class="view-message">
            There is no dashboard “{route.id}”. Dashboards are listed under <code>dashboards:</code> in
            telemeter.yml; after editing it, reload the server (SIGHUP) and this page.
          </p>
        );
      }
      return <DashboardView key={definition.id} definition={definition} range={range} exportable />;
    }
    case 'not-found':
      return (
        <p class="view-message">
          Nothing lives at “#/{route.path}”. Pick a view above, or go to the <a href="#/overview">Overview</a>
          .
        </p>
      );
    default:
      return <LazyView name={route.kind} range={range} />;
  }
}
