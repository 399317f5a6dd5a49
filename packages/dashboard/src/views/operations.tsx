// #/operations: what the kits' operation trackers record (docs/kits/operations.md), one row per
// operation: call rate, success rate, latency quantiles, top error types and a sparkline of the
// call rate, all over the selected range.
import type { JSX } from 'preact';
import { useClients } from '../app/clients.js';
import { Sparkline } from '../charts/sparkline.js';
import { rangeBounds, type TimeRange } from '../data/time-range.js';
import { formatValue } from '../format/units.js';
import { discoverFamilies } from './operations/discover-families.js';
import { loadOperationRows } from './operations/load-operations.js';
import type { OperationRow, QuantileSource } from './operations/operation-stats.js';
import { type Column, SortableTable } from './operations/sortable-table.js';
import { CodeSample, EmptyState } from './shared/empty-state.js';
import { LoadError } from './shared/load-error.js';
import { rangeKey } from './shared/range-key.js';
import { useLoad } from './shared/use-load.js';
import './views.css';

export interface OperationsViewProps {
  readonly range: TimeRange;
}

const LIVE_REFRESH_MS = 10_000;
/** New trackers appear rarely; looking for them once a minute is plenty. */
const DISCOVERY_REFRESH_MS = 60_000;

export const TRACK_EXAMPLE = `import { createOperationTracker } from '@telemeter/kits/operations';

const tools = createOperationTracker({ registry });

// Every call is counted by outcome and timed.
const search = tools.track('search', async (query) => index.search(query));`;

const QUANTILE_NOTES: Record<QuantileSource, string> = {
  window:
    'Latency: the trackers’ sliding-window quantiles (the last maxAgeSeconds, 10 min by default; the slowest instance).',
  histogram: 'Latency: from the duration histogram over the selected range, interpolated within buckets.',
  none: 'No duration metrics recorded for these operations.',
};

function percent(v: number | null): string {
  return v === null ? '—' : formatValue(v, 'ratio');
}

const COLUMNS: readonly Column<OperationRow>[] = [
  {
    id: 'operation',
    label: 'Operation',
    sortValue: (r) => r.operation,
    render: (r) => <code>{r.operation}</code>,
  },
  {
    id: 'calls',
    label: 'Calls/s',
    title: 'Average calls per second over the selected range, all outcomes',
    numeric: true,
    sortValue: (r) => r.callsPerSecond,
    render: (r) => formatValue(r.callsPerSecond, 'per_second'),
  },
  {
    id: 'success',
    label: 'Success',
    title: 'Calls with outcome "success" out of all calls (errors, timeouts and cancellations fail)',
    numeric: true,
    firstDirection: 'ascending',
    sortValue: (r) => r.successRatio,
    render: (r) => (
      <span class={r.successRatio !== null && r.successRatio < 0.99 ? 'tm-warn-text' : undefined}>
        {percent(r.successRatio)}
      </span>
    ),
  },
  ...(['p50', 'p95', 'p99'] as const).map(
    (q): Column<OperationRow> => ({
      id: q,
      label: q,
      title: `${q.slice(1)}th percentile of the call duration`,
      numeric: true,
      sortValue: (r) => r[q],
      render: (r) => formatValue(r[q], 'seconds'),
    }),
  ),
  {
    id: 'errors',
    label: 'Top errors',
    title: 'Error types by count over the selected range',
    sortValue: (r) => r.errorCount,
    firstDirection: 'descending',
    render: (r) =>
      r.errors.length === 0 ? (
        <span class="tm-muted">none</span>
      ) : (
        <span class="tm-chips">
          {r.errors.map((e) => (
            <span key={e.type} class="tm-chip tm-chip--error" title={`${e.count} errors of type ${e.type}`}>
              {e.type} ×{formatValue(Math.round(e.count), 'count')}
            </span>
          ))}
        </span>
      ),
  },
  {
    id: 'trend',
    label: 'Calls/s over time',
    render: (r) => <Sparkline values={r.rate} width={120} height={28} unit="per_second" />,
  },
];

export function OperationsView(props: OperationsViewProps): JSX.Element {
  const { api } = useClients();
  const discovery = useLoad((signal) => discoverFamilies(api, signal), [api], DISCOVERY_REFRESH_MS);
  const families = discovery.data;
  const familyKey = families?.map((f) => `${f.stem}/${f.operationLabel}`).join(',') ?? '';
  const stats = useLoad(
    (signal) =>
      families === undefined
        ? Promise.resolve(undefined)
        : loadOperationRows(
            api,
            families,
            rangeBounds(props.range, Date.now()),
            props.range.kind === 'live',
            signal,
          ),
    [familyKey, rangeKey(props.range), api],
    props.range.kind === 'live' ? LIVE_REFRESH_MS : undefined,
  );

  let body: JSX.Element;
  const error = discovery.error ?? stats.error;
  if (families === undefined || (stats.data === undefined && families.length > 0)) {
    body =
      error !== undefined ? (
        <LoadError
          what="the operations"
          error={error}
          onRetry={() => (discovery.error !== undefined ? discovery.reload() : stats.reload())}
        />
      ) : (
        <p class="tm-muted">Loading operations…</p>
      );
  } else if (families.length === 0) {
    body = (
      <EmptyState title="No tracked operations yet">
        <p>
          Wrap the units of work of your app (tool calls, jobs, workflow steps) with <code>track()</code> from{' '}
          <code>@telemeter/kits/operations</code>:
        </p>
        <CodeSample code={TRACK_EXAMPLE} />
        <p>
          Serve the registry on <code>/metrics</code> and add the app as a scrape target (see{' '}
          <a href="#/targets">Targets</a>): every operation then shows up here with its call rate, success
          rate, latency and errors.
        </p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        {(stats.data ?? []).map(({ family, rows, quantiles }) => (
          <section key={family.stem} class="tm-panel" aria-labelledby={`tm-ops-${family.stem}`}>
            <h2 id={`tm-ops-${family.stem}`} class="tm-panel__title">
              <code>{family.stem}_*</code> <span class="tm-muted">by {family.operationLabel}</span>
            </h2>
            {rows.length === 0 ? (
              <p class="tm-muted">No calls in the selected range.</p>
            ) : (
              <SortableTable
                columns={COLUMNS}
                rows={rows}
                rowKey={(r) => r.operation}
                initialSort={{ column: 'calls', direction: 'descending' }}
                caption={`Operations of ${family.stem}`}
              />
            )}
            <p class="tm-muted tm-footnote">{QUANTILE_NOTES[quantiles]}</p>
          </section>
        ))}
        {stats.error !== undefined && (
          <p class="tm-stale" role="status">
            Showing the last answer: {stats.error.message}
          </p>
        )}
      </>
    );
  }

  return (
    <div class="tm-view tm-operations">
      <header class="tm-view__header">
        <p class="tm-muted">Calls tracked with @telemeter/kits/operations, over the selected range.</p>
      </header>
      {body}
    </div>
  );
}
