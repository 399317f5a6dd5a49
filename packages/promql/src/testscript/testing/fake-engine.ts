// A stand-in engine for the runner's own tests: it understands a bare metric name (the latest
// sample within 5m, stale markers ending a series), a number literal, and two magic queries,
// `fail` (throws) and `warn <name>` (the selector plus a warning).

import { isStaleNaN, type Labels } from '@telemeter/storage';
import type { QueryResult, Series, Vector } from '../../engine/values.js';
import type { TestEngine } from '../runner.js';
import type { Queryable } from '../storage.js';

function select(queryable: Queryable, name: string, t: number): Vector {
  const querier = queryable.querier(t - 300_000, t);
  const out: Vector = [];
  for (const s of querier.select([{ type: '=', name: '__name__', value: name }])) {
    const it = s.iterator();
    let last: { t: number; v: number } | undefined;
    while (it.next()) if (it.t > t - 300_000 && it.t <= t) last = { t: it.t, v: it.v };
    if (last !== undefined && !isStaleNaN(last.v)) out.push({ labels: s.labels, t, v: last.v });
  }
  querier.close();
  return out;
}

function instant(queryable: Queryable, expr: string, t: number): QueryResult {
  if (expr === 'fail') throw new Error('query failed on purpose');
  if (/^-?\d+(\.\d+)?$/.test(expr))
    return { resultType: 'scalar', result: { t, v: Number(expr) }, warnings: [], infos: [] };
  if (expr.startsWith('warn ')) {
    return {
      resultType: 'vector',
      result: select(queryable, expr.slice(5), t),
      warnings: ['PromQL warning: careful (1:1)'],
      infos: [],
    };
  }
  return { resultType: 'vector', result: select(queryable, expr, t), warnings: [], infos: [] };
}

export const fakeEngine: TestEngine = {
  async instantQuery(queryable, expr, timeMs) {
    return instant(queryable, expr, timeMs);
  },
  async rangeQuery(queryable, expr, startMs, endMs, stepMs) {
    const bySeries = new Map<string, { labels: Labels; ts: number[]; vs: number[] }>();
    for (let t = startMs; t <= endMs; t += stepMs) {
      const r = instant(queryable, expr, t);
      const samples: Vector =
        r.resultType === 'vector'
          ? r.result
          : r.resultType === 'scalar'
            ? [{ labels: [], t, v: r.result.v }]
            : [];
      for (const s of samples) {
        const key = JSON.stringify(s.labels);
        const entry = bySeries.get(key) ?? { labels: s.labels, ts: [], vs: [] };
        entry.ts.push(t);
        entry.vs.push(s.v);
        bySeries.set(key, entry);
      }
    }
    const result: Series[] = [...bySeries.values()].map((e) => ({
      labels: e.labels,
      ts: Float64Array.from(e.ts),
      vs: Float64Array.from(e.vs),
    }));
    return { resultType: 'matrix', result, warnings: [], infos: [] };
  },
};
