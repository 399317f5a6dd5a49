// The page's one heading: the shell draws it (as the h1 of the title row, beside the range picker
// where the view uses one) for every view, so no view draws its own.
import { builtinDashboard } from '../dashboards/builtin/index.js';
import type { DashboardDefinition } from '../dashboards/definition.js';
import type { Route } from './router.js';

/**
 * The title of the routed view. A user dashboard is called by its id until the list of dashboards
 * has loaded (undefined), and "Dashboard not found" when the list does not have it.
 */
export function viewTitle(route: Route, userDashboards: readonly DashboardDefinition[] | undefined): string {
  switch (route.kind) {
    case 'dashboard':
      return builtinDashboard(route.id)?.title ?? route.id;
    case 'user-dashboard':
      if (userDashboards === undefined) return route.id;
      return userDashboards.find((d) => d.id === route.id)?.title ?? 'Dashboard not found';
    case 'explore':
      return 'Explore';
    case 'targets':
      return 'Targets';
    case 'operations':
      return 'Operations';
    case 'not-found':
      return 'Page not found';
  }
}
