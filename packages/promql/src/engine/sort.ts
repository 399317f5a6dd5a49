// sort, sort_desc, sort_by_label, sort_by_label_desc. They only order an instant query's result;
// a range query's result is always ordered by labels, which Prometheus points out with a warning.
import { compareLabels, getLabel, type Labels } from '@telemeter/storage';
import type { Call } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { evalVector } from './evaluator.js';
import type { Grid, StepSeries } from './step-values.js';

const INEFFECTIVE =
  'PromQL warning: sort is ineffective for range queries since results are always ordered by labels';

export async function evalSort(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const series = await evalVector(ctx, call.args[0]!, grid);
  if (ctx.isRangeQuery) {
    ctx.annotations.add(INEFFECTIVE, call.posRange);
    return series;
  }
  if (grid.n !== 1) return series;
  const name = call.func.name;
  if (name === 'sort' || name === 'sort_desc') {
    const sign = name === 'sort' ? 1 : -1;
    return series.slice().sort((a, b) => {
      const x = a.values[0]!;
      const y = b.values[0]!;
      // NaN sorts last in both directions.
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return x === y ? 0 : (x < y ? -1 : 1) * sign;
    });
  }
  const names: string[] = [];
  for (const arg of call.args.slice(1)) names.push(arg.type === 'StringLiteral' ? arg.value : '');
  const sign = name === 'sort_by_label' ? 1 : -1;
  return series.slice().sort((a, b) => sign * compareByLabels(a.labels, b.labels, names));
}

function compareByLabels(a: Labels, b: Labels, names: readonly string[]): number {
  for (const name of names) {
    const x = getLabel(a, name);
    const y = getLabel(b, name);
    if (x === y) continue;
    return naturalLess(x, y) ? -1 : 1;
  }
  return compareLabels(a, b);
}

const CHUNK = /(\d+|\D+)/g;

/** Natural order (facette/natsort): digit runs compare as integers, other runs as strings. */
export function naturalLess(a: string, b: string): boolean {
  const ca = a.match(CHUNK) ?? [];
  const cb = b.match(CHUNK) ?? [];
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const x = ca[i]!;
    const y = cb[i]!;
    const xn = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const yn = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(xn) && !Number.isNaN(yn)) {
      if (xn === yn) {
        if (i === ca.length - 1) return true;
        if (i === cb.length - 1) return false;
        continue;
      }
      return xn < yn;
    }
    if (x === y) {
      if (i === ca.length - 1) return true;
      if (i === cb.length - 1) return false;
      continue;
    }
    return x < y;
  }
  return false;
}
