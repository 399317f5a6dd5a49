// A dashboard: its rows of panels on a 12-column grid (half-width panels at least on medium
// screens, one column on phones: in CSS).
// Every chart of the dashboard shares one cursor.
import type { JSX } from 'preact';
import type { TimeRange } from '../data/time-range.js';
import type { DashboardDefinition } from './definition.js';
import { Panel } from './panel.js';
import { panelSpans } from './panel-spans.js';

export interface DashboardViewProps {
  readonly definition: DashboardDefinition;
  readonly range: TimeRange;
}

export function DashboardView({ definition, range }: DashboardViewProps): JSX.Element {
  const syncKey = `dashboard:${definition.id}`;
  return (
    <div class="dashboard" data-dashboard={definition.id}>
      {definition.description !== undefined && <p class="view-description">{definition.description}</p>}
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
                  <Panel panel={panel} range={range} syncKey={syncKey} id={`${definition.id}-${r}-${p}`} />
                </div>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
