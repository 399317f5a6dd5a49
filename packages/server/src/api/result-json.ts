// Query results as Prometheus's API writes them: {"resultType":…,"result":…} with every point as
// [<unix seconds>, "<value>"], numbers spelled by go-number.ts.
import type { QueryResult } from '@telemeter/promql';
import type { Labels } from '@telemeter/storage';
import { formatApiTimestamp, formatGoFloat } from './go-number.js';

/** `{"name":"value",…}` in label order (JSON.stringify of an object would put "0"-like keys first). */
export function labelsJson(labels: Labels): string {
  let out = '{';
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Labels[number];
    if (i > 0) out += ',';
    out += `${JSON.stringify(l.name)}:${JSON.stringify(l.value)}`;
  }
  return `${out}}`;
}

function pointJson(t: number, v: number): string {
  return `[${formatApiTimestamp(t)},"${formatGoFloat(v)}"]`;
}

/**
 * The `data` of a query answer. With `limit` > 0 a vector or matrix keeps its first `limit`
 * series (Prometheus's truncateResults) and `truncated` says whether any were dropped.
 */
export function queryResultJson(result: QueryResult, limit = 0): { json: string; truncated: boolean } {
  switch (result.resultType) {
    case 'scalar':
      return {
        json: `{"resultType":"scalar","result":${pointJson(result.result.t, result.result.v)}}`,
        truncated: false,
      };
    case 'string': {
      const { t, v } = result.result;
      return {
        json: `{"resultType":"string","result":[${formatApiTimestamp(t)},${JSON.stringify(v)}]}`,
        truncated: false,
      };
    }
    case 'vector': {
      const all = result.result;
      const kept = limit > 0 && all.length > limit ? all.slice(0, limit) : all;
      const items = kept.map((s) => `{"metric":${labelsJson(s.labels)},"value":${pointJson(s.t, s.v)}}`);
      return {
        json: `{"resultType":"vector","result":[${items.join(',')}]}`,
        truncated: kept.length < all.length,
      };
    }
    case 'matrix': {
      const all = result.result;
      const kept = limit > 0 && all.length > limit ? all.slice(0, limit) : all;
      const items = kept.map((s) => {
        const points: string[] = new Array(s.ts.length);
        for (let i = 0; i < s.ts.length; i++) points[i] = pointJson(s.ts[i] as number, s.vs[i] as number);
        return `{"metric":${labelsJson(s.labels)},"values":[${points.join(',')}]}`;
      });
      return {
        json: `{"resultType":"matrix","result":[${items.join(',')}]}`,
        truncated: kept.length < all.length,
      };
    }
  }
}
