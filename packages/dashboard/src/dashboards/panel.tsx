// One panel: a titled card that loads its queries and shows them as its type says, or says why
// it has nothing to show (loading, no data and what to do about it, or the query's error).
import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { TimeSeriesChart } from '../charts/time-series-chart.js';
import type { TimeRange } from '../data/time-range.js';
import type { PanelDefinition } from './definition.js';
import { BarBody, StatBody, TableBody } from './panel-bodies.js';
import type { PanelData } from './panel-data.js';
import { usePanelData } from './use-panel-data.js';

export interface PanelProps {
  readonly panel: PanelDefinition;
  readonly range: TimeRange;
  /** Shared by the charts of one view, so the cursor moves on all of them. */
  readonly syncKey: string;
  /** For ids: unique within the view. */
  readonly id: string;
  /** Where this panel downloads as Grafana JSON; no export link without it. */
  readonly exportUrl?: string | undefined;
}

const DEFAULT_EMPTY = 'No data for this query in the selected range.';

function Body({
  panel,
  data,
  syncKey,
}: {
  panel: PanelDefinition;
  data: PanelData;
  syncKey: string;
}): JSX.Element {
  const series = useMemo(() => data.series.map((s) => ({ label: s.name, values: s.values })), [data]);
  switch (panel.type) {
    case 'stat':
      return <StatBody panel={panel} data={data} />;
    case 'table':
      return <TableBody panel={panel} data={data} />;
    case 'bar':
      return <BarBody panel={panel} data={data} />;
    case 'timeseries':
      return (
        <TimeSeriesChart
          timestamps={data.timestamps}
          series={series}
          unit={panel.unit}
          stacked={panel.stacked}
          thresholds={panel.thresholds}
          syncKey={syncKey}
          height={200}
          label={`${panel.title}: ${series.length} series`}
        />
      );
  }
}

export function Panel({ panel, range, syncKey, id, exportUrl }: PanelProps): JSX.Element {
  const state = usePanelData(panel.queries, range);
  const titleId = `${id}-title`;
  return (
    <section class={`panel panel-${panel.type}`} aria-labelledby={titleId} data-panel-state={state.status}>
      <header class="panel-header">
        <h3 id={titleId} class="panel-title">
          {panel.title}
        </h3>
        {state.status === 'ready' && state.warning !== undefined && (
          <span
            class="panel-warning"
            title={state.warning}
            role="img"
            aria-label={`Warning: ${state.warning}`}
          >
            !
          </span>
        )}
        {exportUrl !== undefined && (
          <a
            class="panel-export"
            href={exportUrl}
            download
            aria-label={`Export panel “${panel.title}” to Grafana`}
            title="Export this panel to Grafana (dashboard JSON)"
          >
            Grafana ↓
          </a>
        )}
      </header>
      {panel.description !== undefined && <p class="panel-description">{panel.description}</p>}
      <div class="panel-body">
        {state.status === 'loading' && (
          <div class="panel-message panel-loading" aria-busy="true">
            Loading…
          </div>
        )}
        {state.status === 'error' && (
          <div class="panel-message panel-error" role="alert">
            <strong>The query failed.</strong> {state.error}
          </div>
        )}
        {state.status === 'ready' && state.data.series.length === 0 && (
          <div class="panel-message panel-empty">{panel.emptyText ?? DEFAULT_EMPTY}</div>
        )}
        {state.status === 'ready' && state.data.series.length > 0 && (
          <Body panel={panel} data={state.data} syncKey={syncKey} />
        )}
      </div>
    </section>
  );
}
