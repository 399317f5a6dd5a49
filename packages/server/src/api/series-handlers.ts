// /api/v1/series, /labels and /label/<name>/values: lookups over the index, no samples decoded.
import { compareLabels, type LabelMatcher, type Labels, labelsKey, type Querier } from '@telemeter/storage';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { ApiError, badData, invalidParam } from './errors.js';
import { limitParam } from './int-params.js';
import { success, successJson } from './response.js';
import { labelsJson } from './result-json.js';
import { labelNameFromPath, parseMatchParams } from './selectors.js';
import { MAX_TIME_MS, MIN_TIME_MS, timeParam } from './time-params.js';
import type { ApiDeps } from './types.js';

const TRUNCATED = 'results truncated due to limit';

export function handleSeries(req: ApiRequest, deps: ApiDeps): ApiResponse {
  const params = req.params;
  const limit = limitParam(params);
  const selectors = params.getAll('match[]');
  if (selectors.length === 0) throw badData('no match[] parameter provided');
  const startMs = timeParam(params, 'start', MIN_TIME_MS);
  const endMs = timeParam(params, 'end', MAX_TIME_MS);
  let sets: LabelMatcher[][];
  try {
    sets = parseMatchParams(selectors);
  } catch (err) {
    if (err instanceof ApiError) throw invalidParam('match[]', err.message, err);
    throw err;
  }
  const series = withQuerier(deps, startMs, endMs, (q) => {
    const byKey = new Map<string, Labels>();
    for (const set of sets) for (const s of q.select(set)) byKey.set(labelsKey(s.labels), s.labels);
    return [...byKey.values()].sort(compareLabels);
  });
  const kept = limit > 0 && series.length > limit ? series.slice(0, limit) : series;
  return successJson(`[${kept.map(labelsJson).join(',')}]`, truncatedWarning(kept.length < series.length));
}

export function handleLabels(req: ApiRequest, deps: ApiDeps): ApiResponse {
  const { limit, startMs, endMs, sets } = lookupParams(req.params);
  const names = withQuerier(deps, startMs, endMs, (q) =>
    sets.length === 0 ? q.labelNames() : union(sets.map((set) => q.labelNames(set))),
  );
  return listAnswer(names, limit);
}

export function handleLabelValues(req: ApiRequest, deps: ApiDeps, rawName: string): ApiResponse {
  const name = labelNameFromPath(rawName);
  const { limit, startMs, endMs, sets } = lookupParams(req.params);
  const values = withQuerier(deps, startMs, endMs, (q) =>
    sets.length === 0 ? q.labelValues(name) : union(sets.map((set) => q.labelValues(name, set))),
  );
  return listAnswer(values, limit);
}

/** The shared parameters of the label endpoints; their match[] errors are not wrapped (as Prometheus). */
function lookupParams(params: URLSearchParams): {
  limit: number;
  startMs: number;
  endMs: number;
  sets: LabelMatcher[][];
} {
  const limit = limitParam(params);
  const startMs = timeParam(params, 'start', MIN_TIME_MS);
  const endMs = timeParam(params, 'end', MAX_TIME_MS);
  const sets = parseMatchParams(params.getAll('match[]'));
  return { limit, startMs, endMs, sets };
}

function withQuerier<T>(deps: ApiDeps, startMs: number, endMs: number, read: (q: Querier) => T): T {
  const q = deps.db.querier(startMs, endMs);
  try {
    return read(q);
  } finally {
    q.close();
  }
}

function union(lists: readonly string[][]): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const s of list) all.add(s);
  return [...all];
}

function listAnswer(list: string[], limit: number): ApiResponse {
  const sorted = [...list].sort();
  const kept = limit > 0 && sorted.length > limit ? sorted.slice(0, limit) : sorted;
  return success(kept, truncatedWarning(kept.length < sorted.length));
}

function truncatedWarning(truncated: boolean): { warnings: string[] } {
  return { warnings: truncated ? [TRUNCATED] : [] };
}
