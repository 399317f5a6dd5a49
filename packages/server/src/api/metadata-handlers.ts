// /api/v1/metadata, /targets and /targets/metadata.
import type { LabelMatcher } from '@telemeter/storage';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { ApiError, invalidParam } from './errors.js';
import { metadataLimitParam } from './int-params.js';
import { success } from './response.js';
import { matchesRecord, parseSelector } from './selectors.js';
import type { ApiDeps, TargetState } from './types.js';

/**
 * Type, help and unit per metric name, from what ingestion and scrapes recorded in the store.
 * `limit` caps the number of metrics (in name order), `limit_per_metric` the entries per metric.
 */
export function handleMetadata(req: ApiRequest, deps: ApiDeps): ApiResponse {
  const params = req.params;
  const limit = metadataLimitParam(params, 'limit');
  metadataLimitParam(params, 'limit_per_metric');
  const metric = params.get('metric') ?? '';
  const all = deps.db.metadata(metric === '' ? undefined : metric);
  const data: Record<string, { type: string; help: string; unit: string }[]> = {};
  let count = 0;
  for (const name of [...all.keys()].sort()) {
    if (limit >= 0 && count >= limit) break;
    const md = all.get(name);
    if (md === undefined) continue;
    // The store keeps one entry per metric, and Prometheus applies limit_per_metric only when it
    // is > 0, so every listed metric has its one entry; the parameter is still validated.
    data[name] = [{ type: md.type, help: md.help, unit: md.unit }];
    count++;
  }
  return success(data);
}

const STATES: readonly string[] = ['active', 'dropped', 'any'];

/** Scrape targets; `state` picks active, dropped or any (default), `scrapePool` one pool. */
export function handleTargets(req: ApiRequest, deps: ApiDeps): ApiResponse {
  const state = (req.params.get('state') ?? '').toLowerCase();
  // Prometheus answers an unknown state with both lists empty rather than an error.
  if (state !== '' && !STATES.includes(state)) return success({ activeTargets: [], droppedTargets: [] });
  const data = deps.targets((state === '' ? 'any' : state) as TargetState);
  const pool = req.params.get('scrapePool') ?? '';
  if (pool === '') return success(data);
  const inPool = (t: unknown): boolean => (t as { scrapePool?: unknown }).scrapePool === pool;
  return success({
    ...data,
    activeTargets: data.activeTargets.filter(inPool),
    droppedTargets: data.droppedTargets.filter(inPool),
  });
}

/**
 * Metadata per scrape target. `match_target` selects targets by their labels, `metric` one metric
 * (its name is then left out of each entry, as Prometheus does), `limit` caps the entries.
 */
export function handleTargetMetadata(req: ApiRequest, deps: ApiDeps): ApiResponse {
  const params = req.params;
  const limit = metadataLimitParam(params, 'limit');
  const matchTarget = params.get('match_target') ?? '';
  let matchers: LabelMatcher[] = [];
  if (matchTarget !== '') {
    try {
      matchers = parseSelector(matchTarget);
    } catch (err) {
      if (err instanceof ApiError) throw invalidParam('match_target', err.message, err);
      throw err;
    }
  }
  const metric = params.get('metric') ?? '';
  const out: Record<string, unknown>[] = [];
  for (const entry of deps.targetMetadata?.() ?? []) {
    if (limit >= 0 && out.length >= limit) break;
    if (!matchesRecord(matchers, entry.target)) continue;
    if (metric === '') {
      out.push({
        target: entry.target,
        metric: entry.metric,
        type: entry.type,
        help: entry.help,
        unit: entry.unit,
      });
    } else if (entry.metric === metric) {
      out.push({ target: entry.target, type: entry.type, help: entry.help, unit: entry.unit });
    }
  }
  return success(out);
}
