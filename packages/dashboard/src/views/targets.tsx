// #/targets: every scrape target by pool, with its health, when it was last scraped, how long that
// took and why it failed. Refreshed every few seconds; the range picker does not apply here.
import type { ActiveTarget } from '@telemeter/server';
import type { JSX } from 'preact';
import { useClients } from '../app/clients.js';
import type { TargetsResult } from '../data/api.js';
import type { TimeRange } from '../data/time-range.js';
import { formatValue } from '../format/units.js';
import { CodeSample, EmptyState } from './shared/empty-state.js';
import { LoadError } from './shared/load-error.js';
import { timeAgo } from './shared/relative-time.js';
import { useLoad } from './shared/use-load.js';
import { useNow } from './shared/use-now.js';
import { groupTargets } from './targets/group-targets.js';
import { HealthBadge } from './targets/health-badge.js';
import './views.css';

export interface TargetsViewProps {
  /** Not used: targets are shown as they are now. Accepted so every view has the same props. */
  readonly range: TimeRange;
}

const REFRESH_MS = 5_000;

export const SCRAPE_CONFIG_EXAMPLE = `# telemeter.yml
scrape_configs:
  - job_name: app
    scrape_interval: 15s
    static_configs:
      - targets: ["localhost:3000"]   # serves /metrics`;

export function TargetsView(_props: TargetsViewProps): JSX.Element {
  const { api } = useClients();
  const targets = useLoad<TargetsResult>((signal) => api.targets({ signal }), [api], REFRESH_MS);
  const now = useNow(1_000);
  const data = targets.data;

  let body: JSX.Element;
  if (data === undefined) {
    body =
      targets.error !== undefined ? (
        <LoadError what="the targets" error={targets.error} onRetry={targets.reload} />
      ) : (
        <p class="tm-muted">Loading targets…</p>
      );
  } else if (data.activeTargets.length === 0) {
    body = <AddTargetHint title="No scrape targets yet" />;
  } else {
    const pools = groupTargets(data.activeTargets);
    // telemeter scrapes itself (internal://); until something else is listed, say how to add it.
    const onlySelf = data.activeTargets.every((t) => t.scrapeUrl.startsWith('internal://'));
    body = (
      <>
        {onlySelf && <AddTargetHint title="Only telemeter’s own metrics so far" />}
        {targets.error !== undefined && (
          <p class="tm-stale" role="status">
            Showing the last answer: {targets.error.message}
          </p>
        )}
        {pools.map((pool) => (
          <section key={pool.name} class="tm-panel tm-pool" aria-labelledby={`tm-pool-${pool.name}`}>
            <h2 id={`tm-pool-${pool.name}`} class="tm-pool__title">
              {pool.name}{' '}
              <span class={`tm-pool__count${pool.up < pool.targets.length ? ' is-degraded' : ''}`}>
                {pool.up} of {pool.targets.length} up
              </span>
            </h2>
            <TargetTable targets={pool.targets} now={now} />
          </section>
        ))}
        {data.droppedTargets.length > 0 && (
          <p class="tm-muted">
            {data.droppedTargets.length} discovered target
            {data.droppedTargets.length === 1 ? ' was' : 's were'} dropped by relabeling.
          </p>
        )}
      </>
    );
  }

  return (
    <div class="tm-view tm-targets">
      <header class="tm-view__header">
        <p class="tm-muted">What telemeter scrapes, refreshed every {REFRESH_MS / 1000} s.</p>
      </header>
      {body}
    </div>
  );
}

function AddTargetHint(props: { title: string }): JSX.Element {
  return (
    <EmptyState title={props.title}>
      <p>
        telemeter scrapes the <code>/metrics</code> endpoint of every target listed under{' '}
        <code>scrape_configs</code> in <code>telemeter.yml</code>, the same way Prometheus does:
      </p>
      <CodeSample code={SCRAPE_CONFIG_EXAMPLE} />
      <p>
        Start the server with <code>telemeter serve --config telemeter.yml</code>, or, if it is running, apply
        the change with <code>kill -HUP</code> or <code>POST /-/reload</code>. Check the file first with{' '}
        <code>telemeter config check telemeter.yml</code>.
      </p>
    </EmptyState>
  );
}

function TargetTable(props: { targets: readonly ActiveTarget[]; now: number }): JSX.Element {
  return (
    <div class="tm-table-scroll">
      <table class="tm-table tm-table--cards tm-targets-table">
        {/* Fixed widths, so the columns of every pool line up. */}
        <colgroup>
          <col class="tm-col-health" />
          <col class="tm-col-endpoint" />
          <col />
          <col class="tm-col-last" />
          <col class="tm-col-duration" />
          <col class="tm-col-error" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Health</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Labels</th>
            <th scope="col">Last scrape</th>
            <th scope="col" class="tm-num">
              Duration
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {props.targets.map((t) => {
            const last = Date.parse(t.lastScrape);
            return (
              <tr key={t.scrapeUrl} class={t.health === 'down' ? 'is-down' : undefined}>
                <td data-label="Health">
                  <HealthBadge health={t.health} />
                </td>
                <td data-label="Endpoint" class="tm-break">
                  {t.scrapeUrl.startsWith('http') ? (
                    <a href={t.scrapeUrl} target="_blank" rel="noreferrer">
                      {t.scrapeUrl}
                    </a>
                  ) : (
                    t.scrapeUrl
                  )}
                </td>
                <td data-label="Labels">
                  <span class="tm-chips">
                    {Object.entries(t.labels)
                      .sort(([a], [b]) => (a < b ? -1 : 1))
                      .map(([k, v]) => (
                        <span key={k} class="tm-chip">
                          {k}="{v}"
                        </span>
                      ))}
                  </span>
                </td>
                <td data-label="Last scrape">
                  <time
                    dateTime={t.lastScrape}
                    title={Number.isNaN(last) ? undefined : new Date(last).toLocaleString()}
                  >
                    {timeAgo(Number.isNaN(last) ? undefined : last, props.now)}
                  </time>
                  <span class="tm-muted"> every {t.scrapeInterval}</span>
                </td>
                <td data-label="Duration" class="tm-num">
                  {timeAgo(last, props.now) === 'never' ? '—' : formatValue(t.lastScrapeDuration, 'seconds')}
                </td>
                <td data-label="Error" class={t.lastError === '' ? 'tm-muted' : 'tm-error-text tm-break'}>
                  {t.lastError === '' ? 'none' : t.lastError}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
