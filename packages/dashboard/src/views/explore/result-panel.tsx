// The result area of Explore: the chart of the range query or the table of the instant query,
// with the server's annotations (warnings, infos) underneath.
import type { JSX } from 'preact';
import { TimeSeriesChart } from '../../charts/time-series-chart.js';
import type { PanelUnit } from '../../dashboards/definition.js';
import type { QueryResult } from '../../data/api.js';
import type { Columns } from '../shared/columns.js';
import { ResultTable } from './result-table.js';

export type ResultTab = 'graph' | 'table';

export interface GraphData extends Columns {
  readonly names: string[];
  readonly total: number;
  readonly warnings: readonly string[];
}

export function ResultPanel(props: {
  tab: ResultTab;
  data: GraphData | QueryResult | undefined;
  loading: boolean;
  failed: boolean;
  unit: PanelUnit;
  /** The query, to name the chart for screen readers. */
  query: string;
}): JSX.Element {
  const { data } = props;
  // The last answer belongs to an earlier query: not worth showing under this one's error.
  if (props.failed) return <p class="tm-muted">No result: the query failed.</p>;
  if (data === undefined || 'resultType' in data !== (props.tab === 'table')) {
    return <p class="tm-muted">Loading…</p>;
  }
  if ('resultType' in data) {
    return (
      <>
        <ResultTable result={data} unit={props.unit} />
        <Notes notes={[...data.warnings, ...data.infos]} />
      </>
    );
  }
  if (data.names.length === 0)
    return <p class="tm-muted tm-result-empty">No series in the selected range.</p>;
  return (
    <>
      <TimeSeriesChart
        timestamps={data.timestamps}
        series={data.names.map((label, i) => ({ label, values: data.values[i] ?? [] }))}
        unit={props.unit}
        syncKey="explore"
        height={320}
        label={`Graph of ${props.query}`}
      />
      {data.total > data.names.length && (
        <p class="tm-muted">
          Drawing {data.names.length} of {data.total} series; the Table tab lists them all.
        </p>
      )}
      <Notes notes={data.warnings} />
    </>
  );
}

function Notes(props: { notes: readonly string[] }): JSX.Element | null {
  if (props.notes.length === 0) return null;
  return (
    <ul class="tm-notes" aria-label="Query annotations">
      {props.notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
