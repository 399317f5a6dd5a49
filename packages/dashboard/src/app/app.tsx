// The shell: header (product, status, theme), the nav, and the main area: the title row (the
// page's one h1, and the time-range picker on views that use a range) above the routed view. It
// owns the page's one live connection and REST client.
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ThemeContext } from '../charts/theme-context.js';
import type { DashboardDefinition } from '../dashboards/definition.js';
import { ApiClient } from '../data/api.js';
import { LiveClient, streamUrl } from '../data/live-client.js';
import { rangeFromParams, rangeToParams, type TimeRange } from '../data/time-range.js';
import { type Clients, ClientsContext } from './clients.js';
import { ConnectionStatus } from './connection-status.js';
import { Nav } from './nav.js';
import { routeOf, usesTimeRange, withRange } from './router.js';
import { useTheme } from './theme.js';
import { ThemeToggle } from './theme-toggle.js';
import { TimeRangePicker } from './time-range-picker.js';
import { useHashLocation } from './use-hash-location.js';
import { ViewOutlet } from './view-outlet.js';
import { viewTitle } from './view-title.js';

/** The user's dashboards; [] when the server has none (or no dashboards endpoint). */
function useUserDashboards(api: ApiClient): readonly DashboardDefinition[] | undefined {
  const [dashboards, setDashboards] = useState<readonly DashboardDefinition[] | undefined>(undefined);
  useEffect(() => {
    api.dashboards().then(setDashboards, () => setDashboards([]));
  }, [api]);
  return dashboards;
}

export function App(): JSX.Element {
  const clients = useMemo<Clients & { live: LiveClient }>(
    () => ({ api: new ApiClient(), live: new LiveClient({ url: streamUrl(window.location.href) }) }),
    [],
  );
  useEffect(() => {
    const { live } = clients;
    live.start();
    const online = () => live.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      live.stop();
    };
  }, [clients]);

  const [theme, setTheme] = useTheme();
  const location = useHashLocation();
  const route = routeOf(location.path);
  const userDashboards = useUserDashboards(clients.api);

  // The range follows the URL's range parameters; a refresh changes the state only.
  const rangeParams = new URLSearchParams(
    [...location.params].filter(([k]) => ['range', 'from', 'to', 'live'].includes(k)),
  ).toString();
  const [range, setRange] = useState<TimeRange>(() => rangeFromParams(location.params, Date.now()));
  const lastParams = useRef(rangeParams);
  useEffect(() => {
    if (rangeParams === lastParams.current) return;
    lastParams.current = rangeParams;
    setRange(rangeFromParams(new URLSearchParams(rangeParams), Date.now()));
  }, [rangeParams]);

  const changeRange = (next: TimeRange) => {
    lastParams.current = new URLSearchParams(rangeToParams(next)).toString();
    setRange(next);
    const hash = withRange(location, next);
    if (hash !== window.location.hash) window.location.hash = hash;
  };

  const title = viewTitle(route, userDashboards);
  useEffect(() => {
    document.title = `${title} · telemeter`;
  }, [title]);

  return (
    <ThemeContext.Provider value={theme}>
      <ClientsContext.Provider value={clients}>
        <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
          Skip to content
        </button>
        <header class="topbar">
          <a class="brand" href="#/overview" aria-label="telemeter: Overview">
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
              <path d="M2 14 L6 9 L9 12 L13 5 L18 10" fill="none" stroke="currentColor" stroke-width="2.2" />
            </svg>
            <span>telemeter</span>
          </a>
          <div class="topbar-end">
            <ConnectionStatus live={clients.live} />
            <ThemeToggle theme={theme} onChange={setTheme} />
          </div>
        </header>
        <Nav route={route} location={location} dashboards={userDashboards ?? []} />
        <main id="main" class="main" tabIndex={-1}>
          <div class="toolbar">
            <h1 class="view-title">{title}</h1>
            {usesTimeRange(route) && <TimeRangePicker range={range} onChange={changeRange} />}
          </div>
          <ViewOutlet route={route} range={range} userDashboards={userDashboards} />
        </main>
      </ClientsContext.Provider>
    </ThemeContext.Provider>
  );
}
