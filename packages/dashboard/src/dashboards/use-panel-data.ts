// A panel's data for the selected range: in live mode one subscription per query on the shared
// stream (updates come as the server pushes them, drawn at most once per animation frame); in a
// historical range one query_range per query.
import { useEffect, useState } from 'preact/hooks';
import { useClients } from '../app/clients.js';
import type { ApiClient, RangeSeries } from '../data/api.js';
import type { LiveClient, LiveSeriesData, LiveSubscriptionState } from '../data/live-client.js';
import { expandQuery, historicalStep, type TimeRange } from '../data/time-range.js';
import type { PanelQuery } from './definition.js';
import { fromLive, fromRange, type PanelData } from './panel-data.js';

export type PanelState =
  | { readonly status: 'loading' }
  /** `warning`: some queries failed or the newest update did; the rest is shown. */
  | { readonly status: 'ready'; readonly data: PanelData; readonly warning?: string }
  | { readonly status: 'error'; readonly error: string };

const LOADING: PanelState = { status: 'loading' };

export function usePanelData(queries: readonly PanelQuery[], range: TimeRange): PanelState {
  const { api, live } = useClients();
  const [state, setState] = useState<PanelState>(LOADING);
  const key = JSON.stringify([queries, range]);
  // `key` stands for the queries and the range (new arrays each render would re-subscribe).
  useEffect(() => {
    setState(LOADING);
    if (range.kind === 'live' && live !== undefined)
      return subscribeAll(live, queries, range.windowMs, setState);
    const now = Date.now();
    const bounds =
      range.kind === 'live'
        ? { startMs: now - range.windowMs, endMs: now }
        : { startMs: range.startMs, endMs: range.endMs };
    return fetchAll(api, queries, bounds.startMs, bounds.endMs, setState);
  }, [key, api, live]);

  return state;
}

function subscribeAll(
  live: LiveClient,
  queries: readonly PanelQuery[],
  windowMs: number,
  setState: (state: PanelState) => void,
): () => void {
  const results: LiveSubscriptionState[] = queries.map(() => ({ status: 'pending' }));
  let frame = 0;
  const flush = () => {
    frame = 0;
    setState(summarizeLive(queries, results));
  };
  const stops = queries.map((q, i) =>
    live.subscribe({ query: q.expr, rangeMs: windowMs }, (s) => {
      results[i] = s;
      if (frame === 0) frame = requestAnimationFrame(flush);
    }),
  );
  if (queries.length === 0) setState({ status: 'ready', data: fromLive([], []) });
  return () => {
    for (const stop of stops) stop();
    cancelAnimationFrame(frame);
  };
}

function summarizeLive(
  queries: readonly PanelQuery[],
  results: readonly LiveSubscriptionState[],
): PanelState {
  const problems: string[] = [];
  const data: (LiveSeriesData | undefined)[] = results.map((r) => {
    if (r.status === 'error') problems.push(r.error);
    if (r.status === 'ready' && r.warning !== undefined) problems.push(r.warning);
    return r.status === 'ready' ? r.data : undefined;
  });
  if (results.every((r) => r.status === 'error')) return { status: 'error', error: problems.join('; ') };
  if (data.every((d) => d === undefined)) return LOADING;
  const panel = fromLive(queries, data);
  return problems.length === 0
    ? { status: 'ready', data: panel }
    : { status: 'ready', data: panel, warning: problems.join('; ') };
}

function fetchAll(
  api: ApiClient,
  queries: readonly PanelQuery[],
  startMs: number,
  endMs: number,
  setState: (state: PanelState) => void,
): () => void {
  const controller = new AbortController();
  const stepMs = historicalStep(startMs, endMs);
  // Align the first point to the step, as the live stream does, so charts of one view line up.
  const alignedStart = Math.ceil(startMs / stepMs) * stepMs;
  const requests = queries.map((q) =>
    api.queryRange(expandQuery(q.expr, stepMs), alignedStart, endMs, stepMs, { signal: controller.signal }),
  );
  Promise.allSettled(requests).then((settled) => {
    if (controller.signal.aborted) return;
    const problems: string[] = [];
    const results: (readonly RangeSeries[])[] = settled.map((s) => {
      if (s.status === 'fulfilled') return s.value.result;
      problems.push(s.reason instanceof Error ? s.reason.message : String(s.reason));
      return [];
    });
    if (queries.length > 0 && problems.length === queries.length) {
      setState({ status: 'error', error: problems.join('; ') });
      return;
    }
    const data = fromRange(queries, results, alignedStart, endMs, stepMs);
    setState(
      problems.length === 0
        ? { status: 'ready', data }
        : { status: 'ready', data, warning: problems.join('; ') },
    );
  });
  return () => controller.abort();
}
