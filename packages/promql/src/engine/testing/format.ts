// Compact renderings of query results for assertions.
import { formatLabels } from '@telemeter/storage';
import type { QueryResult } from '../values.js';

/** `{labels} value` per vector element, or `{labels} t:v t:v` per matrix series, or the scalar. */
export function render(r: QueryResult): string[] {
  switch (r.resultType) {
    case 'scalar':
      return [String(r.result.v)];
    case 'string':
      return [r.result.v];
    case 'vector':
      return r.result.map((s) => `${formatLabels(s.labels)} ${s.v}`);
    case 'matrix':
      return r.result.map(
        (s) => `${formatLabels(s.labels)} ${Array.from(s.ts, (t, i) => `${t / 1000}:${s.vs[i]}`).join(' ')}`,
      );
  }
}
