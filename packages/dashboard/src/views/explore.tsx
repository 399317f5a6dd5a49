// #/explore: type PromQL (with completion), run it with Ctrl/Cmd+Enter, see it as a chart over the
// selected range or as a table at its end. Parse errors are marked where the parser stopped.
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useClients } from '../app/clients.js';
import type { PanelUnit } from '../dashboards/definition.js';
import { ApiRequestError, type ErrorPosition, type QueryResult } from '../data/api.js';
import { historicalStep, rangeBounds, type TimeRange } from '../data/time-range.js';
import { CompletionSource } from './explore/completion-source.js';
import { ErrorMessage } from './explore/error-message.js';
import { guessUnit } from './explore/guess-unit.js';
import { QueryEditor } from './explore/query-editor.js';
import { browserStore, readHistory, rememberQuery } from './explore/query-history.js';
import { type GraphData, ResultPanel, type ResultTab } from './explore/result-panel.js';
import { toColumns } from './shared/columns.js';
import { rangeKey } from './shared/range-key.js';
import { distinctSeriesNames } from './shared/series-labels.js';
import { useLoad } from './shared/use-load.js';
import './views.css';

export interface ExploreViewProps {
  readonly range: TimeRange;
}

const TABS: readonly { id: ResultTab; label: string }[] = [
  { id: 'graph', label: 'Graph' },
  { id: 'table', label: 'Table' },
];
const UNITS: readonly PanelUnit[] = [
  'none',
  'seconds',
  'bytes',
  'bytes_per_second',
  'per_second',
  'percent',
  'ratio',
];
/** More lines than this make a legend nobody can read; the table shows them all. */
const MAX_CHART_SERIES = 60;
const LIVE_REFRESH_MS = 10_000;
const LINT_DELAY_MS = 600;
const EXAMPLES = [
  'up',
  'sum by (job) (rate(http_server_request_duration_seconds_count[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))',
];

export function ExploreView(props: ExploreViewProps): JSX.Element {
  const { api } = useClients();
  const source = useMemo(() => new CompletionSource(api), [api]);
  const store = useMemo(browserStore, []);
  const [history, setHistory] = useState(() => readHistory(store));
  const [query, setQuery] = useState(() => history[0] ?? '');
  const [ran, setRan] = useState<{ expr: string; n: number } | undefined>(undefined);
  const [tab, setTab] = useState<ResultTab>('graph');
  const [unitChoice, setUnitChoice] = useState<PanelUnit | 'auto'>('auto');
  const [lint, setLint] = useState<{ query: string; error: ApiRequestError } | undefined>(undefined);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const run = (expr = query) => {
    if (expr.trim() === '') return;
    setQuery(expr);
    setRan((r) => ({ expr, n: (r?.n ?? 0) + 1 }));
    setHistory((h) => rememberQuery(h, expr, store));
  };

  // Check the query as it is typed (format_query parses it), so errors show before running.
  useEffect(() => {
    if (query.trim() === '') return setLint(undefined);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.formatQuery(query, { signal: controller.signal }).then(
        () => setLint(undefined),
        (err: unknown) => {
          if (!controller.signal.aborted && err instanceof ApiRequestError && err.position !== undefined) {
            setLint({ query, error: err });
          }
        },
      );
    }, LINT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, api]);

  const unit = unitChoice === 'auto' ? guessUnit(ran?.expr ?? query) : unitChoice;
  const live = props.range.kind === 'live';
  const result = useLoad<GraphData | QueryResult | undefined>(
    async (signal) => {
      if (ran === undefined) return undefined;
      const { startMs, endMs } = rangeBounds(props.range, Date.now());
      if (tab === 'table') return api.query(ran.expr, live ? undefined : endMs, { signal });
      const step = historicalStep(startMs, endMs);
      // Bounds on multiples of the step: round times, and the same grid on every refresh.
      const start = Math.ceil(startMs / step) * step;
      const end = Math.floor(endMs / step) * step;
      const answer = await api.queryRange(ran.expr, start, end, step, { signal });
      const shown = answer.result.slice(0, MAX_CHART_SERIES);
      return {
        ...toColumns(shown, start, end, step),
        names: distinctSeriesNames(shown.map((s) => s.metric)),
        total: answer.result.length,
        warnings: [...answer.warnings, ...answer.infos],
      };
    },
    [ran?.expr, ran?.n, tab, rangeKey(props.range), api],
    live && ran !== undefined ? LIVE_REFRESH_MS : undefined,
  );

  const runError = result.error;
  const shownError: { error: Error; announce: boolean; title: string } | undefined =
    runError !== undefined && ran?.expr === query
      ? { error: runError, announce: true, title: 'Query failed' }
      : lint !== undefined && lint.query === query
        ? { error: lint.error, announce: false, title: 'Syntax error' }
        : undefined;
  const position: ErrorPosition | undefined =
    shownError?.error instanceof ApiRequestError ? shownError.error.position : undefined;
  const message =
    shownError?.error instanceof ApiRequestError ? shownError.error.detail : shownError?.error.message;

  const onTabKey = (e: KeyboardEvent, i: number) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = (i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    setTab((TABS[next] as { id: ResultTab }).id);
    tabRefs.current[next]?.focus();
  };

  return (
    <div class="tm-view tm-explore">
      <header class="tm-view__header">
        <p class="tm-muted">
          PromQL over the stored metrics. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs, <kbd>Ctrl</kbd>+
          <kbd>Space</kbd> suggests.
        </p>
      </header>

      <div class="tm-explore__query">
        <QueryEditor
          id="tm-query"
          value={query}
          onInput={setQuery}
          onRun={() => run()}
          source={source}
          errorPosition={position}
          describedBy={shownError !== undefined ? 'tm-query-error' : undefined}
        />
        <div class="tm-explore__actions">
          <button
            type="button"
            class="tm-button tm-button--primary"
            onClick={() => run()}
            disabled={query.trim() === ''}
          >
            Run
          </button>
          <button
            type="button"
            class="tm-button"
            disabled={query.trim() === ''}
            onClick={() => api.formatQuery(query).then(setQuery, () => {})}
          >
            Format
          </button>
          <label class="tm-field">
            <span>Unit</span>
            <select
              value={unitChoice}
              onChange={(e) => setUnitChoice(e.currentTarget.value as PanelUnit | 'auto')}
            >
              <option value="auto">auto ({unit})</option>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      {shownError !== undefined && message !== undefined && (
        <ErrorMessage
          id="tm-query-error"
          query={query}
          message={message}
          position={position}
          announce={shownError.announce}
          title={shownError.title}
        />
      )}

      <div class="tm-tabs" role="tablist" aria-label="Result view">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tm-explore-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="tm-explore-panel"
            tabIndex={tab === t.id ? 0 : -1}
            class="tm-tab"
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        id="tm-explore-panel"
        role="tabpanel"
        aria-labelledby={`tm-explore-tab-${tab}`}
        class="tm-panel tm-explore__result"
        aria-busy={result.loading}
      >
        {ran === undefined ? (
          <div class="tm-empty">
            <p>Type a query above and press Run, or start from one of these:</p>
            <ul class="tm-examples">
              {EXAMPLES.map((q) => (
                <li key={q}>
                  <button type="button" class="tm-link-button" onClick={() => run(q)}>
                    <code>{q}</code>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ResultPanel
            tab={tab}
            data={result.data}
            loading={result.loading}
            failed={runError !== undefined}
            unit={unit}
            query={ran.expr}
          />
        )}
      </div>

      <section class="tm-history" aria-labelledby="tm-history-title">
        <h2 id="tm-history-title">Recent queries</h2>
        {history.length === 0 ? (
          <p class="tm-muted">Queries you run are kept here (in this browser).</p>
        ) : (
          <ul class="tm-history__list">
            {history.map((q) => (
              <li key={q}>
                <button type="button" class="tm-link-button" title="Run this query" onClick={() => run(q)}>
                  <code>{q}</code>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
