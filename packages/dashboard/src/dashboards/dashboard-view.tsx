// A dashboard: its rows of panels on a 12-column grid (half-width panels at least on medium
// screens, one column on phones: in CSS).
// Every chart of the dashboard shares one cursor. Dashboards the server holds (the user's) can
// be downloaded for Grafana, whole or a panel at a time.
import type { JSX } from 'preact';
import { useClients } from '../app/clients.js';
import type { TimeRange } from '../data/time-range.js';
import type { DashboardDefinition } from './definition.js';
import { Panel } from './panel.js';
import { panelSpans } from './panel-spans.js';

export interface DashboardViewProps {
  readonly definition: DashboardDefinition;
  readonly range: TimeRange;
  /**
   * The server can export it to Grafana (GET /api/v1/dashboards/{id}/grafana): true for the
   * user's dashboards; the server does not hold the built-in ones.
   */
  readonly exportable?: boolean;
}

export function DashboardView({ definition, range, exportable = false }: DashboardViewProps): JSX.Element {
  const { api } = useClients();
  const syncKey = `dashboard:${definition.id}`;
  // Panels are numbered in reading order across rows, as the export route counts them.
  const firstIndex = definition.rows.map((_, r) =>
    definition.rows.slice(0, r).reduce((n, row) => n + row.panels.length, 0),
  );
  return (
    <div class="dashboard" data-dashboard={definition.id}>
      {(definition.description !== undefined || exportable) && (
        <div class="dashboard-header">
          {definition.description !== undefined && <p class="view-description">{definition.description}</p>}
          {exportable && (
            <a
              class="btn dashboard-export"
              href={api.grafanaExportUrl(definition.id)}
              download={`${definition.id}.grafana.json`}
              title="Download this dashboard as Grafana dashboard JSON (Dashboards → New → Import in Grafana)"
            >
              Export to Grafana
            </a>
          )}
        </div>
      )}
      {definition.rows.map((row, r) => {
        const spans = panelSpans(row);
        return (
          <section key={r} class="dashboard-row" aria-label={row.title ?? `Row ${r + 1}`}>
            {row.title !== undefined && <h2 class="row-title">{row.title}</h2>}
            <div class="row-grid">
              {row.panels.map((panel, p) => (
                <div
                  key={p}
                  class="panel-cell"
                  style={{ '--span': String(spans[p]), '--span-md': String(Math.max(6, spans[p] ?? 12)) }}
                >
                  <Panel
                    panel={panel}
                    range={range}
                    syncKey={syncKey}
                    id={`${definition.id}-${r}-${p}`}
                    exportUrl={
                      exportable ? api.grafanaExportUrl(definition.id, (firstIndex[r] ?? 0) + p) : undefined
                    }
                  />
                </div>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
